/**
 * One chart per matrix or layer: a line per gate (or the matrix), x = step, the verdict of each
 * line as a coloured band along the bottom, and a dashed mark where a line's verdict first changed.
 * A modern layer's chart shows its half-lives instead (halfLife.ts). Clicking a point opens that
 * checkpoint.
 */
import { Chart, type Plugin } from 'chart.js';
import * as l10n from '@vscode/l10n';
import type { Verdict } from '../../src/core/report';
import { lineVerdict, type LineVerdict, type RunSeries } from '../../src/core/run/changes';
import { fmt } from '../format';
import { baseOptions, createFigure, refreshTable, type ChartView } from '../charts/view';
import { withAlpha, type Palette } from '../theme';
import { halfLifeDatasets, halfLifeTable, isRecurrenceGroup, lineLabel, lineTone } from './halfLife';
import { metricOf, type Group, type Metric, type RunModel } from './model';
import { linearAxis } from '../charts/axes';

const BAND_PX = 5;

export interface RunPoint {
  readonly x: number;
  readonly y: number | null;
  readonly file: string;
  readonly verdict: LineVerdict | null;
}

interface Marks {
  lines: readonly RunSeries[];
  xs: readonly number[];
  /** y of a reference line (1 for ρ and σ_max, 0 for log10 ‖W^T‖, none for half-lives). */
  reference: number;
}

export function verdictColor(v: Verdict, p: Palette): string {
  return v === 'exploding' ? p.series.linear : v === 'vanishing' ? p.series.clipped : v === 'transient-growth' ? p.series.bound : p.series.lstm;
}

export function metricTitle(m: Metric): string {
  return m === 'rho' ? l10n.t('spectral radius ρ') : m === 'sigma' ? l10n.t('spectral norm σ_max') : l10n.t('log10 ‖W^T‖');
}

const LINE_COLORS = (p: Palette): string[] => [p.series.linear, p.series.clipped, p.series.lstm, p.series.tanh, p.series.bound, p.series.rho];

/** Verdict bands and change marks, drawn over the plot area from the chart's own scales. */
function bandsPlugin(marks: Marks, palette: () => Palette): Plugin<'line'> {
  return {
    id: 'rglVerdictBands',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea: a, scales } = chart;
      const x = scales.x;
      if (!x || marks.xs.length === 0) return;
      const p = palette();
      const px = marks.xs.map((v) => x.getPixelForValue(v));
      ctx.save();
      marks.lines.forEach((line, k) => {
        // Under the plot, in the room the x ticks' padding leaves.
        const top = a.bottom + 2 + k * (BAND_PX + 1);
        line.points.forEach((pt, i) => {
          const v = lineVerdict(pt ?? null);
          if (v === null) return;
          const left = i === 0 ? (px[0] as number) : ((px[i - 1] as number) + (px[i] as number)) / 2;
          const right = i === px.length - 1 ? (px[i] as number) : ((px[i] as number) + (px[i + 1] as number)) / 2;
          ctx.fillStyle = withAlpha(verdictColor(lineTone(v), p), 0.75);
          ctx.fillRect(Math.max(a.left, left), top, Math.max(1, Math.min(a.right, right) - Math.max(a.left, left)), BAND_PX);
        });
      });
      const y = scales.y;
      ctx.setLineDash([2, 4]);
      ctx.strokeStyle = p.muted;
      const ry = y ? y.getPixelForValue(marks.reference) : NaN;
      if (ry >= a.top && ry <= a.bottom) {
        ctx.beginPath();
        ctx.moveTo(a.left, ry);
        ctx.lineTo(a.right, ry);
        ctx.stroke();
      }
      const seen = new Set<number>();
      ctx.setLineDash([4, 3]);
      ctx.strokeStyle = p.foreground;
      ctx.fillStyle = p.foreground;
      ctx.font = '11px sans-serif';
      for (const line of marks.lines) {
        const c = line.changes[0];
        if (!c || seen.has(c.index)) continue;
        seen.add(c.index);
        const at = px[c.index] as number;
        ctx.beginPath();
        ctx.moveTo(at, a.top);
        ctx.lineTo(at, a.bottom);
        ctx.stroke();
        ctx.fillText(`${lineLabel(c.from)} → ${lineLabel(c.to)}`, Math.min(at + 4, a.right - 120), a.top + 12);
      }
      ctx.restore();
    },
  };
}

export interface GroupChart {
  readonly view: ChartView;
  readonly marks: Marks;
  readonly changeText: HTMLElement;
}

