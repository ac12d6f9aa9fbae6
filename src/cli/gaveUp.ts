/** What the CLI prints when an analysis gives up at its --timeout: one stderr line, and the partial numbers. */
import type { Activity, PartialMatrixReport, PartialReport } from '../core/progress';
import { fmtNum, fmtPow10 } from './numbers';

const ACTIVITY: Record<Activity, string> = {
  reading: 'reading the file',
  spectrum: 'the eigenvalues',
  'power-norms': '‖W^k‖ (the power norms)',
  norms: 'the singular values',
  trajectory: 'the gradient trajectories',
};

/** "gave up after 120 s while computing the eigenvalues of 'W_hh'". */
export function gaveUpLine(seconds: number, partial: PartialReport): string {
  if (partial.activity === 'reading') return `gave up after ${seconds} s while reading the file`;
  const m = partial.activityMatrix;
  const of = m !== undefined ? ` of ${m === '' ? 'the matrix' : `'${m}'`}` : '';
  return `gave up after ${seconds} s while computing ${ACTIVITY[partial.activity]}${of}`;
}

function numbers(m: PartialMatrixReport): string {
  const parts: string[] = [];
  if (m.spectralRadius !== undefined && m.spectralRadius !== null) {
    parts.push(m.eigenvaluesConverged === false ? `ρ ≤ ${fmtNum(m.spectralRadius)} (did not converge)` : `ρ = ${fmtNum(m.spectralRadius)}`);
  } else if (m.eigenvaluesConverged === false) parts.push('eigenvalues did not converge');
  for (const g of m.gates ?? []) parts.push(`${g.gate}: ρ = ${fmtNum(g.spectralRadius)}`);
  if (m.spectralNorm !== undefined && m.spectralNorm !== null) parts.push(`σ_max = ${fmtNum(m.spectralNorm)}`);
  if (m.frobeniusNorm !== undefined) parts.push(`‖W‖_F = ${fmtNum(m.frobeniusNorm)}`);
  if (m.peakPowerNorm !== undefined) parts.push(`peak ‖W^k‖ = ${fmtPow10(m.peakPowerNorm.log10)} at k = ${m.peakPowerNorm.k}`);
  return parts.length > 0 ? parts.join(', ') : 'no numbers yet';
}

/** The text report of a run that gave up: what each matrix had when it stopped. */
export function formatPartial(partial: PartialReport, seconds: number): string {
  const lines = [`${partial.file}: INCOMPLETE — ${gaveUpLine(seconds, partial)}`];
  for (const m of partial.matrices) {
    const name = m.name === '' ? '(unnamed)' : m.name;
    lines.push(`  ${name} [${m.shape[0]}×${m.shape[1]}] ${m.complete ? `complete, ${m.verdict ?? ''}`.replace(/, $/, '') : 'incomplete'}: ${numbers(m)}`);
  }
  return lines.join('\n') + '\n';
}
