/**
 * A layer's eigenvalues λ: on the complex plane with the unit circle, or (the zoom near |λ| = 1)
 * against log10(1 − |λ|), one row per channel. log10 of 1 − |λ| ≤ 0 is undefined, so channels with
 * |λ| ≥ 1 sit in their own marked group right of the axis.
 */
import { Chart } from 'chart.js';
import * as l10n from '@vscode/l10n';
import { linearAxis } from '../charts/axes';
import { circle, equalAspect, type EigenChart } from '../charts/spectrum';
import { baseOptions, createFigure, refreshTable, type ChartView } from '../charts/view';
import { fmt, fmtTick } from '../format';
import type { Palette } from '../theme';
import { log10Gap, type LayerView } from './layer';

export type PlaneMode = 'plane' | 'gap';

type Point = { x: number; y: number; i: number };

function planeDatasets(v: LayerView, p: Palette) {
  const inside: Point[] = [];
  const outside: Point[] = [];
  v.eigenvalues.forEach(([re, im], i) => (Math.exp(v.logModulus[i] as number) < 1 ? inside : outside).push({ x: re, y: im, i }));
  return { inside, outside, extra: [{ label: l10n.t('Unit circle |λ| = 1'), data: circle(1), showLine: true, pointRadius: 0, borderColor: p.muted, borderWidth: 1.5, borderDash: [5, 4] }] };
}

function gapDatasets(v: LayerView) {
  const inside: Point[] = [];
  const pending: number[] = [];
  let right = -Infinity;
  v.logModulus.forEach((l, i) => {
    const g = log10Gap(l);
    if (g === null) pending.push(i);
    else {
      inside.push({ x: g, y: i, i });
      right = Math.max(right, g);
    }
  });
  // The |λ| ≥ 1 group: one decade right of the closest decaying channel (or of 1 − |λ| = 1).
  const at = (Number.isFinite(right) ? Math.ceil(right) : 0) + 1;
  return { inside, outside: pending.map((i) => ({ x: at, y: i, i })), at };
}

/** What the chart's callbacks read: the layer drawn, the mode and where the |λ| ≥ 1 group sits. */
interface PlaneState {
  layer: LayerView | null;
  at: number;
  outside: number;
}

export type PlaneView = ChartView & { mode: PlaneMode; readonly state: PlaneState };

export function createPlaneChart(p: Palette, font: string): PlaneView {
  const v = createFigure(
    'rec-plane',
    l10n.t('Eigenvalues λ of the layer'),
    l10n.t('Scatter plot of every channel\'s eigenvalue λ; in the zoom near |λ| = 1 the x axis is log10(1 − |λ|).'),
    l10n.t('Inside the unit circle a channel forgets; on or outside it never does. The zoom spreads the channels packed against |λ| = 1.'),
  );
  const state: PlaneState = { layer: null, at: 0, outside: 0 };
  const view: PlaneView = Object.assign(v, { mode: 'plane' as PlaneMode, state });
  const opts = baseOptions(p, font);
  const tick = (t: number | string): string =>
    view.mode === 'plane' ? fmt(Number(t), 3) : Number(t) === state.at && state.outside > 0 ? '|λ| ≥ 1' : fmtTick(Number(t));
  v.chart = new Chart(v.canvas, {
    type: 'scatter',
    data: { datasets: [] },
    options: {
      ...opts,
      parsing: false,
      interaction: { mode: 'nearest', intersect: true },
      // The new plot area is known only after the resize's own layout: square it on the next frame.
      onResize: (chart: Chart) =>
        requestAnimationFrame(() => {
          if (view.mode !== 'plane' || !chart.canvas) return;
          equalAspect(chart as EigenChart);
          chart.update('none');
        }),
      scales: { x: { ...linearAxis('Re λ', p), ticks: { color: p.foreground, callback: tick } }, y: linearAxis('Im λ', p) },
      plugins: {
        ...opts.plugins,
        tooltip: {
          filter: (item) => (item.dataset as { $rglPoints?: boolean }).$rglPoints === true,
          callbacks: {
            label: (item) => {
              const layer = state.layer;
              const i = (item.raw as Point).i;
              if (!layer) return '';
              const [re, im] = layer.eigenvalues[i] ?? [0, 0];
              return l10n.t('channel {0}: λ = {1} {2} {3}i, |λ| = {4}', i, fmt(re, 6), im < 0 ? '−' : '+', fmt(Math.abs(im), 4), fmt(Math.exp(layer.logModulus[i] as number), 8));
            },
          },
        },
      },
    },
  });
  return view;
}

type Scale = { min?: number; max?: number; reverse?: boolean; title: { text: string } };

export function updatePlaneChart(v: PlaneView, layer: LayerView, p: Palette): void {
  const c = v.chart as EigenChart | null;
  if (!c) return;
  const gap = v.mode === 'gap';
  const d = gap ? gapDatasets(layer) : planeDatasets(layer, p);
  v.state.layer = layer;
  v.state.at = gap ? (d as ReturnType<typeof gapDatasets>).at : 0;
  v.state.outside = d.outside.length;
  // A higher `order` is drawn first: the few |λ| ≥ 1 channels stay on top of the crowd near 1.
  const group = (label: string, data: Point[], color: string, style: 'circle' | 'triangle') => ({
    label,
    order: style === 'circle' ? 1 : 0,
    data,
    backgroundColor: color,
    borderColor: color,
    pointStyle: style,
    pointRadius: data.length > 2000 ? 1.5 : 3,
    pointHoverRadius: 6,
    $rglPoints: true,
  });
  c.data.datasets = [
    group(l10n.t('|λ| < 1 ({0})', d.inside.length), d.inside, p.series.clipped, 'circle'),
    group(l10n.t('|λ| ≥ 1 ({0})', d.outside.length), d.outside, p.series.linear, 'triangle'),
    ...(gap ? [] : (d as ReturnType<typeof planeDatasets>).extra),
  ] as typeof c.data.datasets;
  const scales = c.options.scales as Record<'x' | 'y', Scale>;
  scales.x.title.text = gap ? '1 − |λ|' : 'Re λ';
  scales.y.title.text = gap ? l10n.t('Channel') : 'Im λ';
  scales.y.reverse = gap;
  if (gap) {
    for (const s of [scales.x, scales.y]) {
      delete s.min;
      delete s.max;
    }
    scales.x.max = v.state.at + 0.5;
  } else {
    let reach = 1.1;
    for (const [re, im] of layer.eigenvalues) reach = Math.max(reach, Math.hypot(re, im) * 1.08);
    c.$rglReach = reach;
    equalAspect(c);
  }
  c.update('none');
  // New tick labels can change the plot area: square it once more.
  if (!gap) {
    equalAspect(c);
    c.update('none');
  }
  v.table = () => ({
    columns: [l10n.t('Channel'), 'Re λ', 'Im λ', '|λ|', '1 − |λ|'],
    rows: layer.eigenvalues.map(([re, im], i) => {
      const l = layer.logModulus[i] as number;
      return [String(i), fmt(re, 8), fmt(im, 6), fmt(Math.exp(l), 10), fmt(-Math.expm1(l), 4)];
    }),
  });
  refreshTable(v);
}
