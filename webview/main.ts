// Webview entry: renders the analysis report the host posts, and recomputes live as controls move.
import 'katex/dist/katex.min.css';
import './theme-defaults.css';
import './styles.css';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import type { Log10Series } from '../src/core/report';
import { isPanelState, type ExportKind, type HostMessage, type PanelControls } from '../src/panelProtocol';
import { renderCards, renderHeader } from './cards';
import { setupCharts } from './charts/setup';
import { createGradientChart, createPowerChart, recolorAxes, updateGradientChart, updatePowerChart } from './charts/lines';
import { createEigenChart, createSingularChart, updateEigenChart, updateSingularChart } from './charts/spectrum';
import { createHeatmap, updateHeatmap } from './charts/heatmap';
import { chartSnapshot, type ChartView } from './charts/view';
import { createControls, type ControlsView } from './controls';
import { Deriver, type Derived } from './derive';
import { chartToPng, chartToSvg, recurrencePageMarkdown, suggestedName, toMarkdown } from './export';
import { createFormulas, renderFormulas } from './formulas';
import { acquireHost } from './host';
import * as l10n from '@vscode/l10n';
import { configureL10n } from './l10n';
import { showLive } from './live';
import { buildPage, button, renderNotes, showStatus, type PageParts } from './page';
import { controlsFromReport, selectMatrix, toPanelState, type Model } from './state';
import { renderGateTable } from './tables';
import { renderGaveUp } from './partial';
import { renderPending, renderStopped, type PendingActions } from './pending';
import { fillPicker } from './picker';
import { readPalette, watchTheme, type Palette } from './theme';
import { createRecurrenceMount } from './recurrences/mount';
import { hasRecurrences } from './recurrences/page';

interface Views {
  readonly page: PageParts;
  readonly controls: ControlsView;
  readonly formulas: HTMLElement;
  readonly gradients: ChartView;
  readonly powers: ChartView;
  readonly eigen: ChartView;
  readonly singular: ChartView;
  readonly heatmap: ChartView;
  readonly matrixSelect: HTMLElement & { value: string };
}

const root = document.getElementById('app') ?? document.body;
const deriver = new Deriver();
let model: Model | null = null;
let views: Views | null = null;
let derived: Derived | null = null;
let palette: Palette = readPalette();
let lastRenderMs = 0;
/** The live banner's last text: the page may get it before its first report. */
let live: { readonly text: string; readonly stale: boolean } | null = null;

setupCharts();
const host = acquireHost(receive);
const recurrences = createRecurrenceMount(
  root,
  () => (model ? toPanelState(model) : null),
  (state) => {
    if (model) model = { ...model, recurrenceKind: state.recurrenceKind };
    host.setState(state);
    host.post({ type: 'setOptions', state });
  },
  (kind, report) => {
    const data = kind === 'markdown' ? recurrencePageMarkdown(report) : JSON.stringify(report, null, 2);
    host.post({ type: 'export', kind, data, suggestedName: suggestedName(report.file.split(/[\\/]/).pop() || 'report', kind === 'markdown' ? 'md' : 'json') });
  },
);

/** The recurrences section above the matrix's charts, against the controls' horizon. */
function drawRecurrences(force: boolean): void {
  if (!model || !views) return;
  const kind = model.recurrenceKind ?? null;
  recurrences.drawIn(views.page.recurrences, views.page.footer, model.report, model.controls.horizon, palette, kind, model.interactive, force);
}

function fontFamily(): string {
  return getComputedStyle(document.body).fontFamily || 'sans-serif';
}

function chartViews(v: Views): ChartView[] {
  return [v.gradients, v.powers, v.eigen, v.singular, v.heatmap];
}

function exportChart(view: ChartView, kind: 'png' | 'svg'): void {
  const chart = view.chart;
  if (!chart || !model) return;
  const title = view.figure.querySelector('h3')?.textContent ?? view.id;
  const data = kind === 'png' ? chartToPng(chart, palette.background) : chartToSvg(chart, title, palette.background, palette.foreground);
  host.post({ type: 'export', kind, data, suggestedName: suggestedName(`${model.selected.name || 'matrix'}-${view.id}`, kind) });
}

