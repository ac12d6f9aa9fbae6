/**
 * Golub–Kahan–Lanczos bidiagonalisation with full reorthogonalisation: the largest singular
 * values (σ_max to ~1e-15 relative in a few dozen products with A and A^T), optionally the
 * top right Ritz vector, or, run to completion, all of them.
 */
import type { Matrix } from '../matrix';
import { matTVec, matVec, maxAbs, pow2Near } from './dense';
import { gaussian } from '../random';
import { bidiagonalTopSingularValues, ritzCoefficients } from './tridiag';
import { lanczosBasis, type LanczosBasis } from './lanczosBasis';

export interface LanczosOptions {
  /** Unit-free start vector of length a.cols (or a.rows when a is wide); random when absent. */
  start?: Float64Array;
  /** Relative change below which a Ritz value counts as settled (default 1e-15). */
  tol?: number;
  /** Step cap (default min(rows, cols)). */
  maxSteps?: number;
  /** Run all min(rows, cols) steps (exact to rounding) without checking the Ritz values on the way. */
  exhaustive?: boolean;
  /** Also return the right Ritz vector of the largest value (a warm start for a nearby matrix). */
  wantVector?: boolean;
  /** Bases of an earlier run (lanczosBasis.ts) to empty and reuse: a series of runs then allocates once. */
  bases?: LanczosBases;
  /**
   * Also return what a run with this looser tolerance and step cap (same start and other options)
   * would have returned: the same iterates, so one run serves both.
   */
  looser?: { tol: number; maxSteps: number };
}

/** The two bases of gkl in WebAssembly, for vectors of m and n entries (null where they do not pay). */
export interface LanczosBases {
  readonly u: LanczosBasis | null;
  readonly v: LanczosBasis | null;
}

export const lanczosBases = (m: number, n: number): LanczosBases => ({ u: lanczosBasis(m), v: lanczosBasis(n) });

/** `basis` emptied when it holds vectors of len entries, else a new one. */
function reused(basis: LanczosBasis | null | undefined, len: number): LanczosBasis | null {
  if (basis?.len !== len) return lanczosBasis(len);
  basis.reset();
  return basis;
}

export interface LanczosResult {
  values: Float64Array;
  converged: boolean;
  steps: number;
  /** With `wantVector`: the unit right Ritz vector of the largest value. */
  vector?: Float64Array;
  /** With `looser`: the result of the looser run (absent when `exhaustive` or full). */
  looser?: LanczosResult;
}

function dot(x: Float64Array, y: Float64Array): number {
  let s0 = 0;
  let s1 = 0;
  const n = x.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += x[i]! * y[i]!;
    s1 += x[i + 1]! * y[i + 1]!;
  }
  if (i < n) s0 += x[i]! * y[i]!;
  return s0 + s1;
}

function norm(x: Float64Array): number {
  return Math.sqrt(dot(x, x));
}

/** One pass of Gram–Schmidt of x against `basis`, a vector at a time. */
function gramSchmidtPass(x: Float64Array, basis: readonly Float64Array[]): void {
  for (const b of basis) {
    const c = dot(x, b);
    if (c === 0) continue;
    for (let i = 0; i < x.length; i++) x[i]! -= c * b[i]!;
  }
}

/** Gram–Schmidt twice against `basis` ("twice is enough"), in WebAssembly where it holds the basis. */
function reorthogonalise(x: Float64Array, basis: Float64Array[], held?: LanczosBasis | null): void {
  if (held) return held.reorthogonalise(x, gramSchmidtPass);
  for (let pass = 0; pass < 2; pass++) gramSchmidtPass(x, basis);
}

/** A unit vector orthogonal to `basis`, or undefined when the basis already spans the space. */
function freshDirection(len: number, basis: Float64Array[], rnd: () => number): Float64Array | undefined {
  if (basis.length >= len) return undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const x = Float64Array.from({ length: len }, rnd);
    reorthogonalise(x, basis);
    const nx = norm(x);
    if (nx > 1e-8) {
      for (let i = 0; i < len; i++) x[i]! /= nx;
      return x;
    }
  }
  return undefined;
}

