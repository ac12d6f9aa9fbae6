/**
 * Norms of a sparse matrix through products only: sigma_max by Golub–Kahan–Lanczos on the CSR
 * operator, and log10 ||W^k||_2 for k = 0..K by Lanczos on the operator W^k (k products with W
 * and k with W^T per step, warm-started from the previous power's right singular vector), exact
 * while the products fit a budget and bounded beyond it, with the error stated.
 */
import { gkl, lanczosBases, type LanczosBases, type LanczosResult } from '../linalg/lanczos';
import { gaussian } from '../random';
import { csrScale, nnzOf, type CsrMatrix } from './csr';
import { csrProducts } from './csrProducts';

export interface SparseNorm {
  readonly value: number;
  readonly converged: boolean;
  readonly steps: number;
  readonly vector?: Float64Array;
}

/** W / s and its transpose, s a power of two: products need no rescaling. */
interface ScaledPair {
  readonly a: CsrMatrix;
  readonly aT: CsrMatrix;
  readonly s: number;
}

/**
 * The pair of the last call for the same W and W^T: sigma_max and the power norms then share the
 * scaled copies and their product kernels (each holds a copy of the matrix).
 */
const pairs = new WeakMap<CsrMatrix, ScaledPair & { readonly of: CsrMatrix }>();

function scaledPair(a: CsrMatrix, aT: CsrMatrix): ScaledPair {
  const known = pairs.get(a);
  if (known?.of === aT) return known;
  const s = pow2Scale(a);
  const pair = s === 1 ? { a, aT, s, of: aT } : { a: csrScale(a, 1 / s), aT: csrScale(aT, 1 / s), s, of: aT };
  pairs.set(a, pair);
  return pair;
}

/** Largest |entry| rounded to a power of two (exact scaling), 1 for the zero matrix. */
function pow2Scale(a: CsrMatrix): number {
  let big = 0;
  for (const x of a.values) big = Math.max(big, Math.abs(x));
  return big > 0 && Number.isFinite(big) ? 2 ** Math.round(Math.log2(big)) : 1;
}

/**
 * sigma_max(W^k) (k >= 1) by GKL on x -> (W/s)^k x, given `scaled` = W/s and its transpose with s a
 * power of two (so the scaled values are exact); `maxSteps` caps the Lanczos steps (a run that
 * hits it is not converged: its value is then a lower bound, since Ritz values never exceed
 * sigma_max).
 */
interface PowerNormOptions {
  start?: Float64Array;
  tol: number;
  maxSteps: number;
  bases?: LanczosBases;
  looser?: { tol: number; maxSteps: number };
}

function sparsePowerNorm(scaled: ScaledPair, k: number, opts: PowerNormOptions): SparseNorm & { looser?: SparseNorm } {
  const { a, aT, s } = scaled;
  const n = a.rows;
  const power = (m: CsrMatrix) => {
    const p = csrProducts(m);
    return (x: Float64Array, out: Float64Array): void => void p.power(x, out, k);
  };
  const r = gkl(n, n, power(a), power(aT), 1, {
    tol: opts.tol, maxSteps: opts.maxSteps, wantVector: true, ...(opts.start ? { start: opts.start } : {}), ...(opts.bases ? { bases: opts.bases } : {}),
    ...(opts.looser ? { looser: opts.looser } : {}),
  });
  const norm = (l: LanczosResult): SparseNorm => ({ value: (l.values[0] ?? 0) * s ** k, converged: l.converged, steps: l.steps, ...(l.vector ? { vector: l.vector } : {}) });
  return { ...norm(r), ...(r.looser ? { looser: norm(r.looser) } : {}) };
}

/**
 * ||W|| at the power norms' tolerance, left by sigma_max's run (the same start, so the same
 * iterates up to where the looser tolerance settles): the series then skips its k = 1 run.
 */
const firstPowers = new WeakMap<ScaledPair, SparseNorm>();

/** Tolerance and step cap of each exact power norm (warm starts usually need a few dozen steps). */
const POWER_TOL = 1e-12;
const powerSteps = (n: number): number => Math.min(n, 120);

/** sigma_max of a sparse matrix (steps capped at 500). */
export function sparseSpectralNorm(a: CsrMatrix, aT: CsrMatrix): SparseNorm {
  const scaled = scaledPair(a, aT);
  const r = sparsePowerNorm(scaled, 1, { tol: 1e-14, maxSteps: Math.min(a.rows, 500), looser: { tol: POWER_TOL, maxSteps: powerSteps(a.rows) } });
  if (r.looser) firstPowers.set(scaled, r.looser);
  const { looser: _, ...norm } = r;
  return norm;
}

export interface SparsePowerNorms {
  values: (number | null)[];
  method: 'exact' | 'bounded';
  maxLog10Error: number;
  note: string;
  /** The last k computed exactly. */
  exactUpTo: number;
  /** Per k: [lower, upper] in log10 where the value is bounded (undefined where exact). */
  intervals: ([number, number] | undefined)[];
  /** With `bounded`: the interval ends as two series (equal to the value where exact). */
  lower?: (number | null)[];
  upper?: (number | null)[];
}

/** 2e9 multiply-adds: n = 1000 at density 1e-2 stays exact to K = 60 (about 1.5e9). */
export const SPARSE_POWER_BUDGET = 2e9;

