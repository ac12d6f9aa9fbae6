/**
 * The page while an analysis runs: ρ, σ_max and the long-run class as soon as the worker has
 * them, a progress bar with a Cancel button, and placeholders where the curves will be drawn.
 * The full report replaces all of it. All text via textContent.
 */
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import * as l10n from '@vscode/l10n';
import type { Activity, PartialMatrixReport, PartialReport } from '../src/core/progress';
import { STAGES } from '../src/core/progress';
import type { AsymptoticClass } from '../src/core/report';
import { card } from './cards';
import { fmt } from './format';
import { button } from './page';

export interface PendingActions {
  readonly cancel: () => void;
  readonly rerun: () => void;
}

function asymptoticLabel(a: AsymptoticClass): string {
  switch (a) {
    case 'exploding':
      return l10n.t('Exploding');
    case 'vanishing':
      return l10n.t('Vanishing');
    case 'marginal':
      return l10n.t('Marginal');
  }
}

function activityText(a: Activity, matrix: string | undefined): string {
  const name = matrix === undefined || matrix === '' ? l10n.t('(unnamed array)') : matrix;
  switch (a) {
    case 'reading':
      return l10n.t('Reading the file…');
    case 'spectrum':
      return l10n.t('Computing the eigenvalues of {0}…', name);
    case 'power-norms':
      return l10n.t('Computing ‖W^k‖ (the power norms) of {0}…', name);
    case 'norms':
      return l10n.t('Computing the singular values of {0}…', name);
    case 'trajectory':
      return l10n.t('Computing the gradient trajectory of {0}…', name);
  }
}

/** The matrix the page is about: the one the panel selected, else the first one started. */
function shown(p: PartialReport, selected: string): PartialMatrixReport | undefined {
  return p.matrices.find((m) => m.name === selected) ?? p.matrices[0];
}

/** Stages finished (and the running one's share done) over stages to run, over every matrix the file has. */
function fraction(p: PartialReport): number {
  const total = Math.max(p.matrixCount ?? p.matrices.length, p.matrices.length, 1) * STAGES.length;
  const done = p.matrices.reduce((s, m) => s + (m.complete ? STAGES.length : m.stages.length + (m.stageDone ?? 0)), 0);
  return Math.min(1, done / total);
}

function largestGate(m: PartialMatrixReport, pick: 'spectralRadius' | 'spectralNorm'): { value: number; gate: string } | null {
  let best: { value: number; gate: string } | null = null;
  for (const g of m.gates ?? []) if (best === null || g[pick] > best.value) best = { value: g[pick], gate: g.gate };
  return best;
}

function cards(m: PartialMatrixReport | undefined): HTMLElement {
  const box = document.createElement('section');
  box.className = 'cards';
  box.setAttribute('aria-label', l10n.t('Summary'));
  const wait = l10n.t('computing…');
  const rho = m?.spectralRadius ?? null;
  const sigma = m?.spectralNorm ?? null;
  const rhoGate = m && rho === null ? largestGate(m, 'spectralRadius') : null;
  const sigmaGate = m && sigma === null ? largestGate(m, 'spectralNorm') : null;
  const rhoValue = rho !== null ? (m?.eigenvaluesConverged === false ? '≤ ' : '') + fmt(rho, 4) : rhoGate ? fmt(rhoGate.value, 4) : '—';
  const sigmaValue = sigma !== null ? fmt(sigma, 4) : sigmaGate ? fmt(sigmaGate.value, 4) : '—';
  const a = m?.asymptotic;
  box.append(
    card(l10n.t('Spectral radius ρ'), rhoValue, rhoGate ? l10n.t('largest gate: {0}', rhoGate.gate) : rho === null ? wait : ''),
    card(l10n.t('Spectral norm σ_max'), sigmaValue, sigmaGate ? l10n.t('largest gate: {0}', sigmaGate.gate) : sigma === null ? wait : l10n.t('‖W‖₂, largest one-step gain')),
    card(l10n.t('In the long run'), a ? asymptoticLabel(a) : '—', a ? l10n.t('from ρ alone; the verdict over T needs ‖W^k‖') : wait, a ? `verdict verdict-${a}` : 'verdict'),
  );
  return box;
}

function placeholders(text: string): HTMLElement {
  const grid = document.createElement('div');
  grid.className = 'chart-grid pending-charts';
  for (const title of [l10n.t('Gradient norm ‖∂L/∂h_t‖ against t'), l10n.t('‖W^k‖ against k')]) {
    const fig = document.createElement('figure');
    fig.className = 'chart wide chart-pending';
    const h = document.createElement('h3');
    h.textContent = title;
    const p = document.createElement('p');
    p.className = 'chart-placeholder';
    p.textContent = text;
    fig.append(h, p);
    grid.append(fig);
  }
  return grid;
}

/** Draws the running analysis into `root` (replacing what was there). */
export function renderPending(root: HTMLElement, p: PartialReport, selected: string, actions: PendingActions): void {
  const m = shown(p, selected);
  const header = document.createElement('header');
  header.className = 'page-header';
  const title = document.createElement('h1');
  title.className = 'file';
  title.textContent = p.file;
  header.append(title);
  if (m) {
    const meta = document.createElement('p');
    meta.className = 'meta';
    meta.textContent = `${m.name === '' ? l10n.t('(unnamed array)') : m.name} · ${m.shape[0]} × ${m.shape[1]} · ${m.role.toUpperCase()}`;
    header.append(meta);
  }
  const progress = document.createElement('section');
  progress.className = 'pending-progress';
  progress.setAttribute('aria-label', l10n.t('Analysis progress'));
  const bar = document.createElement('vscode-progress-bar');
  bar.max = 1;
  bar.value = fraction(p);
  bar.setAttribute('aria-label', l10n.t('Analysis progress'));
  const text = document.createElement('p');
  text.className = 'pending-activity';
  text.setAttribute('role', 'status');
  text.textContent = activityText(p.activity, p.activityMatrix);
  progress.append(bar, text, button(l10n.t('Cancel'), actions.cancel));
  root.replaceChildren(header, cards(m), progress, placeholders(l10n.t('Drawn when ‖W^k‖ and the trajectory are computed.')));
  root.setAttribute('aria-busy', 'true');
}

/** After Cancel: the numbers stay, the bar goes, the placeholders say the curves were not computed. */
export function renderStopped(root: HTMLElement, actions: PendingActions): void {
  const progress = root.querySelector('.pending-progress');
  if (!progress) return;
  const text = document.createElement('p');
  text.className = 'pending-activity';
  text.setAttribute('role', 'status');
  text.textContent = l10n.t('Analysis cancelled.');
  progress.replaceChildren(text, button(l10n.t('Analyse again'), actions.rerun));
  for (const p of root.querySelectorAll('.chart-placeholder')) p.textContent = l10n.t('Not computed: the analysis was cancelled.');
  root.setAttribute('aria-busy', 'false');
}
