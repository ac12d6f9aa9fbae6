// Compare page entry: two analysed checkpoints side by side, eigenvalues overlaid on one plane.
import '../theme-defaults.css';
import '../styles.css';
import '../run/run.css';
import { Chart } from 'chart.js';
import * as l10n from '@vscode/l10n';
import { isCompareHostMessage, type CompareHostMessage, type CompareWebviewMessage } from '../../src/compareProtocol';
import type { MatrixReport } from '../../src/core/report';
import { verdictTitle } from '../cards';
import { setupCharts } from '../charts/setup';
import { baseOptions, createFigure } from '../charts/view';
import { fmt } from '../format';
import { configureL10n } from '../l10n';
import { renderTable } from '../tables';
import { readPalette, watchTheme, type Palette } from '../theme';
import { linearAxis } from '../charts/axes';

interface VsCodeApi {
  postMessage(msg: CompareWebviewMessage): void;
}

const acquire = (globalThis as { acquireVsCodeApi?: () => VsCodeApi }).acquireVsCodeApi;
const api: VsCodeApi | null = typeof acquire === 'function' ? acquire() : null;
const root = document.getElementById('app') ?? document.body;
let palette: Palette = readPalette();
let data: CompareHostMessage | null = null;
let chart: Chart | null = null;
let selected = '';

setupCharts();

/** A line of the plane: a square matrix, or one gate of a stack (`name [f]`). */
function eigenvaluesOf(m: MatrixReport | undefined, gate: string | undefined): [number, number][] {
  if (!m) return [];
  if (gate === undefined) return m.eigenvalues;
  return m.gates?.find((g) => g.gate === gate)?.eigenvalues ?? [];
}

function choices(d: CompareHostMessage): { id: string; name: string; gate?: string }[] {
  return d.comparison.matrices.flatMap((m) => (m.gates ? m.gates.map((g) => ({ id: `${m.name} [${g.gate}]`, name: m.name, gate: g.gate })) : [{ id: m.name, name: m.name }]));
}

function circle(): { x: number; y: number }[] {
  return Array.from({ length: 181 }, (_, i) => ({ x: Math.cos((2 * Math.PI * i) / 180), y: Math.sin((2 * Math.PI * i) / 180) }));
}

function drawPlane(d: CompareHostMessage, host: HTMLElement): void {
  const pick = choices(d).find((c) => c.id === selected) ?? choices(d)[0];
  if (!pick) return;
  selected = pick.id;
  const ea = eigenvaluesOf(d.a.report.matrices.find((m) => m.name === pick.name), pick.gate);
  const eb = eigenvaluesOf(d.b.report.matrices.find((m) => m.name === pick.name), pick.gate);
  const reach = Math.max(1.1, ...[...ea, ...eb].map(([re, im]) => Math.hypot(re, im) * 1.05));
  const datasets = [
    { label: d.a.label, data: ea.map(([x, y]) => ({ x, y })), borderColor: palette.series.clipped, backgroundColor: palette.series.clipped, pointRadius: 3, showLine: false },
    { label: d.b.label, data: eb.map(([x, y]) => ({ x, y })), borderColor: palette.series.linear, backgroundColor: 'transparent', pointRadius: 4, pointStyle: 'circle', showLine: false },
    { label: l10n.t('unit circle'), data: circle(), borderColor: palette.muted, borderDash: [4, 3], pointRadius: 0, showLine: true, borderWidth: 1 },
  ];
  if (!chart) {
    const v = createFigure('compare-eigenvalues', l10n.t('Eigenvalues of both checkpoints'), l10n.t('Eigenvalues of the two checkpoints overlaid in the complex plane, with the unit circle'), l10n.t('Filled: the first file; rings: the second. Outside the unit circle a mode grows by |λ| per step.'));
    host.append(v.figure);
    const opts = baseOptions(palette, getComputedStyle(document.body).fontFamily || 'sans-serif');
    chart = new Chart(v.canvas, {
      type: 'scatter',
      data: { datasets },
      options: {
        ...opts,
        parsing: false,
        aspectRatio: 1,
        scales: {
          x: linearAxis('Re λ', palette, { min: -reach, max: reach }),
          y: linearAxis('Im λ', palette, { min: -reach, max: reach }),
        },
      },
    });
    v.table = () => ({ columns: [l10n.t('file'), 'Re λ', 'Im λ'], rows: [...ea.map(([x, y]) => [d.a.label, fmt(x), fmt(y)]), ...eb.map(([x, y]) => [d.b.label, fmt(x), fmt(y)])] });
    return;
  }
  chart.data.datasets = datasets;
  const s = chart.options.scales as Record<string, { min?: number; max?: number }>;
  Object.assign(s.x ?? {}, { min: -reach, max: reach });
  Object.assign(s.y ?? {}, { min: -reach, max: reach });
  chart.update();
}

