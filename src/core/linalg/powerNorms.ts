/**
 * log10 ||W^k||_2 for k = 0..K without overflow: W^k is kept as a matrix normalised by a power
 * of two (exact) plus a running log10 scale. Exact (to rounding) while the work fits a flop
 * budget; past it, certified bounds with the error stated.
 */
import type { Matrix } from '../matrix';
import { matVec, maxAbs, pow2Near, vecNorm } from './dense';
import { gaussian } from '../random';
import { hessenbergBlocked } from './hessenbergBlocked';
import type { OrthogonalHessenberg } from './eigen';
import { typedStepper, wasmStepper, type PowerStepper } from './powerSteps';
import { simdMatrix } from './simdKernels';

export interface PowerNorms {
  /** log10 ||a^k||_2 for k = 0..K; null means a^k is exactly zero. */
  values: (number | null)[];
  method: 'exact' | 'bounded';
  /** Largest absolute error of any value in log10 (0 for exact: rounding only). */
  maxLog10Error: number;
  note: string;
  /** sigma_max(a) = ||a^1||, from the k = 1 step when its Lanczos run converged (spares a second one). */
  spectralNorm?: number;
  /** With `bounded`: per k the interval [lower, upper] holding log10 ||a^k|| (equal where exact). */
  lower?: (number | null)[];
  upper?: (number | null)[];
}

export interface PowerNormOptions {
  /**
   * Floating-point operations the exact route may spend (default DEFAULT_POWER_BUDGET_FLOPS),
   * counted by `exactCost`; at least k = 1 is always exact.
   */
  budgetFlops?: number;
  /** ρ(a) when the caller already has it: sharpens the lower bound of the bounded method. */
  spectralRadius?: number;
  /**
   * The Hessenberg form of a / scale from `eigenvalues(a, {keepHessenberg: true})`: used instead
   * of a second reduction when its scale is the one chosen here (same input, same bits).
   */
  hessenberg?: OrthogonalHessenberg;
  /**
   * Internal: false keeps the products and Lanczos norms in TypeScript even where the WebAssembly
   * kernels would take them (tests compare the two; the CLI's primer warms the TypeScript loops).
   */
  wasmNorms?: boolean;
  /** Internal: force the plain dense products or the Hessenberg route (tests compare them). */
  route?: 'dense' | 'hessenberg';
  /** Told after each exact ||a^k|| (k of the exact ones): a long run reports how far it got. */
  onStep?: (k: number, exactSteps: number) => void;
}

/**
 * 3e11 flops: n = 2048 with K = 60 stays exact (about 2.4e11: one Hessenberg reduction and 60
 * structured products, about 40 s of CPU in the WebAssembly kernels on a 2-core AMD EPYC), as do
 * n = 1024 to K of about 420 and n = 4096 to k of about 2; larger requests switch to the bounded
 * method past the last exact k.
 */
export const DEFAULT_POWER_BUDGET_FLOPS = 3e11;

/** Below this size the plain dense products are used (everything is in cache anyway). */
const HESSENBERG_FROM = 64;
/**
 * Up to this size a single Lanczos norm of a power (horizonNorm.ts) runs in the WebAssembly
 * workspace of normLanczos.ts, which holds 3 n^2 doubles (25 MB at n = 1024); larger matrices
 * take the TypeScript loops. The power norms here use powerSteps.ts at every size.
 */
export const WASM_NORMS_UP_TO = 1024;
/** Estimated flops of one Lanczos norm (about 30 products with P and P^T). */
const lanczosFlops = (n: number): number => 120 * n * n;

const LOG10_2 = Math.log10(2);

/** Flops of P H for P with lower bandwidth b and H upper Hessenberg (n x n). */
function hessProductFlops(n: number, b: number): number {
  // Row i of P starts at column i - b; row l of H starts at column l - 1.
  let f = 0;
  for (let i = 0; i < n; i++) {
    const l0 = Math.max(0, i - b);
    const len = n - l0;
    f += len * (n - Math.max(0, l0 - 1)) - (len * (len - 1)) / 2;
  }
  return 2 * f;
}

/**
 * Cost model of the exact route: `setup` once, then `step(k)` to go from W^k to its norm and
 * W^(k+1). Dense: 2n^3 per product. Hessenberg: ||W^k|| = ||H^k|| for H = Q^T W Q, and H^k has
 * lower bandwidth k, so each product costs about n^3/3 while k << n (n^3 at most).
 */
export function exactCost(n: number, route: 'dense' | 'hessenberg'): { setup: number; step: (k: number) => number } {
  if (route === 'dense') return { setup: 0, step: () => 2 * n * n * n + lanczosFlops(n) };
  return { setup: (10 / 3) * n * n * n, step: (k) => hessProductFlops(n, Math.min(n - 1, k)) + lanczosFlops(n) };
}

/** Exact steps k = 1..K the budget allows (at least 1). */
export function exactSteps(n: number, K: number, budgetFlops: number, route: 'dense' | 'hessenberg'): number {
  const { setup, step } = exactCost(n, route);
  let spent = setup;
  let k = 0;
  while (k < K) {
    spent += step(k + 1);
    if (spent > budgetFlops && k >= 1) break;
    k++;
  }
  return k;
}

