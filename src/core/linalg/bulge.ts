/**
 * One Francis double-shift sweep: chases the 3x3 bulge from row m down to row i of the row-major
 * Hessenberg h. Reflectors are processed in batches; inside a batch only the entries near the
 * bulge are updated at once, and the updates of the rows above the batch and of the columns to
 * its right (which nothing in the batch reads) are applied afterwards, all reflectors of the
 * batch per row segment or column tile (bulgeApply.ts). Same arithmetic, a fraction of the
 * memory traffic.
 */
import { BATCH, NR, T1, T2, T3, U1, U2, reflectColumns, reflectRows, stage } from './bulgeApply';
import { simdKernels } from './simdKernels';

/**
 * sqrt(a^2 + b^2 + c^2) given big = max |.| and small = max(|b|, |c|) > 0: squares directly when
 * nothing can overflow or underflow (Math.hypot costs ten times more, once per reflector).
 */
function norm3(a: number, b: number, c: number, big: number, small: number): number {
  return big < 1e140 && small > 1e-140 ? Math.sqrt(a * a + b * b + c * c) : Math.hypot(a, b, c);
}

/**
 * The reflector kk of the chase (b = kk - kb in the batch): I - t v v^T with v = [1, u1, u2]
 * mapping [v0, v1, v2] (the bulge's column, or the shift polynomial's for kk = m) to [beta, 0, 0].
 * Stores its coefficients at b and h's reduced column; returns t (0: the identity).
 */
function reflectorAt(h: Float64Array, n: number, l: number, m: number, i: number, kk: number, b: number, v0: number, v1: number, v2: number): number {
  const nr = Math.min(3, i - kk + 1);
  if (kk > m) {
    v0 = h[kk * n + kk - 1]!;
    v1 = h[(kk + 1) * n + kk - 1]!;
    v2 = nr === 3 ? h[(kk + 2) * n + kk - 1]! : 0;
  }
  const xbig = nr === 3 ? Math.max(Math.abs(v1), Math.abs(v2)) : Math.abs(v1);
  let t1 = 0, u1 = 0, u2 = 0, beta = v0;
  if (xbig !== 0) {
    beta = -(v0 >= 0 ? 1 : -1) * norm3(v0, v1, nr === 3 ? v2 : 0, Math.max(xbig, Math.abs(v0)), xbig);
    t1 = (beta - v0) / beta;
    // Divided, not multiplied by a reciprocal that overflows when v0 - beta is subnormal.
    const d = v0 - beta;
    u1 = v1 / d;
    u2 = v2 / d;
  }
  if (kk > m) {
    h[kk * n + kk - 1] = beta;
    h[(kk + 1) * n + kk - 1] = 0;
    if (kk < i - 1) h[(kk + 2) * n + kk - 1] = 0;
  } else if (m > l) {
    // Equivalent to negating H(k, k-1) but robust when u1, u2 underflow.
    h[kk * n + kk - 1]! *= 1 - t1;
  }
  T1[b] = t1;
  U1[b] = u1;
  U2[b] = u2;
  NR[b] = nr;
  T2[b] = t1 * u1;
  T3[b] = t1 * u2;
  return t1;
}

/** Reflector b (three rows from kk) on the entries near the bulge: rows kk.. to column cEnd, columns kk.. from row r0 to jEnd. */
function nearUpdate3(h: Float64Array, n: number, kk: number, b: number, cEnd: number, r0: number, jEnd: number): void {
  const t1 = T1[b]!, u1 = U1[b]!, u2 = U2[b]!, t2 = T2[b]!, t3 = T3[b]!;
  const q0 = kk * n, q1 = q0 + n, q2 = q1 + n;
  for (let j = kk; j <= cEnd; j++) {
    const sum = h[q0 + j]! + u1 * h[q1 + j]! + u2 * h[q2 + j]!;
    h[q0 + j]! -= sum * t1;
    h[q1 + j]! -= sum * t2;
    h[q2 + j]! -= sum * t3;
  }
  for (let j = r0; j <= jEnd; j++) {
    const r = j * n + kk;
    const sum = h[r]! + u1 * h[r + 1]! + u2 * h[r + 2]!;
    h[r]! -= sum * t1;
    h[r + 1]! -= sum * t2;
    h[r + 2]! -= sum * t3;
  }
}

/** The same for a reflector of two rows (the last of a chase). */
function nearUpdate2(h: Float64Array, n: number, kk: number, b: number, cEnd: number, r0: number, jEnd: number): void {
  const t1 = T1[b]!, u1 = U1[b]!, t2 = T2[b]!;
  const q0 = kk * n, q1 = q0 + n;
  for (let j = kk; j <= cEnd; j++) {
    const sum = h[q0 + j]! + u1 * h[q1 + j]!;
    h[q0 + j]! -= sum * t1;
    h[q1 + j]! -= sum * t2;
  }
  for (let j = r0; j <= jEnd; j++) {
    const r = j * n + kk;
    const sum = h[r]! + u1 * h[r + 1]!;
    h[r]! -= sum * t1;
    h[r + 1]! -= sum * t2;
  }
}

/**
 * Chases the bulge started by the first column (v0, v1, v2) of the double-shift polynomial at
 * row m. Rows/columns outside [i1, i2] are left alone (i1 = l, i2 = i for eigenvalues only).
 * Small functions on purpose: a fresh process optimises each within a few sweeps, where one
 * large function waited for long optimising compiles (and a deoptimisation restarted them).
 */
export function chaseBulge(
  h: Float64Array, n: number, l: number, m: number, i: number, i1: number, i2: number,
  v0: number, v1: number, v2: number, z?: Float64Array, zt?: Float64Array,
): void {
  const simd = simdKernels();
  for (let kb = m; kb <= i - 1; kb += BATCH) {
    const ke = Math.min(kb + BATCH, i); // reflectors kk = kb .. ke-1
    const inlineColEnd = Math.min(i2, ke + 1); // columns a column update of this batch can touch
    for (let kk = kb; kk < ke; kk++) {
      const b = kk - kb;
      if (reflectorAt(h, n, l, m, i, kk, b, v0, v1, v2) === 0) continue;
      if (NR[b] === 3) nearUpdate3(h, n, kk, b, inlineColEnd, Math.max(i1, kb), Math.min(kk + 3, i));
      else nearUpdate2(h, n, kk, b, inlineColEnd, Math.max(i1, kb), i);
    }
    const count = ke - kb;
    // h in the SIMD kernels' memory: the batch's coefficients go there once for both kernels.
    const k = simd !== null && h.buffer === simd.memory.buffer ? stage(simd, count) : null;
    // Rows above the batch (and every row of z): all reflectors of the batch per row segment.
    reflectRows(h, n, i1, kb, kb, count, k);
    if (z) reflectRows(z, n, 0, n, kb, count, null);
    // Columns right of the batch: every reflector of the batch on a tile of columns at a time.
    reflectColumns(h, n, kb, count, inlineColEnd + 1, i2 + 1, k);
    // z^T (when kept transposed) takes the batch from the left on every column: rows kb.. are contiguous.
    if (zt) reflectColumns(zt, n, kb, count, 0, n, zt.buffer === k?.memory.buffer ? k : null);
  }
}