/**
 * The `count` largest singular values of the m x n operator (fwd: R^n -> R^m, adj: R^m -> R^n,
 * m >= n) by Golub–Kahan–Lanczos with full reorthogonalisation. Breakdowns restart in a fresh
 * orthogonal direction, so after n steps the values are exact (to rounding).
 */
export function gkl(
  m: number,
  n: number,
  fwd: (x: Float64Array, out: Float64Array) => void,
  adj: (y: Float64Array, out: Float64Array) => void,
  count: number,
  opts: LanczosOptions = {},
): LanczosResult {
  const rnd = gaussian(0x5eed);
  const tol = opts.tol ?? 1e-15;
  const maxSteps = Math.min(n, opts.maxSteps ?? n);
  const alpha = new Float64Array(maxSteps);
  const beta = new Float64Array(maxSteps);
  const U: Float64Array[] = [];
  const V: Float64Array[] = [];
  // The bases in WebAssembly memory where they pay (U and V then hold views of it).
  const heldU = reused(opts.bases?.u, m);
  const heldV = reused(opts.bases?.v, n);
  let v: Float64Array = opts.start ? Float64Array.from(opts.start) : Float64Array.from({ length: n }, rnd);
  let randomStart = !opts.start;
  let nv = norm(v);
  if (!(nv > 0) || !Number.isFinite(nv)) {
    v = Float64Array.from({ length: n }, rnd);
    nv = norm(v);
    randomStart = true;
  }
  for (let i = 0; i < n; i++) v[i]! /= nv;
  let values: Float64Array = new Float64Array(0);
  const full = opts.exhaustive === true || count * 4 > n;
  // Only a run that stops no earlier than the looser one can stand for it.
  const loose = opts.looser && !full && opts.looser.maxSteps <= maxSteps ? { tol: opts.looser.tol, maxSteps: Math.min(n, opts.looser.maxSteps) } : undefined;
  let looser: LanczosResult | undefined;
  const result = (converged: boolean): LanczosResult => {
    const r: LanczosResult = { values, converged, steps };
    if (opts.wantVector && values.length > 0) r.vector = ritzVector(alpha, beta, steps, values[0]!, V);
    return r;
  };
  // Where this run ends before the looser one has, the looser one ends there the same way.
  const finish = (converged: boolean): LanczosResult => {
    if (loose && !looser) looser = result(converged);
    return { ...result(converged), ...(looser ? { looser } : {}) };
  };
  let settled = 0;
  let settledLoose = 0;
  // Whether v (or u) is a random direction orthogonal to the basis: a random start, or one drawn
  // after a breakdown (a warm start is not random: its image may vanish where A's does not). The
  // found subspaces are invariant, so A maps the rest of the space into the rest; if even a random
  // direction of the rest has a zero image, the rest is null (with probability 1) and every
  // singular value is known. Without this a zero or low-rank matrix drew a fresh direction at
  // every step up to the cap.
  let freshV = randomStart;
  let freshU = false;
  let scaleEst = 0;
  let steps = 0;
  for (let j = 0; j < maxSteps; j++) {
    if (heldV) v = heldV.add(v);
    V.push(v);
    const p = new Float64Array(m);
    fwd(v, p);
    if (j > 0) {
      const b = beta[j - 1]!;
      const up = U[j - 1]!;
      for (let i = 0; i < m; i++) p[i]! -= b * up[i]!;
    }
    reorthogonalise(p, U, heldU);
    let a = norm(p);
    scaleEst = Math.max(scaleEst, a, j > 0 ? beta[j - 1]! : 0);
    let u: Float64Array | undefined;
    if (a <= 64 * Number.EPSILON * scaleEst || a === 0) {
      a = 0;
      u = freshV ? undefined : freshDirection(m, U, rnd);
      freshU = true;
    } else {
      u = p;
      for (let i = 0; i < m; i++) u[i]! /= a;
      freshU = false;
    }
    alpha[j] = a;
    steps = j + 1;
    // When most of the spectrum is wanted no early exit is possible: skip the Ritz values.
    if (!full || j + 1 >= n || !u) {
      const prev = values;
      values = bidiagonalTopSingularValues(alpha, beta, j + 1, count);
      if (j + 1 >= n || !u) return finish(true);
      settled = movedBy(values, prev, tol, Math.min(count, n)) ? 0 : settled + 1;
      if (loose && !looser) {
        settledLoose = movedBy(values, prev, loose.tol, Math.min(count, n)) ? 0 : settledLoose + 1;
        if (settledLoose >= 3 && values[0]! > 0) looser = result(true);
      }
      if (settled >= 3 && values[0]! > 0) return finish(true);
    }
    if (!u) return finish(true);
    U.push(heldU ? heldU.add(u) : u);
    const r = new Float64Array(n);
    adj(u, r);
    for (let i = 0; i < n; i++) r[i]! -= a * v[i]!;
    reorthogonalise(r, V, heldV);
    let b = norm(r);
    scaleEst = Math.max(scaleEst, b);
    let next: Float64Array | undefined;
    if (b <= 64 * Number.EPSILON * scaleEst || b === 0) {
      b = 0;
      next = freshU ? undefined : freshDirection(n, V, rnd);
      freshV = true;
    } else {
      next = r;
      for (let i = 0; i < n; i++) next[i]! /= b;
      freshV = false;
    }
    beta[j] = b;
    if (!next) {
      values = bidiagonalTopSingularValues(alpha, beta, j + 1, count);
      return finish(true);
    }
    v = next;
    if (loose && !looser && steps >= loose.maxSteps) looser = result(steps >= n);
  }
  if (full) values = bidiagonalTopSingularValues(alpha, beta, steps, count);
  return finish(steps >= n);
}

