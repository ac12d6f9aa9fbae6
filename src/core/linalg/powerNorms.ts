/**
 * log10 ||W^k||_2 for k = 0..K without overflow: W^k is kept as a matrix normalised by a power
 * of two (exact) plus a running log10 scale. Exact (to rounding) while the work fits a flop
 * budget; past it, certified bounds with the error stated.
 */
import type { Matrix } from '../matrix';
import { matVec, maxAbs, mulInto, pow2Near, vecNorm } from './dense';
import { gaussian } from './rng';
import { lanczosSingularValues } from './svd';

export interface PowerNorms {
  /** log10 ||a^k||_2 for k = 0..K; null means a^k is exactly zero. */
  values: (number | null)[];
  method: 'exact' | 'bounded';
  /** Largest absolute error of any value in log10 (0 for exact: rounding only). */
  maxLog10Error: number;
  note: string;
}

export interface PowerNormOptions {
  /**
   * Floating-point operations the exact route may spend (default DEFAULT_POWER_BUDGET_FLOPS).
   * Each exact step costs one n x n product (2n^3) plus a Lanczos norm (~100 n^2).
   */
  budgetFlops?: number;
  /** ρ(a) when the caller already has it: sharpens the lower bound of the bounded method. */
  spectralRadius?: number;
}

/**
 * 1.2e11 flops: n = 1024 with K = 60 stays exact (60 products of 2.1e9 flops, about what numpy's
 * own loop of matmul + norm(2) spends), n = 256 stays exact to K = 3500.
 */
export const DEFAULT_POWER_BUDGET_FLOPS = 1.3e11;

const LOG10_2 = Math.log10(2);

/** Exact steps k = 1..kMax the budget allows for an n x n matrix. */
export function exactSteps(n: number, budgetFlops: number): number {
  const perStep = 2 * n * n * n + 100 * n * n;
  return Math.max(1, Math.floor(budgetFlops / perStep));
}

export function powerNormsLog10(a: Matrix, K: number, options: PowerNormOptions = {}): PowerNorms {
  const n = a.rows;
  if (a.cols !== n) throw new RangeError(`powerNormsLog10: matrix is ${a.rows}x${a.cols}, not square`);
  if (!Number.isInteger(K) || K < 0) throw new RangeError(`powerNormsLog10: K must be a whole number >= 0, got ${K}`);
  const values: (number | null)[] = new Array<number | null>(K + 1).fill(null);
  if (n === 0) return { values, method: 'exact', maxLog10Error: 0, note: 'empty matrix' };
  values[0] = 0;
  const big = maxAbs(a.data);
  if (!Number.isFinite(big)) throw new RangeError('powerNormsLog10: matrix has a non-finite entry');
  if (big === 0) return { values, method: 'exact', maxLog10Error: 0, note: 'zero matrix' };

  // Work with w = a / s (s a power of two, so exact); log10 ||a^k|| = log10 ||w^k|| + k log10 s.
  const s = pow2Near(big);
  const logS = Math.log2(s) * LOG10_2;
  const w = new Float64Array(n * n);
  for (let i = 0; i < w.length; i++) w[i] = a.data[i]! / s;

  const kExact = Math.min(K, exactSteps(n, options.budgetFlops ?? DEFAULT_POWER_BUDGET_FLOPS));
  let p = Float64Array.from(w);
  let next = new Float64Array(n * n);
  let logP = 0; // log10 of the power of two p is divided by
  for (let k = 1; k <= kExact; k++) {
    const sigma = lanczosSingularValues({ rows: n, cols: n, data: p }, 1).values[0]!;
    values[k] = Math.log10(sigma) + logP + k * logS;
    if (k === K) break;
    next.fill(0);
    mulInto(p, w, next, n, n, n);
    [p, next] = [next, p];
    const m = maxAbs(p);
    if (m === 0) return { values, method: 'exact', maxLog10Error: 0, note: `W^${k + 1} is exactly zero` };
    const f = pow2Near(m);
    if (f !== 1) {
      const inv = 1 / f;
      for (let i = 0; i < p.length; i++) p[i]! *= inv;
      logP += Math.log2(f) * LOG10_2;
    }
  }
  if (kExact >= K) return { values, method: 'exact', maxLog10Error: 0, note: 'exact: normalised products and Lanczos norms' };
  return boundTail(w, n, logS, values, kExact, K, options.spectralRadius);
}

/**
 * For k > k0: upper bound by submultiplicativity over the exact norms (best split of k into
 * parts <= k0), lower bound max(k log10 ρ, log10 ||w^k x|| for random unit x). The value is
 * the midpoint; its error is at most half the gap, reported as maxLog10Error.
 */
function boundTail(w: Float64Array, n: number, logS: number, values: (number | null)[], k0: number, K: number, rho?: number): PowerNorms {
  // Exact norms of w^j (without the scale s) for j = 1..k0.
  const exact = new Float64Array(k0 + 1);
  for (let j = 1; j <= k0; j++) exact[j] = values[j]! - j * logS;
  const upper = new Float64Array(K + 1);
  for (let j = 1; j <= k0; j++) upper[j] = exact[j]!;
  for (let k = k0 + 1; k <= K; k++) {
    let best = Infinity;
    for (let j = 1; j <= k0; j++) best = Math.min(best, exact[j]! + upper[k - j]!);
    upper[k] = best;
  }
  // Lower bounds from a few random vectors carried through the powers in log space.
  const probes = 4;
  const g = gaussian(0xb0b);
  const xs: Float64Array[] = [];
  const logX = new Float64Array(probes);
  for (let t = 0; t < probes; t++) {
    const x = Float64Array.from({ length: n }, g);
    const nx = vecNorm(x);
    for (let i = 0; i < n; i++) x[i]! /= nx;
    xs.push(x);
  }
  const wm: Matrix = { rows: n, cols: n, data: w };
  const y = new Float64Array(n);
  const logRho = rho !== undefined && rho > 0 ? Math.log10(rho) - logS : -Infinity;
  let maxErr = 0;
  for (let k = 1; k <= K; k++) {
    let lower = logRho * k;
    for (let t = 0; t < probes; t++) {
      const x = xs[t]!;
      matVec(wm, x, y);
      const ny = Math.sqrt(y.reduce((acc, v) => acc + v * v, 0));
      if (ny === 0) {
        logX[t] = -Infinity;
        x.fill(0);
      } else {
        logX[t]! += Math.log10(ny);
        for (let i = 0; i < n; i++) x[i] = y[i]! / ny;
      }
      lower = Math.max(lower, logX[t]!);
    }
    if (k <= k0) continue;
    if (lower === -Infinity) {
      // Every random probe was annihilated: w^k = 0 with probability one.
      for (let j = k; j <= K; j++) values[j] = null;
      break;
    }
    const lo = Math.min(lower, upper[k]!);
    values[k] = 0.5 * (lo + upper[k]!) + k * logS;
    maxErr = Math.max(maxErr, 0.5 * (upper[k]! - lo));
  }
  return {
    values,
    method: 'bounded',
    maxLog10Error: maxErr,
    note:
      `exact for k <= ${k0}; beyond, the midpoint of an upper bound (submultiplicativity of the exact norms) ` +
      `and a lower bound (max of ${rho !== undefined ? 'k log10 rho and ' : ''}log10 ||W^k x|| over ${probes} random unit x), ` +
      `so each value is within ${maxErr.toPrecision(3)} of the truth in log10`,
  };
}