function exportReport(kind: Extract<ExportKind, 'markdown' | 'json'>): void {
  if (!model || !derived) return;
  const data = kind === 'markdown' ? toMarkdown(model, derived) : JSON.stringify(model.report, null, 2);
  host.post({ type: 'export', kind, data, suggestedName: suggestedName(model.selected.name || 'report', kind === 'markdown' ? 'md' : 'json') });
}

function build(m: Model): Views {
  palette = readPalette();
  const page = buildPage(root);
  const controls = createControls(m.controls, {
    input: (c) => setControls(c, false),
    commit: (c) => setControls(c, true),
    rescaleTarget: () => {
      // ρ of the file's W (a stack: its largest gate), times the scale the report already has.
      const m = model?.selected;
      if (!m) return null;
      const rho = m.spectralRadius ?? Math.max(0, ...(m.gates ?? []).map((g) => g.spectralRadius));
      return rho > 0 ? (0.99 * (m.scale || 1)) / rho : null;
    },
  });
  page.side.append(controls.element);
  const formulas = createFormulas();
  page.formulas.append(formulas);
  const font = fontFamily();
  const gradients = createGradientChart(palette, font);
  const powers = createPowerChart(palette, font);
  const eigen = createEigenChart(palette, font);
  const singular = createSingularChart(palette, font);
  const heatmap = createHeatmap(palette, font);
  gradients.figure.classList.add('wide');
  powers.figure.classList.add('wide');
  page.charts.append(gradients.figure, powers.figure, eigen.figure, singular.figure, heatmap.figure);

  const matrixSelect = document.createElement('vscode-single-select') as HTMLElement & { value: string };
  matrixSelect.setAttribute('aria-label', l10n.t('Matrix'));
  matrixSelect.addEventListener('change', () => {
    if (model && matrixSelect.value !== model.selected.name) host.post({ type: 'selectMatrix', name: matrixSelect.value });
  });
  page.toolbar.append(matrixSelect);
  if (m.interactive) {
    page.toolbar.append(
      ...(live ? [] : [button(l10n.t('Open file'), () => host.post({ type: 'openFile' }))]),
      button(l10n.t('Export Markdown'), () => exportReport('markdown')),
      button(l10n.t('Export JSON'), () => exportReport('json')),
    );
    for (const view of [gradients, powers, eigen, singular, heatmap]) {
      const actions = document.createElement('div');
      actions.className = 'chart-actions';
      actions.append(button('PNG', () => exportChart(view, 'png')), button('SVG', () => exportChart(view, 'svg')));
      view.figure.querySelector('.chart-head')?.append(actions);
    }
  }
  watchTheme(() => render(true));
  return { page, controls, formulas, gradients, powers, eigen, singular, heatmap, matrixSelect };
}

/** Draws everything that depends on the controls; `full` also redraws what depends only on W. */
let settlePending = false;

/**
 * Completes a deferred render (tanh curve, equations) once the input's frame is out: a plain
 * timeout would run before the browser paints, so wait for the frame, then yield once more.
 */
function scheduleSettle(): void {
  if (settlePending) return;
  settlePending = true;
  requestAnimationFrame(() => setTimeout(settle, 0));
}

function settle(): void {
  settlePending = false;
  if (!model || !views) return;
  const d = deriver.derive(model);
  derived = d;
  renderFormulas(views.formulas, model, d);
  updateGradientChart(views.gradients, d, model.controls.clipTau, model.controls.forgetBias, palette, model.selected.role, model.controls.mode);
}

/** What each part of the last render cost, in ms (for the bench). */
let lastParts: Record<string, number> = {};
/** Inputs the spectrum charts were last drawn with: skipped when a control leaves them unchanged. */
let spectrumKey = '';
let powersHorizon = '';

