/**
 * One reflector of the blocked Hessenberg reduction's panel (the DLAHR2 step): column j of the
 * lazily updated matrix, its Householder reflector, and the new columns of T and Y = A V T.
 * Small functions on purpose: a fresh process runs them optimised within a few reflectors,
 * where one large function waited for a long optimising compile.
 */
import type { SimdKernels } from './simdKernels';
import { NB } from './tuning';

/** The panel's arrays: in the kernels' memory when `simd` is set, ordinary arrays otherwise. */
export interface Panel {
  readonly n: number;
  readonly simd: SimdKernels | null;
  /** V[r * NB + p]: reflector p, row r (row-major n x NB); Vt the same, transposed. */
  readonly V: Float64Array;
  readonly Vt: Float64Array;
  /** Y = A V T, all rows. */
  readonly Y: Float64Array;
  readonly W: Float64Array;
  /** Upper triangular NB x NB. */
  readonly T: Float64Array;
  readonly av: Float64Array;
  readonly b: Float64Array;
  readonly t: Float64Array;
  readonly w: Float64Array;
}

/** out[o + r] = rows[ro + r * stride ..] . vec[vo ..] (len terms) for r < nRows, in the kernel. */
function dots(k: SimdKernels, out: Float64Array, o: number, rows: Float64Array, ro: number, stride: number, nRows: number, vec: Float64Array, vo: number, len: number): void {
  k.dotRows(out.byteOffset + o * 8, rows.byteOffset + ro * 8, stride * 8, nRows, vec.byteOffset + vo * 8, len);
}

/** b[r0..n) -= t[r0..n). */
function subtract(b: Float64Array, t: Float64Array, r0: number, n: number): void {
  for (let r = r0; r < n; r++) b[r]! -= t[r]!;
}

/**
 * Column j = k + i of Q_i^T A Q_i into b (rows k+1..): b = a_j - Y_i V_i[j,:]^T, then
 * b -= V_i T_i^T V_i^T b. Leaves w = T_i^T V_i^T b (the panel's later steps reuse w's storage).
 */
function updatedColumn(p: Panel, h: Float64Array, k: number, i: number): void {
  const { n, simd, V, Vt, Y, T, b, t, w } = p;
  const j = k + i;
  const m = n - k - 1; // rows k+1..n-1
  for (let r = k + 1; r < n; r++) b[r] = h[r * n + j]!;
  if (i === 0) return;
  if (simd) {
    dots(simd, t, k + 1, Y, (k + 1) * NB, NB, m, V, j * NB, i);
    subtract(b, t, k + 1, n);
    dots(simd, w, 0, Vt, k + 1, n, i, b, k + 1, m);
  } else {
    for (let r = k + 1; r < n; r++) {
      let s = 0;
      for (let q = 0; q < i; q++) s += Y[r * NB + q]! * V[j * NB + q]!;
      b[r]! -= s;
    }
    w.fill(0, 0, i);
    for (let r = k + 1; r < n; r++) {
      const br = b[r]!;
      for (let q = 0; q < i; q++) w[q]! += V[r * NB + q]! * br;
    }
  }
  for (let q = i - 1; q >= 0; q--) {
    let s = 0;
    for (let e = 0; e <= q; e++) s += T[e * NB + q]! * w[e]!;
    w[q] = s;
  }
  if (simd) {
    dots(simd, t, k + 1, V, (k + 1) * NB, NB, m, w, 0, i);
    subtract(b, t, k + 1, n);
  } else for (let r = k + 1; r < n; r++) {
    let s = 0;
    for (let q = 0; q < i; q++) s += V[r * NB + q]! * w[q]!;
    b[r]! -= s;
  }
}

/**
 * The reflector for b[j+1..n) (column j final in h: rows ..j, beta, zeros), stored as V's and
 * Vt's column i with v[j+1] = 1. Returns tau (0: b is already reduced, the reflector is I).
 */
