/** The page skeleton: header, status line, toolbar, cards, controls, equations and chart grid. */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import * as l10n from '@vscode/l10n';

export interface PageParts {
  readonly header: HTMLElement;
  readonly status: HTMLElement;
  readonly toolbar: HTMLElement;
  readonly cards: HTMLElement;
  readonly side: HTMLElement;
  readonly formulas: HTMLElement;
  readonly charts: HTMLElement;
  readonly notes: HTMLElement;
  /** The modern recurrent layers (empty when the file has none). */
  readonly recurrences: HTMLElement;
  /** Below everything: the kind picker when no modern layer was found by name. */
  readonly footer: HTMLElement;
}

/** The page's header (file and meta line) and its status line, empty. */
export function headerAndStatus(): { header: HTMLElement; status: HTMLElement } {
  const header = document.createElement('header');
  header.className = 'page-header';
  const status = document.createElement('div');
  status.className = 'status';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  return { header, status };
}

export function buildPage(root: HTMLElement): PageParts {
  const { header, status } = headerAndStatus();
  const toolbar = document.createElement('div');
  toolbar.className = 'toolbar';
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', l10n.t('Report actions'));
  const cards = document.createElement('section');
  cards.className = 'cards';
  cards.setAttribute('aria-label', l10n.t('Summary'));
  const recurrences = document.createElement('div');
  const layout = document.createElement('div');
  layout.className = 'layout';
  const side = document.createElement('aside');
  side.className = 'side';
  const main = document.createElement('div');
  main.className = 'content';
  const formulasTitle = document.createElement('h2');
  formulasTitle.textContent = l10n.t('The argument, with your numbers');
  const formulas = document.createElement('div');
  const chartsTitle = document.createElement('h2');
  chartsTitle.textContent = l10n.t('Charts');
  const charts = document.createElement('div');
  charts.className = 'chart-grid';
  const notes = document.createElement('section');
  notes.className = 'notes';
  main.append(formulasTitle, formulas, chartsTitle, charts, notes);
  layout.append(side, main);
  const footer = document.createElement('div');
  root.replaceChildren(header, status, toolbar, cards, recurrences, layout, footer);
  return { header, status, toolbar, cards, side, formulas, charts, notes, recurrences, footer };
}

export function showStatus(status: HTMLElement, kind: 'error' | 'progress' | 'none', text: string): void {
  status.className = `status status-${kind}`;
  status.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  status.textContent = text;
}

export function renderNotes(section: HTMLElement, notes: readonly string[], extra: readonly string[]): void {
  const all = [...notes, ...extra];
  if (all.length === 0) {
    section.replaceChildren();
    return;
  }
  const h = document.createElement('h2');
  h.textContent = l10n.t('Notes');
  const ul = document.createElement('ul');
  for (const n of all) {
    const li = document.createElement('li');
    li.textContent = n;
    ul.append(li);
  }
  section.replaceChildren(h, ul);
}

export function button(label: string, onClick: () => void, secondary = true): HTMLElement {
  const b = document.createElement('vscode-button');
  if (secondary) b.setAttribute('secondary', '');
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}
