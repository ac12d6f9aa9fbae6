/**
 * All eigenvalues of a real square matrix: balance, blocked Hessenberg reduction, Francis QR
 * with aggressive early deflation, sort. The working copy lives in the memory of the two-lane
 * WebAssembly kernels (simdKernels.ts), so the reduction's panel updates and the sweeps' far
 * updates run there; without WebAssembly SIMD the same TypeScript loops run on an ordinary array.
 */
import type { Matrix } from '../matrix';
import { maxAbs, pow2Near } from './dense';
import { balance } from './balance';
import { hessenbergBlocked } from './hessenbergBlocked';
import { francisQR } from './francis';
import { multishiftQR } from './multishift';
import { simdMatrix } from './simdKernels';
import { MULTISHIFT_FROM } from './tuning';


export interface EigenResult {
  re: Float64Array;
  im: Float64Array;
  /** False when the QR iteration hit its cap: the values are then incomplete and must not be trusted. */
  converged: boolean;
  /** QR sweeps used. */
  iterations: number;
  /**
   * With `keepHessenberg`, when balancing changed nothing: the Hessenberg form of a / scale,
   * orthogonally similar to it (so ||a^k|| = scale^k ||hessenberg^k||), for powerNormsLog10.
   */
  hessenberg?: OrthogonalHessenberg;
}

/** An upper Hessenberg matrix orthogonally similar to a / scale (scale a power of two). */
export interface OrthogonalHessenberg {
  data: Float64Array;
  scale: number;
}

export interface EigenOptions {
  /** Cap on QR sweeps (default 30 per eigenvalue, at least 300). */
  maxIterations?: number;
  /** Parlett–Reinsch balancing first (default true). */
  balance?: boolean;
  /** Return the Hessenberg form when it is orthogonally similar (saves powerNormsLog10 a reduction). */
  keepHessenberg?: boolean;
}

/**
 * All n eigenvalues, sorted by |λ| descending, then real part descending, then imaginary part
 * descending (so a conjugate pair lists +i first). `a` is not modified. Never throws on numeric
 * trouble: a QR iteration that does not converge yields `converged: false`; non-finite input
 * yields NaN values with `converged: false`.
 */
export function eigenvalues(a: Matrix, options: EigenOptions = {}): EigenResult {
  const n = a.rows;
  if (a.cols !== n) throw new RangeError(`eigenvalues: matrix is ${a.rows}x${a.cols}, not square`);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const big = maxAbs(a.data);
  if (!Number.isFinite(big)) {
    re.fill(NaN);
    im.fill(NaN);
    return { re, im, converged: false, iterations: 0 };
  }
  if (big === 0) return { re, im, converged: true, iterations: 0 };
  const h = simdMatrix(n);
  h.set(a.data);
  // Balance before scaling: a graded matrix (entries 2^-1000 .. 2^1000) would lose its small
  // entries to underflow if it were first scaled so that the largest is near 1. The balancing
  // never overflows (its factors stop short of the range's ends).
  const balanced = (options.balance ?? true) && balance(h, n);
  // Then scale by a power of two (exact) so entries are near 1: no overflow in the reflectors.
  const s = pow2Near(balanced ? maxAbs(h) : big);
  const inv = 1 / s;
  for (let i = 0; i < h.length; i++) h[i]! *= inv;
  hessenbergBlocked(h, n);
  const kept = options.keepHessenberg && !balanced ? { data: Float64Array.from(h), scale: s } : undefined;
  const r = n >= MULTISHIFT_FROM ? multishiftQR(h, n, re, im, options.maxIterations) : francisQR(h, n, re, im, { maxIterations: options.maxIterations });
  for (let i = 0; i < n; i++) {
    re[i]! *= s;
    im[i]! *= s;
  }
  sortEigenvalues(re, im);
  const result: EigenResult = { re, im, converged: r.converged, iterations: r.iterations };
  if (kept) result.hessenberg = kept;
  return result;
}

/** Sorts in place: |λ| desc, then re desc, then im desc. */
export function sortEigenvalues(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  const mod = new Float64Array(n);
  for (let i = 0; i < n; i++) mod[i] = Math.hypot(re[i]!, im[i]!);
  idx.sort((x, y) => mod[y]! - mod[x]! || re[y]! - re[x]! || im[y]! - im[x]!);
  const r2 = Float64Array.from(idx, (i) => re[i]!);
  const i2 = Float64Array.from(idx, (i) => im[i]!);
  re.set(r2);
  im.set(i2);
}

/** max |λ| (0 for an empty matrix). */
export function spectralRadius(e: EigenResult): number {
  let r = 0;
  for (let i = 0; i < e.re.length; i++) r = Math.max(r, Math.hypot(e.re[i]!, e.im[i]!));
  return r;
}
