/** Data tables: each chart's accessible alternative, and the per-gate table of a gate stack. */
import type { MatrixReport } from '../src/core/report';
import { verdictTitle } from './cards';
import { fmt, fmtLog10 } from './format';
import * as l10n from '@vscode/l10n';

export interface TableData {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const MAX_TABLE_ROWS = 1200;

export function renderTable(data: TableData, caption: string): HTMLTableElement {
  const table = document.createElement('table');
  const cap = document.createElement('caption');
  cap.textContent = caption;
  const thead = document.createElement('thead');
  const tr = document.createElement('tr');
  for (const c of data.columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = c;
    tr.append(th);
  }
  thead.append(tr);
  const tbody = document.createElement('tbody');
  for (const row of data.rows.slice(0, MAX_TABLE_ROWS)) {
    const r = document.createElement('tr');
    for (const cell of row) {
      const td = document.createElement('td');
      td.textContent = cell;
      r.append(td);
    }
    tbody.append(r);
  }
  table.append(cap, thead, tbody);
  return table;
}


/** For gate stacks: rho, sigma_max and the verdict of each gate block. */
export function renderGateTable(m: MatrixReport, scale: number): HTMLElement | null {
  if (!m.gates || m.gates.length === 0) return null;
  const c = Math.abs(scale);
  const section = document.createElement('section');
  section.className = 'gates';
  const h = document.createElement('h2');
  h.textContent = l10n.t('Gates');
  const table = renderTable(
    {
      columns: [l10n.t('Gate'), 'ρ', 'σ_max', '‖W‖_F', l10n.t('Peak ‖W^k‖'), l10n.t('Verdict')],
      rows: m.gates.map((g) => [
        g.gate,
        fmt(g.spectralRadius * c, 4),
        fmt(g.spectralNorm * c, 4),
        fmt(g.frobeniusNorm * c, 4),
        fmtLog10(Math.max(...g.log10PowerNorms.map((v, k) => (v === null ? -Infinity : v + k * Math.log10(c))))),
        verdictTitle(g.verdict),
      ]),
    },
    l10n.t('Each gate block analysed as a square matrix'),
  );
  section.append(h, table);
  return section;
}
