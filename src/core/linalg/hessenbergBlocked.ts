/**
 * Blocked Householder reduction to Hessenberg form (the DGEHRD/DLAHR2 scheme), row-major.
 * A panel of NB reflectors is computed from lazily updated columns (hessenbergPanel.ts); the rest
 * of the matrix is then updated once per panel with matrix-matrix products, A <- Q^T A Q with
 * Q = I - V T V^T. Each reflector still needs one product of the trailing columns with v
 * (Y = A V T), but the three passes over the trailing matrix per reflector of the plain
 * algorithm become one.
 */
import { hessenbergInPlace } from './hessenberg';
import { accumulateW, axpy4, axpy4x2, gemmRows } from './hessenbergUpdates';
import { panelStep, type Panel } from './hessenbergPanel';
import { BLOCKED_FROM, BLOCKED_FROM_WITHOUT_KERNELS, NB } from './tuning';
import { kernelScratch, simdSpareMatrix } from './simdKernels';

/** Doubles of panel storage for an n x n matrix (see `panelArrays`). */
const panelLength = (n: number): number => 4 * n * NB + 3 * n + NB + NB * NB;

/**
 * The panel's arrays: next to h in the SIMD kernels' memory when h lives there (then the panel's
 * products and the trailing updates run in the kernels, two columns per instruction, from the
 * first call without JIT warm-up), else ordinary arrays.
 */
function panelArrays(h: Float64Array, n: number, useKernels: boolean): Panel {
  const own = useKernels ? kernelScratch(h, n, panelLength(n)) : null;
  let at = 0;
  const next = (len: number): Float64Array => (own ? own.scratch.subarray(at, (at += len)) : new Float64Array(len));
  return {
    n, simd: own ? own.kernels : null,
    V: next(n * NB), Vt: next(n * NB), Y: next(n * NB), W: next(n * NB),
    av: next(n), b: next(n), t: next(n), w: next(NB), T: next(NB * NB),
  };
}

/**
 * Reduces h in place. With `useKernels` (the default) the panels' products run in the WebAssembly
 * kernels: on h itself when it lives in their memory, else on a copy in their spare memory (two
 * copies of n^2 doubles against n^3 work). Without the kernels, TypeScript loops.
 */
export function hessenbergBlocked(h: Float64Array, n: number, blockedFrom?: number, useKernels = true): void {
  if (useKernels && n >= Math.max(blockedFrom ?? BLOCKED_FROM, 2 * NB)) {
    if (kernelScratch(h, n, panelLength(n))) return reduceBlocked(h, n, panelArrays(h, n, true));
    const copy = simdSpareMatrix(n);
    if (copy) {
      copy.set(h);
      reduceBlocked(copy, n, panelArrays(copy, n, true));
      h.set(copy);
      return;
    }
  }
  if (n < Math.max(blockedFrom ?? BLOCKED_FROM_WITHOUT_KERNELS, 2 * NB)) return hessenbergInPlace(h, n);
  reduceBlocked(h, n, panelArrays(h, n, false));
}

/** Panels of NB reflectors, the last one narrower (its missing reflectors are zeros in V, T, Y). */
function reduceBlocked(h: Float64Array, n: number, p: Panel): void {
  for (let k = 0; k + 2 < n; k += NB) {
    p.V.fill(0);
    p.Vt.fill(0);
    p.Y.fill(0);
    p.T.fill(0);
    const nb = Math.min(NB, n - 2 - k);
    for (let i = 0; i < nb; i++) panelStep(p, h, k, i);
    if (p.simd) updateWithKernels(p, h, k, k + nb);
    else updateWithLoops(p, h, k, k + nb);
  }
}

/**
 * The updates after the panel of columns k..kEnd-1, in the kernels: A <- A - Y V^T, then
 * A <- A - V (T^T V^T A).
 */
