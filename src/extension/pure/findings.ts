/**
 * Turns a report into the findings the Problems panel lists: each with a kind (its severity is a
 * setting), a message that carries the numbers, and which matrix it is about. Pure (no vscode):
 * strings go through @vscode/l10n, which the host configures with VS Code's bundle.
 */
import * as l10n from '@vscode/l10n';
import type { MatrixReport } from '../../core/report';

export type FindingKind = 'exploding' | 'vanishing' | 'transientGrowth' | 'uncertain' | 'tanhCondition' | 'notConverged' | 'nonDecaying' | 'shortMemory' | 'nonFinite' | 'unreadable' | 'gaveUp';

export const FINDING_KINDS: readonly FindingKind[] = ['exploding', 'vanishing', 'transientGrowth', 'uncertain', 'tanhCondition', 'notConverged', 'nonDecaying', 'shortMemory', 'nonFinite', 'unreadable', 'gaveUp'];

export interface Finding {
  readonly kind: FindingKind;
  readonly message: string;
  /** The matrix the finding is about; undefined for a refusal of the whole file. */
  readonly matrix?: string;
}

/** `digits` significant digits, without exponent for ordinary magnitudes, else 1.234e-07. */
export function significant(x: number, digits: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e6) return String(Number(x.toPrecision(digits)));
  return x.toExponential(digits - 1).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** 4 significant digits: the editor's texts. */
export const fmt4 = (x: number): string => significant(x, 4);

/** 10^l as `8.3e+01`, without forming the power (l may be far beyond float64). */
export function pow10(l: number | null): string {
  if (l === null) return '0';
  let e = Math.floor(l);
  let m = Math.round(10 ** (l - e) * 10) / 10;
  if (m >= 10) {
    m = 1;
    e += 1;
  }
  const sign = e < 0 ? '-' : '+';
  return `${m.toFixed(1)}e${sign}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** The radius to quote: the matrix's own, or the largest gate's for a gate stack. */
export function leadingRadius(m: MatrixReport): { rho: number; gate?: string } | undefined {
  if (m.spectralRadius !== null) return { rho: m.spectralRadius };
  let best: { rho: number; gate: string } | undefined;
  for (const g of m.gates ?? []) if (!best || g.spectralRadius > best.rho) best = { rho: g.spectralRadius, gate: g.gate };
  return best;
}

function rhoText(m: MatrixReport): string {
  const r = leadingRadius(m);
  if (!r) return 'ρ = ?';
  return r.gate !== undefined ? l10n.t('gate {0}: ρ = {1}', r.gate, r.rho.toFixed(3)) : `ρ = ${r.rho.toFixed(3)}`;
}

/** Findings about one analysed matrix (none for a stable one). */
export function matrixFindings(m: MatrixReport, horizon: number, named: boolean): Finding[] {
  const prefix = named && m.name !== '' ? `${m.name}: ` : '';
  const out: Finding[] = [];
  const rho = rhoText(m);
  const growth = pow10(m.log10GrowthAtHorizon);
  switch (m.verdict) {
    case 'exploding':
      out.push({ kind: 'exploding', matrix: m.name, message: prefix + l10n.t('{0}: gradients grow ×{1} over T = {2}', rho, growth, horizon) });
      break;
    case 'vanishing':
      out.push({ kind: 'vanishing', matrix: m.name, message: prefix + l10n.t('{0}: gradients shrink ×{1} over T = {2}', rho, growth, horizon) });
      break;
    case 'transient-growth':
      out.push({
        kind: 'transientGrowth',
        matrix: m.name,
        message: prefix + l10n.t('{0} < 1, yet ‖W^k‖ peaks at ×{1} at k = {2} before it decays (non-normal transient growth)', rho, pow10(m.peakPowerNorm.log10), m.peakPowerNorm.k),
      });
      break;
    case 'uncertain':
      out.push({
        kind: 'uncertain',
        matrix: m.name,
        message: prefix + l10n.t('{0}: the verdict is uncertain: ‖W^k‖ is bounded within ±{1} in log10 and that interval straddles a threshold', rho, fmt4(m.powerNormMethod.maxLog10Error)),
      });
      break;
    case 'stable':
      break;
  }
  if (!m.eigenvaluesConverged) {
    const r = leadingRadius(m);
    out.push({
      kind: 'notConverged',
      matrix: m.name,
      message: prefix + l10n.t('the eigenvalue iteration did not converge: ρ ≤ {0} is an upper bound, not the spectral radius', r ? fmt4(r.rho) : '?'),
    });
  }
  const tanh = m.trajectory.tanh;
  if (tanh?.sufficientForVanishing && m.spectralNorm !== null) {
    out.push({
      kind: 'tanhCondition',
      matrix: m.name,
      message: prefix + l10n.t('σ_max = {0} < 1/γ = {1}: with tanh, gradients vanish for any input (sufficient condition)', fmt4(m.spectralNorm), fmt4(1 / tanh.gamma)),
    });
  }
  return out;
}

/** A reader's refusal: non-finite entries get their own kind, everything else is unreadable. */
export function refusalFinding(message: string): Finding {
  return { kind: /finite entries|non-finite|\bNaN\b|Infinity/i.test(message) ? 'nonFinite' : 'unreadable', message };
}

/** True for refusals that only say "no matrix here": a scan of the workspace skips such files. */
export function isNotAWeightsFile(message: string): boolean {
  return /no square matrix or gate stack to analyse|no recurrent matrix to analyse|a recurrent matrix must be 2-D|no numeric arrays/i.test(message);
}