function reflector(p: Panel, h: Float64Array, k: number, i: number): number {
  const { n, V, Vt, b } = p;
  const j = k + i;
  const alpha = b[j + 1]!;
  let big = Math.abs(alpha);
  for (let r = j + 2; r < n; r++) big = Math.max(big, Math.abs(b[r]!));
  let ss = 0;
  if (big > 0) {
    for (let r = j + 2; r < n; r++) {
      const x = b[r]! / big;
      ss += x * x;
    }
  }
  let tau = 0;
  let beta = alpha;
  V[(j + 1) * NB + i] = 1;
  Vt[i * n + j + 1] = 1;
  if (ss > 0) {
    const a = alpha / big;
    beta = -(a >= 0 ? 1 : -1) * Math.sqrt(a * a + ss) * big;
    tau = (beta - alpha) / beta;
    // Divided, not multiplied by a reciprocal that overflows when alpha - beta is subnormal.
    const d = alpha - beta;
    for (let r = j + 2; r < n; r++) {
      const v = b[r]! / d;
      V[r * NB + i] = v;
      Vt[i * n + r] = v;
    }
  }
  for (let r = k + 1; r <= j; r++) h[r * n + j] = b[r]!;
  h[(j + 1) * n + j] = beta;
  for (let r = j + 2; r < n; r++) h[r * n + j] = 0;
  return tau;
}

/** T column i: T[0:i, i] = -tau T_i (V_i^T v_i), T[i, i] = tau. Leaves V_i^T v_i in w. */
function tColumn(p: Panel, j: number, i: number, tau: number): void {
  const { n, simd, V, Vt, T, w } = p;
  if (simd) dots(simd, w, 0, Vt, j + 1, n, i, Vt, i * n + j + 1, n - j - 1);
  else for (let q = 0; q < i; q++) {
    let s = 0;
    for (let r = j + 1; r < n; r++) s += V[r * NB + q]! * V[r * NB + i]!;
    w[q] = s;
  }
  for (let q = 0; q < i; q++) {
    let s = 0;
    for (let e = q; e < i; e++) s += T[q * NB + e]! * w[e]!;
    T[q * NB + i] = -tau * s;
  }
  T[i * NB + i] = tau;
}

/**
 * Y column i, rows k+1..: tau (A v_i - Y_i (V_i^T v_i)), A being the matrix at the start of the
 * panel (its columns j+1.. are untouched so far). The rows above get Y after the panel.
 */
function yColumn(p: Panel, h: Float64Array, k: number, i: number, tau: number): void {
  const { n, simd, Vt, Y, av, t, w } = p;
  const j = k + i;
  const m = n - k - 1;
  const vo = i * n;
  if (simd) {
    dots(simd, av, k + 1, h, (k + 1) * n + j + 1, n, m, Vt, vo + j + 1, n - j - 1);
    dots(simd, t, k + 1, Y, (k + 1) * NB, NB, m, w, 0, i);
    for (let r = k + 1; r < n; r++) Y[r * NB + i] = tau * (av[r]! - t[r]!);
    return;
  }
  for (let r = k + 1; r < n; r++) {
    const o = r * n;
    // Two chains hide the additions' latency (the kernel's lane order, so the same bits).
    let s0 = 0, s1 = 0;
    let c = j + 1;
    for (; c + 1 < n; c += 2) {
      s0 += h[o + c]! * Vt[vo + c]!;
      s1 += h[o + c + 1]! * Vt[vo + c + 1]!;
    }
    if (c < n) s0 += h[o + c]! * Vt[vo + c]!;
    let s = s0 + s1;
    for (let q = 0; q < i; q++) s -= Y[r * NB + q]! * w[q]!;
    Y[r * NB + i] = tau * s;
  }
}

/** Reflector i of the panel starting at column k: h's column k + i is final afterwards. */
export function panelStep(p: Panel, h: Float64Array, k: number, i: number): void {
  updatedColumn(p, h, k, i);
  const tau = reflector(p, h, k, i);
  tColumn(p, k + i, i, tau);
  if (tau !== 0) yColumn(p, h, k, i, tau);
}
