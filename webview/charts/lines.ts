/** Line charts of log10 series: the gradient trajectories and the ||W^k|| curve. */
import { Chart } from 'chart.js';
import type { Log10Series } from '../../src/core/report';
import type { Derived } from '../derive';
import { fmtLog10 } from '../format';
import * as l10n from '@vscode/l10n';
import type { Palette } from '../theme';
import { linearAxis, log10Axis, seriesPoints } from './axes';
import { baseOptions, createFigure, refreshTable, type ChartView } from './view';

interface Line {
  readonly label: string;
  readonly data: Log10Series;
  readonly color: string;
  readonly dash?: number[];
  readonly width?: number;
  /** Bounds are drawn but do not set the y range (they can be 40 decades above the curves). */
  readonly bound?: boolean;
}

/** y range in decades from the curves themselves, padded; null when there is nothing to show. */
export function yRange(lines: readonly Line[]): { min: number; max: number } | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of lines) {
    if (l.bound) continue;
    for (const v of l.data) {
      if (v === null) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (lo === Infinity) return null;
  const pad = Math.max(0.5, 0.06 * (hi - lo));
  return { min: Math.floor(lo - pad), max: Math.ceil(hi + pad) };
}

function lineChart(view: ChartView, p: Palette, font: string, xTitle: string, yTitle: string): void {
  const opts = baseOptions(p, font);
  view.chart = new Chart(view.canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      ...opts,
      parsing: false,
      spanGaps: false,
      elements: { point: { radius: 0, hitRadius: 6 } },
      scales: {
        x: linearAxis(xTitle, p),
        y: log10Axis(yTitle, p.foreground, p.grid),
      },
      plugins: {
        ...opts.plugins,
        tooltip: { callbacks: { label: (c) => `${c.dataset.label ?? ''}: ${fmtLog10(c.parsed.y)}` } },
      },
    },
  });
}

function setLines(view: ChartView, lines: readonly Line[], x0: number, xName: string): void {
  const chart = view.chart;
  if (!chart) return;
  chart.data.datasets = lines.map((l) => ({
    label: l.label,
    data: seriesPoints(l.data, x0),
    borderColor: l.color,
    backgroundColor: l.color,
    borderWidth: l.width ?? 2,
    borderDash: l.dash ?? [],
  }));
  const y = chart.options.scales?.y as { min?: number; max?: number } | undefined;
  const range = yRange(lines);
  if (y) {
    y.min = range?.min;
    y.max = range?.max;
  }
  chart.update('none');
  view.table = () => {
    const len = Math.max(0, ...lines.map((l) => l.data.length));
    const rows: string[][] = [];
    for (let i = 0; i < len; i++) rows.push([String(x0 + i), ...lines.map((l) => (i < l.data.length ? fmtLog10(l.data[i]) : ''))]);
    return { columns: [xName, ...lines.map((l) => l.label)], rows };
  };
  refreshTable(view);
}

export function recolorAxes(view: ChartView, p: Palette): void {
  const c = view.chart;
  if (!c) return;
  c.options.color = p.foreground;
  for (const s of Object.values(c.options.scales ?? {})) {
    if (!s) continue;
    const scale = s as { grid?: { color?: string }; ticks?: { color?: string }; title?: { color?: string } };
    if (scale.grid) scale.grid.color = p.grid;
    if (scale.ticks) scale.ticks.color = p.foreground;
    if (scale.title) scale.title.color = p.foreground;
  }
  const legend = c.options.plugins?.legend;
  if (legend?.labels) legend.labels.color = p.foreground;
}

export function createGradientChart(p: Palette, font: string): ChartView {
  const v = createFigure(
    'gradients',
    l10n.t('Gradient norm ‖∂L/∂h_t‖ against t'),
    l10n.t('Line chart of the gradient norm against the time step t, on a log scale, for the linear RNN, with clipping, the tanh RNN and the LSTM cell path.'),
    l10n.t('Log scale. Steps far from the loss (small t) vanish or explode first. Ctrl+wheel zooms, drag pans, double-click resets.'),
  );
  lineChart(v, p, font, 't', '‖∂L/∂h_t‖');
  return v;
}

/** Lines with something to draw (a gate stack has no clipped or tanh curve, a bound may be absent). */
const drawable = (lines: readonly Line[]): Line[] => lines.filter((l) => l.data.some((v, i) => v !== null && i > 0));

/** Gate colours: the theme's chart colours in a fixed order. */
export function gateColors(p: Palette): string[] {
  const s = p.series;
  return [s.clipped, s.lstm, s.tanh, s.bound, s.rho, s.linear];
}

export function updateGradientChart(v: ChartView, d: Derived, tau: number, forgetBias: number, p: Palette, role: string, mode: 'linear' | 'tanh' = 'linear'): void {
  const s = p.series;
  // The chosen recurrence is drawn heavier; clipping applies to it.
  const weight = (m: 'linear' | 'tanh'): number => (m === mode ? 2.5 : 1.5);
  const first = d.stack
    ? l10n.t('{0}, full gradient (seeded forward pass)', role.toUpperCase())
    : l10n.t('Linear RNN, no clipping (eq. 1)');
  setLines(
    v,
    drawable([
      { label: first, data: d.linear, color: s.linear, width: weight('linear') },
      { label: mode === 'tanh' ? l10n.t('tanh RNN clipped at τ = {0}', tau) : l10n.t('Clipped at τ = {0}', tau), data: d.clipped, color: s.clipped },
      { label: l10n.t('tanh RNN'), data: d.tanh, color: s.tanh, width: weight('tanh') },
      { label: l10n.t('LSTM cell path, b_f = {0}', forgetBias), data: d.lstm, color: s.lstm },
      { label: l10n.t('Bound (2)–(4)'), data: d.bound, color: s.bound, dash: [6, 4], width: 1.5, bound: true },
    ]),
    1,
    't',
  );
}

export function createPowerChart(p: Palette, font: string): ChartView {
  const v = createFigure(
    'powers',
    l10n.t('‖W^k‖ against k'),
    l10n.t('Line chart of the matrix power norm against k on a log scale, with the bounds norm of W to the k and spectral radius to the k.'),
    l10n.t('‖W^k‖ always lies between ρ^k and ‖W‖^k; a bump above 1 while ρ < 1 is transient growth.'),
  );
  lineChart(v, p, font, 'k', '‖W^k‖₂');
  return v;
}

export function updatePowerChart(v: ChartView, d: Derived, p: Palette, role: string): void {
  const colors = gateColors(p);
  const main = d.stack ? l10n.t('Gain of the seeded {0} over k steps', role.toUpperCase()) : '‖W^k‖₂';
  setLines(
    v,
    drawable([
      { label: main, data: d.powerNorms, color: p.series.linear, width: 2.5 },
      { label: '‖W‖₂^k', data: d.normPowers, color: p.series.bound, dash: [6, 4], width: 1.5, bound: true },
      { label: 'ρ(W)^k', data: d.rhoPowers, color: p.series.rho, dash: [2, 3], width: 1.5 },
      ...d.gates.map((g, i) => ({ label: l10n.t('‖W_{0}^k‖₂ (gate {0})', g.gate), data: g.powerNorms, color: colors[i % colors.length]!, dash: [4, 3], width: 1.5 })),
    ]),
    0,
    'k',
  );
}
