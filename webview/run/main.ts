// Run page entry: a folder of checkpoints over training, live as the host reports new ones.
import '../theme-defaults.css';
import '../styles.css';
import './run.css';
import * as l10n from '@vscode/l10n';
import { isRunHostMessage, type RunHostMessage, type RunWebviewMessage } from '../../src/runProtocol';
import { setupCharts } from '../charts/setup';
import { configureL10n } from '../l10n';
import { readPalette, watchTheme, type Palette } from '../theme';
import { createGroupChart, metricTitle, updateGroupChart, type GroupChart } from './chart';
import { METRICS, RunModel, type Metric } from './model';

interface VsCodeApi {
  postMessage(msg: RunWebviewMessage): void;
  setState(state: unknown): void;
}

const acquire = (globalThis as { acquireVsCodeApi?: () => VsCodeApi }).acquireVsCodeApi;
const api: VsCodeApi | null = typeof acquire === 'function' ? acquire() : null;
const root = document.getElementById('app') ?? document.body;
const model = new RunModel();
const charts = new Map<string, GroupChart>();
let palette: Palette = readPalette();
let metric: Metric = 'rho';
let started = false;
let frame = 0;

setupCharts();

interface Parts {
  readonly title: HTMLElement;
  readonly count: HTMLElement;
  readonly progress: HTMLProgressElement;
  readonly errors: HTMLUListElement;
  readonly groups: HTMLElement;
  readonly list: HTMLOListElement;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function open(file: string): void {
  api?.postMessage({ type: 'openCheckpoint', file });
}

function buildPage(): Parts {
  root.replaceChildren();
  const title = el('h1');
  const count = el('p', 'meta run-count');
  count.setAttribute('role', 'status');
  const progress = el('progress', 'run-progress');
  progress.hidden = true;
  progress.setAttribute('aria-label', l10n.t('First scan'));
  const bar = el('div', 'toolbar');
  const label = el('label', undefined, l10n.t('Plot'));
  const select = el('select');
  select.id = 'run-metric';
  label.htmlFor = select.id;
  for (const m of METRICS) {
    const o = el('option', undefined, metricTitle(m));
    o.value = m;
    select.append(o);
  }
  select.addEventListener('change', () => {
    metric = METRICS.find((m) => m === select.value) ?? 'rho';
    schedule();
  });
  bar.append(label, select);
  const errors = el('ul', 'run-errors');
  const groups = el('section', 'run-groups');
  const details = el('details', 'run-list');
  details.append(el('summary', undefined, l10n.t('Checkpoints')));
  const list = el('ol');
  details.append(list);
  root.append(title, count, progress, bar, errors, groups, details);
  return { title, count, progress, errors, groups, list };
}

let parts: Parts | null = null;

function render(): void {
  frame = 0;
  if (!parts) return;
  const n = model.checkpoints.length;
  parts.count.textContent = n === 1 ? l10n.t('1 checkpoint') : l10n.t('{0} checkpoints', n);
  const groups = model.groups();
  const font = getComputedStyle(document.body).fontFamily || 'sans-serif';
  for (const [id, g] of charts) {
    if (groups.some((x) => x.id === id)) continue;
    g.view.chart?.destroy();
    g.view.figure.remove();
    charts.delete(id);
  }
  for (const group of groups) {
    let g = charts.get(group.id);
    if (!g) {
      g = createGroupChart(group, () => palette, font, open);
      charts.set(group.id, g);
    }
    parts.groups.append(g.view.figure);
    updateGroupChart(g, group, model, metric, palette);
  }
  parts.list.replaceChildren(
    ...model.checkpoints.map((c, i) => {
      const li = el('li');
      const b = el('button', 'link', `${c.step === null ? '—' : l10n.t('step {0}', c.step)} · ${c.file.slice(c.file.lastIndexOf('/') + 1)}`);
      b.type = 'button';
      b.addEventListener('click', () => open(c.file));
      li.append(b);
      const prev = model.checkpoints[i - 1];
      if (prev) {
        const cmp = el('button', 'link run-compare', l10n.t('compare with the one before'));
        cmp.type = 'button';
        cmp.addEventListener('click', () => api?.postMessage({ type: 'compareCheckpoints', a: prev.file, b: c.file }));
        li.append(' · ', cmp);
      }
      return li;
    }),
  );
  parts.errors.replaceChildren(...[...model.errors.values()].map((m) => el('li', 'status status-error', l10n.t('Skipped: {0}', m))));
}

function schedule(): void {
  if (frame === 0) frame = requestAnimationFrame(render);
}

function receive(msg: RunHostMessage): void {
  switch (msg.type) {
    case 'runInit':
      configureL10n(msg.l10n);
      parts = buildPage();
      parts.title.textContent = msg.folder;
      model.reset(msg.checkpoints);
      api?.setState({ folder: msg.folderUri });
      root.setAttribute('aria-busy', 'false');
      break;
    case 'runPoint':
      model.upsert(msg.checkpoint);
      break;
    case 'runRemove':
      model.remove(msg.file);
      break;
    case 'runError':
      model.errors.set(msg.file, msg.message);
      break;
    case 'runProgress':
      if (parts) {
        parts.progress.hidden = !msg.active;
        parts.progress.max = Math.max(1, msg.total);
        parts.progress.value = msg.done;
      }
      break;
  }
  schedule();
}

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  if (isRunHostMessage(e.data)) receive(e.data);
});
watchTheme((p) => {
  palette = p;
  for (const g of charts.values()) {
    g.view.chart?.destroy();
    g.view.figure.remove();
  }
  charts.clear();
  schedule();
});
if (!started) {
  started = true;
  api?.postMessage({ type: 'runReady' });
}

/** Read-only hook for tests and the bench: what each chart holds. */
Object.defineProperty(window, '__rglRun', {
  value: Object.freeze({
    points: () => model.checkpoints.length,
    charts: () =>
      [...charts.entries()].map(([id, g]) => ({
        id,
        ariaLabel: g.view.canvas.getAttribute('aria-label'),
        change: g.changeText.textContent,
        datasets: (g.view.chart?.data.datasets ?? []).map((ds) => ({
          label: ds.label ?? '',
          x: (ds.data as unknown as { x: number }[]).map((p) => p.x),
          y: (ds.data as unknown as { y: number | null }[]).map((p) => p.y),
        })),
      })),
    /** Pixel position of a point in page coordinates, for click tests. */
    pointAt: (id: string, dataset: number, index: number) => {
      const g = charts.get(id);
      const meta = g?.view.chart?.getDatasetMeta(dataset);
      const pt = meta?.data[index];
      if (!g || !pt) return null;
      const r = g.view.canvas.getBoundingClientRect();
      return { x: r.left + pt.x, y: r.top + pt.y };
    },
  }),
});