/** Draws everything that depends on the controls; `full` also redraws what depends only on W. */
function render(full: boolean): void {
  if (!model || !views) return;
  const start = performance.now();
  const parts: Record<string, number> = {};
  let mark = start;
  const lap = (name: string): void => {
    const now = performance.now();
    parts[name] = now - mark;
    mark = now;
  };
  if (full) {
    // The theme may have changed before this page watched it (VS Code sets the class early).
    palette = readPalette();
    for (const v of chartViews(views)) recolorAxes(v, palette);
    spectrumKey = '';
  }
  // While a control moves, the tanh curve (two more O(T n^2) passes) and the equations follow
  // one task later, so the frame right after the input shows the new linear curves at once.
  const fresh = deriver.derive(model, !full);
  const prev = derived;
  // Until then the previous tanh curve stands in (fitted to the new T), so nothing flickers.
  const fit = (s: Log10Series): Log10Series => Array.from({ length: fresh.T }, (_, i) => s[i] ?? null);
  const d =
    fresh.pending && prev
      ? { ...fresh, tanh: fit(prev.tanh), clipped: model.controls.mode === 'tanh' ? fit(prev.clipped) : fresh.clipped }
      : fresh;
  derived = d;
  lap('derive');
  renderCards(views.page.cards, d);
  if (d.pending) scheduleSettle();
  else renderFormulas(views.formulas, model, d);
  lap('equations');
  updateGradientChart(views.gradients, d, model.controls.clipTau, model.controls.forgetBias, palette, model.selected.role, model.controls.mode);
  lap('gradients');
  const key = `${model.selected.name}|${model.controls.scale}`;
  if (key !== spectrumKey || full) updatePowerChart(views.powers, d, palette, model.selected.role);
  else if (`${model.controls.horizon}` !== powersHorizon) updatePowerChart(views.powers, d, palette, model.selected.role);
  powersHorizon = `${model.controls.horizon}`;
  lap('powers');
  if (key !== spectrumKey) {
    spectrumKey = key;
    updateEigenChart(views.eigen, d, palette);
    updateSingularChart(views.singular, d, palette);
  }
  lap('spectrum');
  drawRecurrences(false);
  if (full) {
    renderHeader(views.page.header, model);
    drawRecurrences(true);
    updateHeatmap(views.heatmap, model.matrix, model.selected.gates?.map((g) => g.gate), palette);
    const gates = renderGateTable(model.selected, d.factor);
    views.page.notes.replaceChildren();
    const notesBox = document.createElement('div');
    renderNotes(notesBox, model.selected.notes, d.live ? [] : [l10n.t('Live recomputation is off for this matrix: the curves are the report\'s, for the horizon it was computed with.')]);
    if (gates) views.page.notes.append(gates);
    views.page.notes.append(notesBox);
    lap('static');
  }
  lastRenderMs = performance.now() - start;
  lastParts = parts;
}

function setControls(c: PanelControls, commit: boolean): void {
  if (!model) return;
  // A slider's `change` repeats its last `input`: draw only what actually moved.
  const same = JSON.stringify(c) === JSON.stringify(model.controls);
  model = { ...model, controls: c };
  if (!same) render(false);
  if (!commit) return;
  const state = toPanelState(model);
  host.setState(state);
  host.post({ type: 'setOptions', state });
}

