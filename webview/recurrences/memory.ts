/**
 * How long a layer remembers: the histogram of its channels' half-lives (log axis) against the
 * horizon T, and the gain |λ|^(T−t) through time as quantile bands over the channels.
 */
import { Chart } from 'chart.js';
import * as l10n from '@vscode/l10n';
import { GAIN_QUANTILES } from '../../src/core/recurrences/stats';
import { linearAxis, log10Axis } from '../charts/axes';
import { baseOptions, createFigure, refreshTable, type ChartView } from '../charts/view';
import { fmt, fmtLog10 } from '../format';
import { withAlpha, type Palette } from '../theme';
import { halfLifeOf, type LayerView } from './layer';

const BINS_PER_DECADE = 4;

/** Counts of log10 half-lives in bins of 1/BINS_PER_DECADE decade, spanning the data and T. */
export function halfLifeBins(layer: LayerView): { edges: number[]; counts: number[] } {
  const logs: number[] = [];
  for (const l of layer.logModulus) {
    const h = halfLifeOf(l);
    if (h !== null) logs.push(Math.log10(h));
  }
  const T = Math.log10(layer.horizon);
  const lo = Math.floor(Math.min(T, ...logs) * BINS_PER_DECADE) / BINS_PER_DECADE;
  const hi = Math.ceil((Math.max(T, ...logs) + 1e-9) * BINS_PER_DECADE) / BINS_PER_DECADE;
  const n = Math.max(1, Math.min(400, Math.round((hi - lo) * BINS_PER_DECADE)));
  const counts = new Array<number>(n).fill(0);
  for (const x of logs) {
    const b = Math.min(n - 1, Math.max(0, Math.floor((x - lo) * BINS_PER_DECADE)));
    counts[b] = (counts[b] as number) + 1;
  }
  return { edges: Array.from({ length: n + 1 }, (_, i) => lo + i / BINS_PER_DECADE), counts };
}

/** A line chart of unparsed {x, y} points in a new figure, with the panel's shared options. */
function lineFigure(p: Palette, font: string, texts: readonly [string, string, string, string], scales: Record<'x' | 'y', object>): ChartView {
  const v = createFigure(...texts);
  v.chart = new Chart(v.canvas, { type: 'line', data: { datasets: [] }, options: { ...baseOptions(p, font), parsing: false, scales } });
  return v;
}

export function createHalfLifeChart(p: Palette, font: string): ChartView {
  return lineFigure(
    p,
    font,
    [
      'rec-halflife',
      l10n.t('Half-lives against the horizon T'),
      l10n.t('Histogram of the channels\' half-lives ln 2 / −ln|λ| in steps on a log axis, with the horizon T marked.'),
      l10n.t('Channels left of T forget within the sequence; channels with |λ| ≥ 1 never forget and are not in the histogram.'),
    ],
    { x: log10Axis(l10n.t('Half-life (steps)'), p.foreground, p.grid), y: { ...linearAxis(l10n.t('Channels'), p), beginAtZero: true } },
  );
}

export function updateHalfLifeChart(v: ChartView, layer: LayerView, p: Palette): void {
  const c = v.chart;
  if (!c) return;
  const { edges, counts } = halfLifeBins(layer);
  const steps = counts.flatMap((n, i) => [{ x: edges[i] as number, y: n }, { x: edges[i + 1] as number, y: n }]);
  const top = Math.max(1, ...counts);
  const T = Math.log10(layer.horizon);
  c.data.datasets = [
    { label: l10n.t('Channels per bin ({0} decaying, {1} with |λ| ≥ 1)', layer.channels - layer.nonDecaying, layer.nonDecaying), data: steps, borderColor: p.series.clipped, backgroundColor: withAlpha(p.series.clipped, 0.33), fill: 'origin', pointRadius: 0, borderWidth: 1.5 },
    { label: `T = ${layer.horizon}`, data: [{ x: T, y: 0 }, { x: T, y: top }], borderColor: p.series.bound, borderDash: [6, 4], pointRadius: 0, borderWidth: 2 },
  ];
  c.update('none');
  v.table = () => ({
    columns: [l10n.t('Half-life from'), l10n.t('to'), l10n.t('Channels')],
    rows: counts.map((n, i) => [fmt(10 ** (edges[i] as number), 3), fmt(10 ** (edges[i + 1] as number), 3), String(n)]),
  });
  refreshTable(v);
}

const QUANTILE_LABELS = (): Record<number, string> => ({
  0: l10n.t('Fastest channel'),
  0.1: l10n.t('10th percentile'),
  0.5: l10n.t('Median channel'),
  0.9: l10n.t('90th percentile'),
  1: l10n.t('Slowest channel (ρ)'),
});

export function createGainChart(p: Palette, font: string): ChartView {
  return lineFigure(
    p,
    font,
    [
      'rec-gain',
      l10n.t('Gain |λ|^(T−t) through time'),
      l10n.t('Line chart of the gain |λ|^(T−t) that carries the gradient from step T back to step t, as quantiles over the channels, on a log axis.'),
      l10n.t('The band between the 10th and 90th percentiles holds most channels; the top line is the slowest channel, whose gain bounds them all.'),
    ],
    { x: linearAxis('t', p), y: log10Axis('|λ|^(T−t)', p.foreground, p.grid) },
  );
}

export function updateGainChart(v: ChartView, layer: LayerView, p: Palette): void {
  const c = v.chart;
  if (!c) return;
  const labels = QUANTILE_LABELS();
  const colors = [p.muted, p.series.clipped, p.series.tanh, p.series.clipped, p.series.linear];
  c.data.datasets = layer.gain.log10Gain.map((s, k) => {
    const q = GAIN_QUANTILES[k] as number;
    return {
      label: labels[q] ?? `q = ${q}`,
      data: s.map((y, t) => ({ x: t + 1, y })),
      borderColor: colors[k % colors.length] as string,
      backgroundColor: withAlpha(p.series.clipped, 0.2),
      // Fill the 10th–90th percentile band (dataset 1 up to dataset 3).
      fill: q === 0.1 ? '+2' : false,
      borderWidth: q === 0.5 ? 2.5 : 1.5,
      borderDash: q === 0 || q === 1 ? [4, 3] : [],
      pointRadius: 0,
    };
  });
  c.update('none');
  v.table = () => ({
    columns: ['t', ...layer.gain.quantiles.map((q) => labels[q] ?? `q = ${q}`)],
    rows: Array.from({ length: layer.horizon }, (_, t) => [String(t + 1), ...layer.gain.log10Gain.map((s) => fmtLog10(s[t] ?? null))]),
  });
  refreshTable(v);
}