/**
 * log10 ||W^k||_2 for k = 0..K: exact (Lanczos to 1e-12 relative) while the estimated products fit
 * `budget` multiply-adds, then the midpoint of an upper bound (submultiplicativity of the exact
 * norms) and a lower bound (max of k log10 rho and ||W^k x|| over random unit x), each value
 * within maxLog10Error of the truth.
 */
export function sparsePowerNormsLog10(a: CsrMatrix, aT: CsrMatrix, K: number, opts: { budget?: number; spectralRadius?: number } = {}): SparsePowerNorms {
  const n = a.rows;
  const values: (number | null)[] = new Array<number | null>(K + 1).fill(null);
  const intervals: ([number, number] | undefined)[] = new Array<[number, number] | undefined>(K + 1).fill(undefined);
  values[0] = n === 0 ? null : 0;
  const scaled = scaledPair(a, aT);
  const s = scaled.s;
  const nnz = nnzOf(a);
  if (n === 0 || nnz === 0) return { values, method: 'exact', maxLog10Error: 0, note: 'zero matrix', exactUpTo: K, intervals };
  const logS = Math.log10(s);
  const budget = opts.budget ?? SPARSE_POWER_BUDGET;
  let spent = 0;
  let start: Float64Array | undefined;
  // One pair of Lanczos bases for the whole series, emptied at each power.
  const bases = lanczosBases(n, n);
  let k0 = 0;
  for (let k = 1; k <= K; k++) {
    // Estimated cost: a few dozen steps of k products each way; k = 1 is always exact.
    const cost = 2 * k * nnz * 40;
    if (k > 1 && spent + cost > budget) break;
    const first = k === 1 ? firstPowers.get(scaled) : undefined;
    const r = first ?? sparsePowerNorm(scaled, k, { tol: POWER_TOL, maxSteps: powerSteps(n), bases, ...(start ? { start } : {}) });
    spent += 2 * k * nnz * r.steps;
    if (!(r.value > 0) || !Number.isFinite(r.value) || !r.converged) {
      if (r.value === 0 && r.converged) {
        // W^k = 0 exactly (nilpotent): every later power is zero too.
        for (let j = k; j <= K; j++) values[j] = null;
        return { values, method: 'exact', maxLog10Error: 0, note: `W^${k} is exactly zero`, exactUpTo: K, intervals };
      }
      break;
    }
    values[k] = Math.log10(r.value / s ** k) + k * logS;
    start = r.vector;
    k0 = k;
  }
  if (k0 >= K) return { values, method: 'exact', maxLog10Error: 0, note: 'exact: Lanczos norms of the sparse powers', exactUpTo: K, intervals };
  return boundBeyond(a, values, intervals, k0, K, opts.spectralRadius);
}

/** Bounds for k > k0 from the exact norms (upper) and random probes / rho (lower). */
function boundBeyond(a: CsrMatrix, values: (number | null)[], intervals: ([number, number] | undefined)[], k0: number, K: number, rho?: number): SparsePowerNorms {
  const n = a.rows;
  const upper = new Float64Array(K + 1);
  for (let j = 1; j <= k0; j++) upper[j] = values[j] as number;
  for (let k = k0 + 1; k <= K; k++) {
    let best = Infinity;
    for (let j = 1; j <= k0; j++) best = Math.min(best, upper[j]! + upper[k - j]!);
    upper[k] = best;
  }
  const probes = 4;
  const g = gaussian(0xb0b);
  const unit = (x: Float64Array): number => Math.sqrt(x.reduce((acc, v) => acc + v * v, 0));
  const xs = Array.from({ length: probes }, () => {
    const x = Float64Array.from({ length: n }, g);
    const nx = unit(x);
    return x.map((v) => v / nx);
  });
  const logX = new Float64Array(probes);
  const y = new Float64Array(n);
  const product = csrProducts(a);
  const logRho = rho !== undefined && rho > 0 ? Math.log10(rho) : -Infinity;
  let maxErr = 0;
  for (let k = 1; k <= K; k++) {
    let lower = logRho * k;
    for (let t = 0; t < probes; t++) {
      const x = xs[t]!;
      if (logX[t] === -Infinity) continue;
      product.mul(x, y);
      const ny = unit(y);
      if (ny === 0) {
        logX[t] = -Infinity; // annihilated: this probe says nothing more
        continue;
      }
      if (!Number.isFinite(ny)) continue;
      logX[t]! += Math.log10(ny);
      for (let i = 0; i < n; i++) x[i] = y[i]! / ny;
      lower = Math.max(lower, logX[t]!);
    }
    if (k <= k0) continue;
    if (lower === -Infinity) {
      for (let j = k; j <= K; j++) values[j] = null;
      break;
    }
    const lo = Math.min(lower, upper[k]!);
    values[k] = 0.5 * (lo + upper[k]!);
    intervals[k] = [lo, upper[k]!];
    maxErr = Math.max(maxErr, 0.5 * (upper[k]! - lo));
  }
  return {
    values,
    method: 'bounded',
    maxLog10Error: maxErr,
    exactUpTo: k0,
    intervals,
    lower: values.map((v, k) => (intervals[k] ? intervals[k][0] : v)),
    upper: values.map((v, k) => (intervals[k] ? intervals[k][1] : v)),
    note:
      `exact for k <= ${k0}; beyond, the midpoint of an upper bound (submultiplicativity of the exact norms) ` +
      `and a lower bound (max of ${rho !== undefined ? 'k log10 rho and ' : ''}log10 ||W^k x|| over ${probes} random unit x), ` +
      `so each value is within ${maxErr.toPrecision(3)} of the truth in log10`,
  };
}