/**
 * log10 ||a^k||_2 for k = 0..K (index k), exact to rounding within the flop budget, bounded
 * (with the error stated in maxLog10Error) beyond it. Never Infinity or NaN; null = exactly 0.
 */
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
  // w = a / s is needed by the dense route and the bounds past the budget; the Hessenberg form
  // given by the eigenvalues serves the exact route without it (8 MB fewer at n = 1024).
  const scaled = (into: Float64Array = new Float64Array(n * n)): Float64Array => {
    for (let i = 0; i < into.length; i++) into[i] = a.data[i]! / s;
    return into;
  };
  const route = options.route ?? (n < HESSENBERG_FROM ? 'dense' : 'hessenberg');
  const kExact = Math.min(K, exactSteps(n, K, options.budgetFlops ?? DEFAULT_POWER_BUDGET_FLOPS, route));
  // The Hessenberg form is orthogonally similar (no balancing: that would change the norms).
  const given = options.hessenberg;
  const reuse = route === 'hessenberg' && given !== undefined && given.scale === s && given.data.length === n * n;
  const own = route === 'hessenberg' && !reuse;
  // Our own reduction runs in the eigenvalue solver's kernel memory (its blocked updates in
  // WebAssembly there: 13 s of TypeScript loops at n = 2048 otherwise). Nothing else uses that
  // memory during this call, and the stepper copies f out before any other solve.
  const f = reuse ? given.data : own ? scaled(simdMatrix(n)) : scaled();
  if (own) hessenbergBlocked(f, n);

  const fBand = route === 'dense' ? n - 1 : 1;
  const stepper = (n >= 8 && options.wasmNorms !== false ? wasmStepper(f, n, fBand) : null) ?? typedStepper(f, n, fBand);
  try {
    return exactThenBounded(stepper, { n, K, kExact, fBand, s, logS, values, rho: options.spectralRadius, route, scaled, onStep: options.onStep });
  } finally {
    stepper.release();
  }
}

interface ExactRun {
  readonly n: number;
  readonly K: number;
  readonly kExact: number;
  readonly fBand: number;
  /** The power of two a was divided by, and its log10. */
  readonly s: number;
  readonly logS: number;
  /** The series, values[0] set. */
  readonly values: (number | null)[];
  readonly rho: number | undefined;
  readonly route: 'dense' | 'hessenberg';
  /** A fresh a / s, for the bounds past kExact. */
  readonly scaled: () => Float64Array;
  readonly onStep: PowerNormOptions['onStep'];
}

/** The exact steps k = 1..kExact on the stepper's powers, then the bounds up to K. */
function exactThenBounded(stepper: PowerStepper, run: ExactRun): PowerNorms {
  const { n, K, kExact, fBand, s, logS, values } = run;
  let logP = 0; // log10 of the power of two p is divided by
  let start: Float64Array | undefined;
  let sigma: number | undefined;
  // p stays near 1 (renormalised by powers of two), so no further scaling is needed there.
  for (let k = 1; k <= kExact; k++) {
    // p = w^k (dense) or H^k, which has lower bandwidth k.
    const band = Math.min(n - 1, k * fBand);
    // 1e-13 relative is far inside the 1e-9 (log10) the series promises, and saves Lanczos steps.
    const lz = stepper.norm(band, start, 1e-13);
    start = lz.vector;
    values[k] = Math.log10(lz.value) + logP + k * logS;
    // p = w (or its orthogonally similar H) at k = 1: sigma_max(a) = s sigma_max(p), exactly scaled.
    if (k === 1 && lz.converged) sigma = lz.value * s;
    run.onStep?.(k, kExact);
    if (k === K) break;
    const m = stepper.advance(band);
    if (m === 0) return { values, method: 'exact', maxLog10Error: 0, note: `W^${k + 1} is exactly zero` };
    const g = pow2Near(m);
    if (g !== 1) {
      stepper.scale(1 / g);
      logP += Math.log2(g) * LOG10_2;
    }
  }
  const withSigma = (r: PowerNorms): PowerNorms => (sigma === undefined ? r : { ...r, spectralNorm: sigma });
  if (kExact >= K) {
    const how = run.route === 'dense' ? 'normalised products' : 'normalised products of the Hessenberg form';
    return withSigma({ values, method: 'exact', maxLog10Error: 0, note: `exact: ${how} and Lanczos norms` });
  }
  return withSigma(boundTail(run.scaled(), n, logS, values, kExact, K, run.rho));
}

/**
 * For k > k0: upper bound by submultiplicativity over the exact norms (best split of k into
 * parts <= k0), lower bound max(k log10 ρ, log10 ||w^k x|| for random unit x). The value is
 * the midpoint; its error is at most half the gap, reported as maxLog10Error.
 */
function boundTail(w: Float64Array, n: number, logS: number, values: (number | null)[], k0: number, K: number, rho?: number): PowerNorms {
  const lowerOut = values.slice();
  const upperOut = values.slice();
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
      for (let j = k; j <= K; j++) values[j] = lowerOut[j] = upperOut[j] = null;
      break;
    }
    const lo = Math.min(lower, upper[k]!);
    values[k] = 0.5 * (lo + upper[k]!) + k * logS;
    lowerOut[k] = lo + k * logS;
    upperOut[k] = upper[k]! + k * logS;
    maxErr = Math.max(maxErr, 0.5 * (upper[k]! - lo));
  }
  return {
    values,
    lower: lowerOut,
    upper: upperOut,
    method: 'bounded',
    maxLog10Error: maxErr,
    note:
      `exact for k <= ${k0}; beyond, the midpoint of an upper bound (submultiplicativity of the exact norms) ` +
      `and a lower bound (max of ${rho !== undefined ? 'k log10 rho and ' : ''}log10 ||W^k x|| over ${probes} random unit x), ` +
      `so each value is within ${maxErr.toPrecision(3)} of the truth in log10`,
  };
}