/** Whether a Ritz value moved by more than tol relative to the largest (or one is new). */
function movedBy(values: Float64Array, prev: Float64Array, tol: number, wanted: number): boolean {
  if (prev.length < wanted) return true;
  for (let t = 0; t < prev.length; t++) {
    if (Math.abs(values[t]! - prev[t]!) > tol * Math.max(values[0]!, Number.MIN_VALUE)) return true;
  }
  return false;
}

/** V y, y the Ritz coefficients of sigma (see ritzCoefficients), normalised. */
function ritzVector(alpha: Float64Array, beta: Float64Array, k: number, sigma: number, V: Float64Array[]): Float64Array {
  const y = ritzCoefficients(alpha, beta, k, sigma);
  const n = V[0]!.length;
  const x = new Float64Array(n);
  for (let i = 0; i < k; i++) {
    const yi = y[i]!;
    const vi = V[i]!;
    for (let c = 0; c < n; c++) x[c]! += yi * vi[c]!;
  }
  const nx = norm(x);
  if (nx > 0) for (let c = 0; c < n; c++) x[c]! /= nx;
  return x;
}

/** The `count` largest singular values of `a` by GKL on its scaled copy. */
export function lanczosSingularValues(a: Matrix, count: number, opts: LanczosOptions = {}): LanczosResult {
  const big = maxAbs(a.data);
  const k = Math.min(count, a.rows, a.cols);
  if (big === 0 || !Number.isFinite(big) || k === 0) {
    const values = new Float64Array(k).fill(big === 0 ? 0 : NaN);
    return { values, converged: big === 0, steps: 0 };
  }
  // Scaling by a power of two is exact and keeps sums of squares far from overflow.
  const s = pow2Near(big);
  const inv = 1 / s;
  const fwd = (x: Float64Array, out: Float64Array): void => {
    matVec(a, x, out);
    for (let i = 0; i < out.length; i++) out[i]! *= inv;
  };
  const adj = (y: Float64Array, out: Float64Array): void => {
    matTVec(a, y, out);
    for (let i = 0; i < out.length; i++) out[i]! *= inv;
  };
  const r = a.rows >= a.cols ? gkl(a.rows, a.cols, fwd, adj, k, opts) : gkl(a.cols, a.rows, adj, fwd, k, opts);
  for (let i = 0; i < r.values.length; i++) r.values[i]! *= s;
  return r;
}

