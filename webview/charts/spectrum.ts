/** The eigenvalues in the complex plane (with the unit circle) and the singular values. */
import { Chart } from 'chart.js';
import type { Derived } from '../derive';
import { fmt, fmtLog10 } from '../format';
import * as l10n from '@vscode/l10n';
import type { Palette } from '../theme';
import { linearAxis, log10Axis } from './axes';
import { gateColors } from './lines';
import { baseOptions, createFigure, refreshTable, type ChartView } from './view';

export function circle(r: number): { x: number; y: number }[] {
  const pts: { x: number; y: number }[] = [];
  for (let i = 0; i <= 180; i++) {
    const a = (2 * Math.PI * i) / 180;
    pts.push({ x: r * Math.cos(a), y: r * Math.sin(a) });
  }
  return pts;
}

export type EigenChart = Chart & { $rglReach?: number };

/** One unit on x is as long as one unit on y, so the unit circle is a circle. */
export function equalAspect(c: EigenChart): void {
  const reach = c.$rglReach ?? 1.1;
  const area = c.chartArea;
  const ratio = area && area.height > 0 ? area.width / area.height : 1;
  const scales = c.options.scales as Record<string, { min?: number; max?: number }>;
  const x = scales.x;
  const y = scales.y;
  if (x) Object.assign(x, ratio >= 1 ? { min: -reach * ratio, max: reach * ratio } : { min: -reach, max: reach });
  if (y) Object.assign(y, ratio >= 1 ? { min: -reach, max: reach } : { min: -reach / ratio, max: reach / ratio });
}

export function createEigenChart(p: Palette, font: string): ChartView {
  const v = createFigure(
    'eigenvalues',
    l10n.t('Eigenvalues in the complex plane'),
    l10n.t('Scatter plot of the eigenvalues of W in the complex plane with the unit circle; points outside the circle make gradients explode.'),
    l10n.t('Outside the unit circle: modes that grow by |λ| per step. Hover a point for its value.'),
  );
  const opts = baseOptions(p, font);
  v.chart = new Chart(v.canvas, {
    type: 'scatter',
    data: { datasets: [] },
    options: {
      ...opts,
      parsing: false,
      onResize: (chart: Chart) => {
        equalAspect(chart as EigenChart);
        chart.update('none');
      },
      interaction: { mode: 'nearest', intersect: true },
      scales: {
        x: linearAxis('Re λ', p),
        y: linearAxis('Im λ', p),
      },
      plugins: {
        ...opts.plugins,
        tooltip: {
          filter: (item) => (item.dataset as { $rglPoints?: boolean }).$rglPoints === true,
          callbacks: {
            label: (c) => {
              const { x, y } = c.parsed;
              const xs = fmt(x, 4);
              const ys = fmt(Math.abs(y ?? 0), 4);
              return `λ = ${xs} ${(y ?? 0) < 0 ? '−' : '+'} ${ys}i,  |λ| = ${fmt(Math.hypot(x ?? 0, y ?? 0), 4)}`;
            },
          },
        },
      },
    },
  });
  return v;
}

export function updateEigenChart(v: ChartView, d: Derived, p: Palette): void {
  const c = v.chart as EigenChart | null;
  if (!c) return;
  const groups = d.stack
    ? d.gates.map((g, i) => ({ label: l10n.t('λ of gate {0}', g.gate), values: g.eigenvalues, color: gateColors(p)[i % 6]! }))
    : [{ label: l10n.t('Eigenvalues λ'), values: d.eigenvalues, color: p.series.linear }];
  const radius = d.rho ?? (d.gates.length > 0 ? Math.max(...d.gates.map((g) => g.rho)) : null);
  let reach = 1.1;
  for (const g of groups) for (const [re, im] of g.values) reach = Math.max(reach, Math.hypot(re, im) * 1.08);
  c.data.datasets = [
    ...groups.map((g) => ({
      label: g.label,
      data: g.values.map(([re, im]) => ({ x: re, y: im })),
      backgroundColor: g.color,
      borderColor: g.color,
      pointRadius: 3.5,
      pointHoverRadius: 6,
      $rglPoints: true,
    })),
    { label: l10n.t('Unit circle |λ| = 1'), data: circle(1), showLine: true, pointRadius: 0, borderColor: p.muted, borderWidth: 1.5, borderDash: [5, 4] },
    ...(radius !== null && Math.abs(radius - 1) > 1e-3
      ? [{ label: l10n.t('Spectral radius ρ = {0}', fmt(radius)), data: circle(radius), showLine: true, pointRadius: 0, borderColor: p.series.rho, borderWidth: 1 }]
      : []),
  ];
  c.$rglReach = reach;
  const before = c.chartArea ? c.chartArea.width / c.chartArea.height : 0;
  equalAspect(c);
  c.update('none');
  // New tick labels can change the plot area: square it again only if they did.
  const after = c.chartArea ? c.chartArea.width / c.chartArea.height : 0;
  if (Math.abs(after - before) > 0.01 * after) {
    equalAspect(c);
    c.update('none');
  }
  v.table = () => ({
    columns: [l10n.t('Set'), '#', 'Re λ', 'Im λ', '|λ|'],
    rows: groups.flatMap((g) => g.values.map(([re, im], i) => [g.label, String(i + 1), fmt(re, 6), fmt(im, 6), fmt(Math.hypot(re, im), 6)])),
  });
  refreshTable(v);
}

export function createSingularChart(p: Palette, font: string): ChartView {
  const v = createFigure(
    'singular',
    l10n.t('Singular values'),
    l10n.t('Line chart of the singular values of W in descending order on a log scale.'),
    l10n.t('σ_max = ‖W‖₂ bounds the one-step growth of any gradient; the spread shows how anisotropic W is.'),
  );
  const opts = baseOptions(p, font);
  v.chart = new Chart(v.canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      ...opts,
      parsing: false,
      scales: {
        x: linearAxis('i', p),
        y: log10Axis('σ_i', p.foreground, p.grid),
      },
      plugins: { ...opts.plugins, tooltip: { callbacks: { label: (c) => `σ_${c.parsed.x} = ${fmtLog10(c.parsed.y)}` } } },
    },
  });
  return v;
}

export function updateSingularChart(v: ChartView, d: Derived, p: Palette): void {
  const c = v.chart;
  if (!c) return;
  // A gate stack has no singular values of its own (each gate has its σ_max in the gate table).
  v.figure.hidden = d.singularValues.length === 0;
  const pts = d.singularValues.map((s, i) => ({ x: i + 1, y: s > 0 ? Math.log10(s) : null }));
  c.data.datasets = [
    { label: l10n.t('Singular values σ_i'), data: pts, borderColor: p.series.clipped, backgroundColor: p.series.clipped, pointRadius: pts.length > 64 ? 0 : 2.5, borderWidth: 2 },
  ];
  c.update('none');
  v.table = () => ({ columns: ['i', 'σ_i'], rows: d.singularValues.map((s, i) => [String(i + 1), fmt(s, 6)]) });
  refreshTable(v);
}