export function createGroupChart(group: Group, palette: () => Palette, font: string, open: (file: string) => void): GroupChart {
  const view = isRecurrenceGroup(group.lines)
    ? createFigure(`run-${group.id}`, group.id, l10n.t('{0} over the run: half-lives, shortest to longest as a band, the median as a line; the band below shows the memory verdict', group.id), l10n.t('Half-life ln 2 / −ln|λ| in steps over the decaying channels. Under the plot the memory verdict (red non-decaying, blue short memory, green within the horizon); the dashed line marks the first change. Click a point to open that checkpoint.'))
    : createFigure(`run-${group.id}`, group.id, l10n.t('{0} over the run, one line per gate; the band below shows each verdict', group.id), l10n.t('Under the plot, one band per line gives its verdict (red exploding, blue vanishing, orange transient growth, green stable); the dashed line marks the first change. Click a point to open that checkpoint.'));
  const changeText = document.createElement('p');
  changeText.className = 'run-change';
  view.figure.insertBefore(changeText, view.figure.querySelector('figcaption'));
  const marks: Marks = { lines: [], xs: [], reference: 1 };
  const p = palette();
  const opts = baseOptions(p, font);
  view.chart = new Chart(view.canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      ...opts,
      parsing: false,
      elements: { point: { radius: 3, hitRadius: 8 } },
      layout: { padding: { bottom: 4 } },
      scales: {
        x: linearAxis(l10n.t('step'), p),
        y: linearAxis('', p),
      },
      onClick: (_e, elements, chart) => {
        const el = elements[0];
        const point = el ? (chart.data.datasets[el.datasetIndex]?.data[el.index] as RunPoint | undefined) : undefined;
        if (point) open(point.file);
      },
      plugins: {
        ...opts.plugins,
        tooltip: {
          callbacks: {
            label: (c) => {
              const pt = c.raw as RunPoint;
              return `${c.dataset.label ?? ''}: ${pt.y === null ? '—' : fmt(pt.y)}${pt.verdict ? ` · ${lineLabel(pt.verdict)}` : ''}`;
            },
          },
        },
      },
    },
    plugins: [bandsPlugin(marks, palette)],
  });
  return { view, marks, changeText };
}

/** Puts the group's lines for `metric` into its chart (and its table). */
export function updateGroupChart(g: GroupChart, group: Group, model: RunModel, metric: Metric, p: Palette): void {
  const chart = g.view.chart;
  if (!chart) return;
  const xs = model.checkpoints.map((_c, i) => model.x(i));
  g.marks.lines = group.lines;
  g.marks.xs = xs;
  const layers = isRecurrenceGroup(group.lines);
  g.marks.reference = layers ? Number.NaN : metric === 'growth' ? 0 : 1;
  const ticks = (chart.options.scales?.x as { ticks?: { padding?: number } } | undefined)?.ticks;
  if (ticks) ticks.padding = 4 + group.lines.length * (BAND_PX + 1);
  const colors = LINE_COLORS(p);
  const halfLives = (): typeof chart.data.datasets =>
    group.lines.flatMap((line, k) => halfLifeDatasets(line, model, colors[k % colors.length] as string)) as typeof chart.data.datasets;
  chart.data.datasets = layers ? halfLives() : group.lines.map((line, k) => ({
    label: line.gate === undefined ? line.id : line.gate,
    borderColor: colors[k % colors.length],
    backgroundColor: colors[k % colors.length],
    borderWidth: 1.5,
    data: line.points.map((pt, i) => ({ x: xs[i] as number, y: pt ? metricOf(pt, metric) : null, file: model.checkpoints[i]?.file ?? '', verdict: pt?.verdict ?? null })) as unknown as { x: number; y: number }[],
  }));
  type Titled = { title?: { text: string } } | undefined;
  const xScale = chart.options.scales?.x as Titled;
  if (xScale?.title) xScale.title.text = model.stepped ? l10n.t('step') : l10n.t('checkpoint (by modification time)');
  const yScale = chart.options.scales?.y as Titled;
  if (yScale?.title) yScale.title.text = layers ? l10n.t('half-life (steps)') : metricTitle(metric);
  chart.update();
  const first = group.lines
    .flatMap((l) => (l.changes[0] ? [{ line: l, c: l.changes[0] }] : []))
    .sort((a, b) => a.c.index - b.c.index)[0];
  g.changeText.textContent = first
    ? l10n.t('Verdict changed at {0}: {1} → {2} ({3})', first.c.step === null ? l10n.t('checkpoint {0}', first.c.index + 1) : l10n.t('step {0}', first.c.step), lineLabel(first.c.from), lineLabel(first.c.to), first.line.gate === undefined ? first.line.id : l10n.t('gate {0}', first.line.gate))
    : l10n.t('Verdict unchanged over the run.');
  g.view.table = layers ? () => halfLifeTable(group.lines, model) : () => ({
    columns: [l10n.t('step'), l10n.t('file'), ...group.lines.flatMap((l) => [`${l.gate ?? l.id}: ${metricTitle(metric)}`, `${l.gate ?? l.id}: ${l10n.t('verdict')}`])],
    rows: model.checkpoints.map((c, i) => [
      c.step === null ? '—' : String(c.step),
      c.file.slice(c.file.lastIndexOf('/') + 1),
      ...group.lines.flatMap((l) => {
        const pt = l.points[i];
        const v = pt ? metricOf(pt, metric) : null;
        return [v === null ? '—' : fmt(v), pt?.verdict ? lineLabel(pt.verdict) : '—'];
      }),
    ]),
  });
  refreshTable(g.view);
}
