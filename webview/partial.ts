/**
 * The panel's view of an analysis that ran past its time budget: the message, and a table of the
 * numbers it had computed by then, marked incomplete. All text via textContent.
 */
import * as l10n from '@vscode/l10n';
import type { PartialMatrixReport, PartialReport } from '../src/core/progress';
import { fmt, fmtLog10 } from './format';
import { renderTable } from './tables';

function rhoCell(m: PartialMatrixReport): string {
  if (m.gates && m.gates.length > 0) return m.gates.map((g) => `${g.gate}: ${fmt(g.spectralRadius, 4)}`).join(', ');
  if (m.spectralRadius === undefined || m.spectralRadius === null) return m.eigenvaluesConverged === false ? l10n.t('did not converge') : '—';
  return m.eigenvaluesConverged === false ? `≤ ${fmt(m.spectralRadius, 4)} (${l10n.t('did not converge')})` : fmt(m.spectralRadius, 4);
}

export function renderGaveUp(container: HTMLElement, message: string, partial: PartialReport | null): void {
  const box = document.createElement('section');
  box.className = 'gave-up';
  const title = document.createElement('h2');
  title.textContent = l10n.t('Incomplete analysis');
  const text = document.createElement('p');
  text.className = 'gave-up-message';
  text.setAttribute('role', 'alert');
  text.textContent = message;
  box.append(title, text);
  const rows = (partial?.matrices ?? []).map((m) => [
    m.name === '' ? l10n.t('(unnamed array)') : m.name,
    m.complete ? l10n.t('complete') : l10n.t('incomplete'),
    rhoCell(m),
    m.spectralNorm === undefined || m.spectralNorm === null ? '—' : fmt(m.spectralNorm, 4),
    m.frobeniusNorm === undefined ? '—' : fmt(m.frobeniusNorm, 4),
    m.peakPowerNorm === undefined ? '—' : `${fmtLog10(m.peakPowerNorm.log10)} (k = ${m.peakPowerNorm.k})`,
  ]);
  if (rows.length > 0) {
    const columns = [l10n.t('Tensor'), l10n.t('State'), l10n.t('Spectral radius ρ'), l10n.t('Spectral norm σ_max'), l10n.t('Frobenius norm'), l10n.t('Peak ‖W^k‖')];
    box.append(renderTable({ columns, rows }, l10n.t('Computed before the analysis stopped')));
  } else {
    const none = document.createElement('p');
    none.textContent = l10n.t('Nothing was computed before it stopped.');
    box.append(none);
  }
  container.replaceChildren(box);
}
