/** The header (file, tensor, shape, role, dtype) and the summary cards. All text via textContent. */
import type { Verdict } from '../src/core/report';
import type { Derived } from './derive';
import { fmt, fmtLog10 } from './format';
import * as l10n from '@vscode/l10n';
import type { Model } from './state';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The verdict as a card or chart title ("Exploding"). */
export function verdictTitle(v: Verdict): string {
  switch (v) {
    case 'exploding':
      return l10n.t('Exploding');
    case 'vanishing':
      return l10n.t('Vanishing');
    case 'transient-growth':
      return l10n.t('Transient growth');
    case 'stable':
      return l10n.t('Stable');
    case 'uncertain':
      return l10n.t('Uncertain');
  }
}

export function renderHeader(header: HTMLElement, model: Model): void {
  const m = model.selected;
  const title = el('h1', 'file');
  title.textContent = model.report.file;
  const meta = el('p', 'meta');
  const parts: [string, string][] = [
    [l10n.t('Tensor'), m.name === '' ? l10n.t('(unnamed array)') : m.name],
    [l10n.t('Shape'), `${m.shape[0]} × ${m.shape[1]}`],
    [l10n.t('Role'), m.role.toUpperCase()],
    [l10n.t('dtype'), m.dtype],
    [l10n.t('Format'), model.report.format],
  ];
  for (const [k, v] of parts) {
    const item = el('span', 'meta-item');
    item.append(el('span', 'meta-key', `${k}: `), el('span', 'meta-value', v));
    meta.append(item);
  }
  header.replaceChildren(title, meta);
}

export function card(label: string, value: string, note: string, cls = ''): HTMLElement {
  const c = el('div', `card ${cls}`.trim());
  c.setAttribute('role', 'group');
  c.setAttribute('aria-label', label);
  c.append(el('div', 'card-label', label), el('div', 'card-value', value), el('div', 'card-note', note));
  return c;
}

export function renderCards(container: HTMLElement, d: Derived): void {
  const T = d.T;
  const growth = d.growth;
  const factor = growth === null ? '—' : `×${fmtLog10(growth)}`;
  const verdictCls = `verdict verdict-${d.verdict}`;
  // A gate stack has no single ρ or σ_max: show the largest gate's, and name the gate.
  const top = (pick: (g: Derived['gates'][number]) => number): { value: number; gate: string } | null =>
    d.gates.reduce<{ value: number; gate: string } | null>((best, g) => (best === null || pick(g) > best.value ? { value: pick(g), gate: g.gate } : best), null);
  const rho = d.rho !== null ? { value: d.rho, gate: '' } : top((g) => g.rho);
  const sigma = d.sigma !== null ? { value: d.sigma, gate: '' } : top((g) => g.sigma);
  const rhoNote = (r: number): string =>
    r > 1 ? l10n.t('> 1: explodes in the long run') : r < 1 ? l10n.t('< 1: vanishes in the long run') : l10n.t('= 1: marginal');
  // Without convergence the radius is an upper bound: say so where the number is.
  const rhoValue = rho === null ? '—' : (d.converged ? '' : '≤ ') + fmt(rho.value, 4);
  const rhoText = rho === null ? '' : !d.converged ? l10n.t('did not converge: an upper bound (see the notes)') : rho.gate ? l10n.t('largest gate: {0}', rho.gate) : rhoNote(rho.value);
  container.replaceChildren(
    card(l10n.t('Spectral radius ρ'), rhoValue, rhoText, d.converged ? '' : 'not-converged'),
    card(l10n.t('Spectral norm σ_max'), sigma === null ? '—' : fmt(sigma.value, 4), sigma?.gate ? l10n.t('largest gate: {0}', sigma.gate) : l10n.t('‖W‖₂, largest one-step gain')),
    card(l10n.t('Frobenius norm'), fmt(d.frobenius, 4), l10n.t('‖W‖_F')),
    card(d.stack ? l10n.t('Peak gain') : l10n.t('Peak ‖W^k‖'), fmtLog10(d.peak.log10), l10n.t('at k = {0}', d.peak.k)),
    card(l10n.t('Verdict'), verdictTitle(d.verdict), l10n.t('over T = {0}', T), verdictCls),
    card(l10n.t('Growth over the horizon'), factor, growth === null ? l10n.t('‖W^k‖ known up to k = {0}', d.powerNorms.length - 1) : l10n.t('‖W^T‖ over T = {0}', T), growth !== null && growth > 0 ? 'grow' : 'decay'),
  );
}