function render(d: CompareHostMessage): void {
  configureL10n(d.l10n);
  root.replaceChildren();
  chart?.destroy();
  chart = null;
  const h1 = document.createElement('h1');
  h1.textContent = l10n.t('{0} → {1}', d.a.label, d.b.label);
  const rows = d.comparison.matrices.flatMap((m) => {
    const ra = d.a.report.matrices.find((x) => x.name === m.name);
    const rb = d.b.report.matrices.find((x) => x.name === m.name);
    const change = m.relativeChange === null ? '—' : fmt(m.relativeChange);
    const main = [m.name, fmt(ra?.spectralRadius ?? null), fmt(rb?.spectralRadius ?? null), m.deltaRadius === null ? '—' : fmt(m.deltaRadius), change, `${verdictTitle(ra?.verdict ?? 'stable')} → ${verdictTitle(rb?.verdict ?? 'stable')}`];
    const gates = (m.gates ?? []).map((g) => {
      const ga = ra?.gates?.find((x) => x.gate === g.gate);
      const gb = rb?.gates?.find((x) => x.gate === g.gate);
      return [`${m.name} [${g.gate}]`, fmt(ga?.spectralRadius ?? null), fmt(gb?.spectralRadius ?? null), fmt(g.deltaRadius), '', `${verdictTitle(ga?.verdict ?? 'stable')} → ${verdictTitle(gb?.verdict ?? 'stable')}`];
    });
    return [main, ...gates];
  });
  const table = renderTable({ columns: [l10n.t('matrix'), 'ρ (A)', 'ρ (B)', 'Δρ', '‖W_A − W_B‖_F / ‖W_A‖_F', l10n.t('verdict')], rows }, l10n.t('Per matrix: spectral radius of each file, their difference, and the relative change of the weights'));
  table.id = 'compare-table';
  const only = document.createElement('p');
  only.className = 'meta';
  const missing = [...d.comparison.onlyA.map((n) => l10n.t('only in {0}: {1}', d.a.label, n)), ...d.comparison.onlyB.map((n) => l10n.t('only in {0}: {1}', d.b.label, n))];
  only.textContent = missing.join(' · ');
  const bar = document.createElement('div');
  bar.className = 'toolbar';
  const label = document.createElement('label');
  label.textContent = l10n.t('Eigenvalues of');
  const select = document.createElement('select');
  select.id = 'compare-matrix';
  label.htmlFor = select.id;
  for (const c of choices(d)) {
    const o = document.createElement('option');
    o.value = c.id;
    o.textContent = c.id;
    select.append(o);
  }
  const plane = document.createElement('section');
  plane.className = 'compare-plane';
  select.addEventListener('change', () => {
    selected = select.value;
    drawPlane(d, plane);
  });
  bar.append(label, select);
  root.append(h1, table, only, bar, plane);
  drawPlane(d, plane);
  root.setAttribute('aria-busy', 'false');
}

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  if (!isCompareHostMessage(e.data)) return;
  data = e.data;
  render(data);
});
watchTheme((p) => {
  palette = p;
  if (data) render(data);
});
api?.postMessage({ type: 'compareReady' });

/** Read-only hook for tests: the plane's datasets. */
Object.defineProperty(window, '__rglCompare', {
  value: Object.freeze({
    plane: () => (chart?.data.datasets ?? []).map((ds) => ({ label: ds.label ?? '', size: ds.data.length })),
  }),
});
