/**
 * What the editor says about an analysis that ran past its time budget ("gave up after 5 s while
 * computing ‖W^k‖ of W_hh") and the numbers it had by then. Pure: strings go through @vscode/l10n.
 */
import * as l10n from '@vscode/l10n';
import type { Activity, PartialMatrixReport, PartialReport } from '../../core/progress';
import { fmt4, type Finding } from './findings';

/** An analysis stopped at its time budget: how long it ran and what it had computed by then. */
export interface GaveUp {
  readonly budgetMs: number;
  /**
   * How long it ran, in seconds as users set budgets ("5"): the budget, or longer when the budget
   * counted from the last progress (the panel's).
   */
  readonly seconds: string;
  /** The report so far, marked incomplete; undefined when the file was still being read. */
  readonly partial?: PartialReport;
}

/** What a stopped analysis was computing, as a phrase. */
export function activityLabel(a: Activity): string {
  switch (a) {
    case 'reading':
      return l10n.t('the file');
    case 'spectrum':
      return l10n.t('the eigenvalues');
    case 'power-norms':
      return l10n.t('‖W^k‖ (the power norms)');
    case 'norms':
      return l10n.t('the singular values');
    case 'trajectory':
      return l10n.t('the gradient trajectories');
  }
}

/** "analysis gave up after 5 s while computing the eigenvalues of W_hh". */
export function gaveUpMessage(seconds: string, partial: PartialReport | undefined): string {
  if (!partial) return l10n.t('analysis gave up after {0} s', seconds);
  if (partial.activity === 'reading') return l10n.t('analysis gave up after {0} s while reading the file', seconds);
  const what = activityLabel(partial.activity);
  const m = partial.activityMatrix;
  return m !== undefined && m !== ''
    ? l10n.t('analysis gave up after {0} s while computing {1} of {2}', seconds, what, m)
    : l10n.t('analysis gave up after {0} s while computing {1}', seconds, what);
}

/** The numbers one partial matrix has, as "ρ = 1.05, σ_max = 1.3, ‖W‖_F = 4.2". */
export function partialNumbers(m: PartialMatrixReport): string {
  const parts: string[] = [];
  if (m.spectralRadius !== undefined && m.spectralRadius !== null) {
    parts.push(m.eigenvaluesConverged === false ? l10n.t('ρ ≤ {0} (did not converge)', fmt4(m.spectralRadius)) : `ρ = ${fmt4(m.spectralRadius)}`);
  } else if (m.eigenvaluesConverged === false) parts.push(l10n.t('eigenvalues: did not converge'));
  for (const g of m.gates ?? []) parts.push(l10n.t('gate {0}: ρ = {1}, σ_max = {2}', g.gate, fmt4(g.spectralRadius), fmt4(g.spectralNorm)));
  if (m.spectralNorm !== undefined && m.spectralNorm !== null) parts.push(`σ_max = ${fmt4(m.spectralNorm)}`);
  if (m.frobeniusNorm !== undefined) parts.push(`‖W‖_F = ${fmt4(m.frobeniusNorm)}`);
  return parts.length > 0 ? parts.join(', ') : l10n.t('no numbers yet');
}

/** One line per matrix the partial report knows about: name, how far it got, its numbers. */
export function partialLines(partial: PartialReport | undefined): string[] {
  if (!partial) return [];
  return partial.matrices.map((m) => {
    const name = m.name === '' ? l10n.t('the matrix') : m.name;
    const state = m.complete ? l10n.t('complete') : l10n.t('incomplete');
    return `${name} (${state}): ${partialNumbers(m)}`;
  });
}

/** The Problems panel's finding for a file whose analysis gave up (with what it had computed). */
export function gaveUpFinding(g: GaveUp): Finding {
  const partial = partialLines(g.partial);
  const so = partial.length > 0 ? ` — ${l10n.t('computed so far: {0}', partial.join('; '))}` : '';
  return { kind: 'gaveUp', message: `${gaveUpMessage(g.seconds, g.partial)}${so} ${l10n.t('(setting rnnGradientLens.timeBudget.hoverSeconds)')}` };
}
