/** The header (file, tensor, shape, role, dtype) and the summary cards. All text via textContent. */
import type { Verdict } from '../src/core/report';
import type { Derived } from './derive';
import { fmt, fmtLog10 } from './format';
import { t } from './l10n';
import type { Model } from './state';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function verdictLabel(v: Verdict): string {
  switch (v) {
    case 'exploding':
      return t('Exploding');
    case 'vanishing':
      return t('Vanishing');
    case 'transient-growth':
      return t('Transient growth');
    case 'stable':
      return t('Stable');
  }
}

export function renderHeader(header: HTMLElement, model: Model): void {
  const m = model.selected;
  const title = el('h1', 'file');
  title.textContent = model.report.file;
  const meta = el('p', 'meta');
  const parts: [string, string][] = [
    [t('Tensor'), m.name === '' ? t('(unnamed array)') : m.name],
    [t('Shape'), `${m.shape[0]} × ${m.shape[1]}`],
    [t('Role'), m.role.toUpperCase()],
    [t('dtype'), m.dtype],
    [t('Format'), model.report.format],
  ];
  for (const [k, v] of parts) {
    const item = el('span', 'meta-item');
    item.append(el('span', 'meta-key', `${k}: `), el('span', 'meta-value', v));
    meta.append(item);
  }
  header.replaceChildren(title, meta);
}

function card(label: string, value: string, note: string, cls = ''): HTMLElement {
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
  container.replaceChildren(
    card(t('Spectral radius ρ'), d.rho === null ? t('per gate') : fmt(d.rho, 4), d.rho === null ? '' : d.rho > 1 ? t('> 1: explodes in the long run') : d.rho < 1 ? t('< 1: vanishes in the long run') : t('= 1: marginal')),
    card(t('Spectral norm σ_max'), d.sigma === null ? t('per gate') : fmt(d.sigma, 4), t('‖W‖₂, largest one-step gain')),
    card(t('Frobenius norm'), fmt(d.frobenius, 4), t('‖W‖_F')),
    card(t('Peak ‖W^k‖'), fmtLog10(d.peak.log10), t('at k = {0}', d.peak.k)),
    card(t('Verdict'), verdictLabel(d.verdict), t('over T = {0}', T), verdictCls),
    card(t('Growth over the horizon'), factor, growth === null ? t('computing…') : t('‖W^T‖ over T = {0}', T), growth !== null && growth > 0 ? 'grow' : 'decay'),
  );
}