function receive(msg: HostMessage): void {
  switch (msg.type) {
    case 'init':
    case 'update': {
      if (msg.type === 'init') configureL10n(msg.l10n);
      const selected = selectMatrix(msg.report, msg.state.matrix);
      if (!selected && hasRecurrences(msg.report)) {
        // A file of modern recurrent layers only: their page replaces the matrix page.
        recurrences.showAlone(msg.report, msg.state, msg.type === 'init' ? msg.interactive : (model?.interactive ?? true));
        views = null;
        model = null;
        root.setAttribute('aria-busy', 'false');
        host.setState(msg.state);
        return;
      }
      if (!selected) {
        if (views) showStatus(views.page.status, 'error', l10n.t('The file has no matrix to analyse.'));
        else root.textContent = l10n.t('The file has no matrix to analyse.');
        return;
      }
      const saved = host.getState();
      // The page owns the controls once it has them: a late 'update' must not undo a slider move.
      const controls =
        msg.type === 'update' && model && model.file === msg.state.file
          ? model.controls
          : msg.type === 'init' && isPanelState(saved) && saved.file === msg.state.file
            ? saved.controls
            : (msg.state.controls ?? controlsFromReport(msg.report, selected));
      const interactive = msg.type === 'init' ? msg.interactive : (model?.interactive ?? false);
      const matrix = msg.matrix && msg.matrix.name === selected.name ? msg.matrix : null;
      model = { report: msg.report, matrix, selected, controls, file: msg.state.file, interactive, recurrenceKind: msg.state.recurrenceKind };
      if (!views) {
        recurrences.leave();
        views = build(model);
      }
      if (live) showLive(root, live.text, live.stale, refresh);
      views.controls.set(controls);
      fillPicker(views.matrixSelect, model.report.matrices, model.selected.name);
      showStatus(views.page.status, 'none', '');
      render(true);
      root.setAttribute('aria-busy', 'false');
      host.setState(toPanelState(model));
      return;
    }
    case 'error':
      if (statusLine()) showStatus(statusLine() as HTMLElement, 'error', msg.place ? `${msg.place}: ${msg.message}` : msg.message);
      else root.textContent = msg.message;
      return;
    case 'gaveUp':
      // With an earlier report on screen, it stays; the status line and the notes say this run stopped.
      if (views) {
        showStatus(views.page.status, 'error', msg.message);
        renderGaveUp(views.page.notes, msg.message, msg.partial);
      } else renderGaveUp(root, msg.message, msg.partial);
      root.setAttribute('aria-busy', 'false');
      return;
    case 'partial':
      // Before the first report the page shows the numbers so far; after it, the old report
      // stays on screen and the status line says what the new run is computing.
      if (msg.l10n) configureL10n(msg.l10n);
      if (!views) renderPending(root, msg.partial, msg.state.matrix, pendingActions);
      return;
    case 'stopped':
      if (!views) renderStopped(root, pendingActions);
      else showStatus(views.page.status, 'none', '');
      return;
    case 'progress':
      if (statusLine()) showStatus(statusLine() as HTMLElement, msg.active ? 'progress' : 'none', msg.active ? (msg.message ?? l10n.t('Analysing…')) : '');
      root.setAttribute('aria-busy', String(msg.active));
      return;
    case 'exported':
      if (views) showStatus(views.page.status, 'none', msg.target ? l10n.t('Saved {0}', msg.target) : '');
      return;
    case 'live':
      live = { text: msg.text, stale: msg.stale };
      if (views) showLive(root, msg.text, msg.stale, refresh);
      return;
  }
}

/** Where status lines go: the matrix page's, else the recurrences page's. */
function statusLine(): HTMLElement | null {
  return views?.page.status ?? recurrences.status();
}

function refresh(): void {
  host.post({ type: 'refresh' });
}

const pendingActions: PendingActions = {
  cancel: () => host.post({ type: 'cancel' }),
  rerun: () => host.post({ type: 'rerun' }),
};

/** Read-only hook for tests and the bench: chart data, colours and the last redraw time. */
Object.defineProperty(window, '__rgl', {
  value: Object.freeze({
    charts: () => (views ? chartViews(views).map(chartSnapshot) : []),
    /** The modern recurrent layers as shown (after the Δ scale) and the selected layer's charts. */
    recurrences: () => recurrences.probe(),
    lastRenderMs: () => lastRenderMs,
    lastRenderParts: () => ({ ...lastParts }),
    /** True while a deferred part of the last render is still to be drawn. */
    settling: () => settlePending,
  }),
});

host.post({ type: 'ready' });
