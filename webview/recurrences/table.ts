/**
 * The table of modern recurrent layers: one compact row per layer (a 24+ layer model fits on one
 * screen under a sticky header). A row's button opens that layer's pictures.
 */
import * as l10n from '@vscode/l10n';
import type { RecurrenceReport } from '../../src/core/report';
import type { RecurrenceVerdict } from '../../src/core/recurrences/stats';
import type { UnrecognisedLayer } from '../../src/core/recurrences/types';
import { fmt } from '../format';
import type { LayerView } from './layer';

export function recurrenceVerdictLabel(v: RecurrenceVerdict): string {
  switch (v) {
    case 'non-decaying':
      return l10n.t('Non-decaying');
    case 'short-memory':
      return l10n.t('Memory ≪ T');
    case 'within-horizon':
      return l10n.t('Memory within T');
  }
}

/** A half-life in steps, or — when no channel decays. */
const steps = (x: number | undefined): string => (x === undefined ? '—' : fmt(x, 4));

/** The table's column titles (the Markdown export uses them too). */
export function layerColumns(): string[] {
  return [l10n.t('Layer'), l10n.t('Kind'), l10n.t('Channels'), 'ρ = max|λ|', l10n.t('Half-life min'), l10n.t('Median'), l10n.t('Max'), l10n.t('|λ| ≥ 1'), l10n.t('Verdict')];
}

/** Layer, kind, channels, ρ, half-life min/median/max, |λ| ≥ 1 count, verdict. */
type LayerRow = [string, string, string, string, string, string, string, string, string];

/** What a layer's row says, one text per column of `layerColumns`. */
export function layerCells(v: Pick<RecurrenceReport, 'layer' | 'kind' | 'channels' | 'spectralRadius' | 'halfLife' | 'nonDecaying' | 'verdict'>): LayerRow {
  return [
    v.layer === '' ? l10n.t('(top level)') : v.layer,
    v.kind,
    String(v.channels),
    fmt(v.spectralRadius, 6),
    steps(v.halfLife?.min),
    steps(v.halfLife?.median),
    steps(v.halfLife?.max),
    String(v.nonDecaying),
    recurrenceVerdictLabel(v.verdict),
  ];
}

function cell(tr: HTMLTableRowElement, text: string, cls?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  tr.append(td);
  return td;
}

export function renderLayerTable(layers: readonly LayerView[], selected: string | null, pick: (layer: string) => void): HTMLElement {
  const box = document.createElement('div');
  box.className = 'rec-table-box';
  const table = document.createElement('table');
  table.className = 'rec-table';
  const cap = document.createElement('caption');
  cap.textContent = l10n.t('Recurrent layers: eigenvalues λ, half-lives in steps, verdict against T');
  const head = document.createElement('tr');
  for (const c of layerColumns()) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = c;
    head.append(th);
  }
  const thead = document.createElement('thead');
  thead.append(head);
  const tbody = document.createElement('tbody');
  for (const v of layers) {
    const tr = document.createElement('tr');
    tr.dataset.layer = v.layer;
    if (v.layer === selected) tr.classList.add('selected');
    const name = document.createElement('td');
    name.className = 'rec-layer';
    const [label, kind, channels, rho, hMin, hMedian, hMax, nonDecaying, verdict] = layerCells(v);
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.setAttribute('aria-pressed', String(v.layer === selected));
    name.append(b);
    tr.append(name);
    cell(tr, kind);
    for (const text of [channels, rho, hMin, hMedian, hMax]) cell(tr, text, 'num');
    cell(tr, nonDecaying, v.nonDecaying > 0 ? 'num warn' : 'num');
    cell(tr, verdict, `verdict rec-verdict-${v.verdict}`);
    tr.addEventListener('click', () => pick(v.layer));
    tbody.append(tr);
  }
  table.append(cap, thead, tbody);
  box.append(table);
  return box;
}

/** Layers that looked recurrent but were not analysed, each with its reason (never guessed). */
export function renderUnrecognised(list: readonly UnrecognisedLayer[]): HTMLElement | null {
  if (list.length === 0) return null;
  const section = document.createElement('div');
  section.className = 'rec-unrecognised';
  const h = document.createElement('h3');
  h.textContent = l10n.t('Not analysed ({0})', list.length);
  const ul = document.createElement('ul');
  for (const u of list) {
    const li = document.createElement('li');
    const name = document.createElement('code');
    name.textContent = u.layer === '' ? l10n.t('(top level)') : u.layer;
    li.append(name, document.createTextNode(`: ${u.reason}`));
    if (u.tensors.length > 0) li.title = u.tensors.join(', ');
    ul.append(li);
  }
  section.append(h, ul);
  return section;
}