function updateWithKernels(p: Panel, h: Float64Array, k: number, kEnd: number): void {
  const { n, V, Vt, Y, W, T } = p;
  const simd = p.simd!;
  const m = n - k - 1;
  const top = k + 1;
  // Y rows 0..k = (A[0..k, k+1..] V) T (those rows of A are untouched by the panel); the first
  // product goes to W transposed, one kernel call per reflector over all rows.
  for (let q = 0; q < NB; q++) simd.dotRows(W.byteOffset + q * top * 8, h.byteOffset + top * 8, n * 8, top, Vt.byteOffset + (q * n + top) * 8, m);
  const even = top & ~1;
  simd.gemmDst(Y.byteOffset, NB * 8, even, W.byteOffset, 8, top * 8, T.byteOffset, NB * 8, NB, 0, NB * 8, 1);
  if (even < top) timesT(Y, even * NB, W, top, even, T);
  gemmRows(simd, h, n, 0, top, top, n, Y, Vt, n);
  gemmRows(simd, h, n, top, n, kEnd, n, Y, Vt, n);
  // Left update on rows k+1.., columns kEnd..: V^T A into Y's storage (Y is spent), W = T^T (V^T A),
  // A -= V W. An even row stride lets the kernel take W's columns in whole pairs.
  const cols = n - kEnd;
  const ld = (cols + 1) & ~1;
  const VtA = Y;
  VtA.fill(0, 0, NB * ld);
  const rows4 = m & ~3;
  const colsE = cols & ~1;
  simd.gemmSrc(VtA.byteOffset, ld * 8, NB, V.byteOffset + top * NB * 8, 8, NB * 8, h.byteOffset + (top * n + kEnd) * 8, n * 8, rows4, 0, colsE * 8, 1);
  accumulateW(h, n, V, VtA, ld, kEnd, top + rows4, n, 0, cols);
  accumulateW(h, n, V, VtA, ld, kEnd, top, top + rows4, colsE, cols);
  W.fill(0, 0, NB * ld);
  simd.gemmDst(W.byteOffset, ld * 8, NB, T.byteOffset, 8, NB * 8, VtA.byteOffset, ld * 8, NB, 0, ld * 8, 1);
  gemmRows(simd, h, n, top, n, kEnd, n, V, W, ld, kEnd);
}

/** y[yo + e] += sum_{q <= e} x[q * ld + r] T[q, e]: one row of (X^T T), X stored transposed. */
function timesT(y: Float64Array, yo: number, x: Float64Array, ld: number, r: number, T: Float64Array): void {
  // Along T's rows, so no chain of dependent additions.
  for (let q = 0; q < NB; q++) {
    const xq = x[q * ld + r]!;
    for (let e = q; e < NB; e++) y[yo + e]! += xq * T[q * NB + e]!;
  }
}

/** The same updates in TypeScript loops, for a matrix outside the kernels' memory. */
function updateWithLoops(p: Panel, h: Float64Array, k: number, kEnd: number): void {
  const { n, V, Vt, Y, W, T, w } = p;
  // Y rows 0..k = A[0..k, k+1..] V T: eight dot products per pass over the row.
  for (let r = 0; r <= k; r++) {
    const o = r * n;
    for (let q = 0; q < NB; q += 8) {
      const q0 = q * n, q1 = q0 + n, q2 = q1 + n, q3 = q2 + n;
      const q4 = q3 + n, q5 = q4 + n, q6 = q5 + n, q7 = q6 + n;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (let c = k + 1; c < n; c++) {
        const x = h[o + c]!;
        s0 += x * Vt[q0 + c]!;
        s1 += x * Vt[q1 + c]!;
        s2 += x * Vt[q2 + c]!;
        s3 += x * Vt[q3 + c]!;
        s4 += x * Vt[q4 + c]!;
        s5 += x * Vt[q5 + c]!;
        s6 += x * Vt[q6 + c]!;
        s7 += x * Vt[q7 + c]!;
      }
      w[q] = s0;
      w[q + 1] = s1;
      w[q + 2] = s2;
      w[q + 3] = s3;
      w[q + 4] = s4;
      w[q + 5] = s5;
      w[q + 6] = s6;
      w[q + 7] = s7;
    }
    timesT(Y, r * NB, w, 1, 0, T);
  }
  // Right update A <- A - Y V^T: rows 0..k on columns k+1.., rows k+1.. on columns kEnd...
  for (let r = 0; r < n; r++) {
    const c0 = r <= k ? k + 1 : kEnd;
    // Pairs of rows with the same first column (rows k, k + 1 differ).
    if (r + 1 < n && (r + 1 <= k || r > k)) {
      axpy4x2(h, r * n, n, Y, r * NB, Vt, n, c0, n);
      r++;
    } else axpy4(h, r * n, Y, r * NB, Vt, n, c0, n, -1);
  }
  // Left update on rows k+1.., columns kEnd..: W = V^T A, W = T^T W, A -= V W.
  const cols = n - kEnd;
  W.fill(0, 0, NB * cols);
  accumulateW(h, n, V, W, cols, kEnd, k + 1, n, 0, cols);
  for (let q = NB - 1; q >= 0; q--) {
    // W[q] = sum_{e <= q} T[e, q] W[e], bottom-up so W[e < q] are still the old rows.
    const wo = q * cols;
    const tqq = T[q * NB + q]!;
    for (let c = 0; c < cols; c++) W[wo + c]! *= tqq;
    for (let e = 0; e < q; e++) {
      const t = T[e * NB + q]!;
      if (t === 0) continue;
      const eo = e * cols;
      for (let c = 0; c < cols; c++) W[wo + c]! += t * W[eo + c]!;
    }
  }
  let r = k + 1;
  for (; r + 1 < n; r += 2) axpy4x2(h, r * n + kEnd, n, V, r * NB, W, cols, 0, cols);
  if (r < n) axpy4(h, r * n + kEnd, V, r * NB, W, cols, 0, cols, -1);
}
