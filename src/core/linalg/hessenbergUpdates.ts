/**
 * The blocked Hessenberg reduction's panel updates, A <- A - Y V^T and A <- A - V (T^T V^T A):
 * register-blocked TypeScript loops, and the dispatch to the two-lane kernel when the matrix
 * and panels live in its memory.
 */
import type { SimdKernels } from './simdKernels';

import { NB } from './tuning';

export { NB };

/**
 * W[p, c] += sum_r V[r, p] A[r, kEnd + c] for rows [r0, r1) and c in [c0, c1): four rows of A and
 * four rows of W per pass (rows past r1 repeat the last one with zero coefficients).
 */
export function accumulateW(h: Float64Array, n: number, V: Float64Array, W: Float64Array, cols: number, kEnd: number, r0: number, r1: number, c0: number, c1: number): void {
  if (c0 >= c1) return;
  for (let r = r0; r < r1; r += 4) {
    const o0 = r * n + kEnd;
    const o1 = r + 1 < r1 ? o0 + n : o0, o2 = r + 2 < r1 ? o0 + 2 * n : o0, o3 = r + 3 < r1 ? o0 + 3 * n : o0;
    const m1 = r + 1 < r1 ? 1 : 0, m2 = r + 2 < r1 ? 1 : 0, m3 = r + 3 < r1 ? 1 : 0;
    for (let p = 0; p < NB; p += 4) {
      const e = r * NB + p;
      const v00 = V[e]!, v01 = V[e + 1]!, v02 = V[e + 2]!, v03 = V[e + 3]!;
      const f = m1 ? e + NB : e, g = m2 ? e + 2 * NB : e, q = m3 ? e + 3 * NB : e;
      const v10 = m1 * V[f]!, v11 = m1 * V[f + 1]!, v12 = m1 * V[f + 2]!, v13 = m1 * V[f + 3]!;
      const v20 = m2 * V[g]!, v21 = m2 * V[g + 1]!, v22 = m2 * V[g + 2]!, v23 = m2 * V[g + 3]!;
      const v30 = m3 * V[q]!, v31 = m3 * V[q + 1]!, v32 = m3 * V[q + 2]!, v33 = m3 * V[q + 3]!;
      const w0 = p * cols, w1 = w0 + cols, w2 = w1 + cols, w3 = w2 + cols;
      for (let c = c0; c < c1; c++) {
        const x = h[o0 + c]!, y = h[o1 + c]!, z = h[o2 + c]!, u = h[o3 + c]!;
        W[w0 + c]! += v00 * x + v10 * y + (v20 * z + v30 * u);
        W[w1 + c]! += v01 * x + v11 * y + (v21 * z + v31 * u);
        W[w2 + c]! += v02 * x + v12 * y + (v22 * z + v32 * u);
        W[w3 + c]! += v03 * x + v13 * y + (v23 * z + v33 * u);
      }
    }
  }
}

/**
 * dst[o + c] += sign * sum_p coef[co + p] * rows[p * stride + c] for c in [c0, c1), p < NB:
 * four rows per pass so each dst entry is loaded and stored NB/4 times instead of NB.
 */
export function axpy4(dst: Float64Array, o: number, coef: Float64Array, co: number, rows: Float64Array, stride: number, c0: number, c1: number, sign: number): void {
  for (let p = 0; p < NB; p += 8) {
    const a0 = sign * coef[co + p]!, a1 = sign * coef[co + p + 1]!, a2 = sign * coef[co + p + 2]!, a3 = sign * coef[co + p + 3]!;
    const a4 = sign * coef[co + p + 4]!, a5 = sign * coef[co + p + 5]!, a6 = sign * coef[co + p + 6]!, a7 = sign * coef[co + p + 7]!;
    const r0 = p * stride, r1 = r0 + stride, r2 = r1 + stride, r3 = r2 + stride;
    const r4 = r3 + stride, r5 = r4 + stride, r6 = r5 + stride, r7 = r6 + stride;
    for (let c = c0; c < c1; c++) {
      dst[o + c]! += a0 * rows[r0 + c]! + a1 * rows[r1 + c]! + a2 * rows[r2 + c]! + a3 * rows[r3 + c]! +
        (a4 * rows[r4 + c]! + a5 * rows[r5 + c]! + a6 * rows[r6 + c]! + a7 * rows[r7 + c]!);
    }
  }
}

/**
 * axpy4 with sign -1 on two rows of dst, at o and o + ld, with coefficient rows co and co + NB:
 * each load of `rows` then serves both rows.
 */
export function axpy4x2(dst: Float64Array, o: number, ld: number, coef: Float64Array, co: number, rows: Float64Array, stride: number, c0: number, c1: number): void {
  const o2 = o + ld;
  const cq = co + NB;
  for (let p = 0; p < NB; p += 4) {
    const a0 = coef[co + p]!, a1 = coef[co + p + 1]!, a2 = coef[co + p + 2]!, a3 = coef[co + p + 3]!;
    const b0 = coef[cq + p]!, b1 = coef[cq + p + 1]!, b2 = coef[cq + p + 2]!, b3 = coef[cq + p + 3]!;
    const r0 = p * stride, r1 = r0 + stride, r2 = r1 + stride, r3 = r2 + stride;
    for (let c = c0; c < c1; c++) {
      const y0 = rows[r0 + c]!, y1 = rows[r1 + c]!, y2 = rows[r2 + c]!, y3 = rows[r3 + c]!;
      dst[o + c]! -= a0 * y0 + a1 * y1 + (a2 * y2 + a3 * y3);
      dst[o2 + c]! -= b0 * y0 + b1 * y1 + (b2 * y2 + b3 * y3);
    }
  }
}

/**
 * h[r, c] -= sum_p coef[r * NB + p] rows[p * stride + c - cOff] for rows [r0, r1) and columns
 * [c0, c1), by the SIMD kernel on even row and column counts, the TypeScript loops on the rest.
 */
export function gemmRows(
  simd: SimdKernels, h: Float64Array, n: number, r0: number, r1: number, c0: number, c1: number,
  coef: Float64Array, rows: Float64Array, stride: number, cOff = 0,
): void {
  const nr = (r1 - r0) & ~1;
  const cE = c0 + ((c1 - c0) & ~1);
  if (nr > 0 && cE > c0) {
    simd.gemmDst(h.byteOffset + (r0 * n + c0) * 8, n * 8, nr, coef.byteOffset + r0 * NB * 8, NB * 8, 8,
      rows.byteOffset + (c0 - cOff) * 8, stride * 8, NB, 0, (cE - c0) * 8, -1);
  }
  // The TypeScript loops index dst and rows by the same column: shift it by cOff.
  for (let r = r0; r < r0 + nr; r += 2) if (cE < c1) axpy4x2(h, r * n + cOff, n, coef, r * NB, rows, stride, cE - cOff, c1 - cOff);
  if (r0 + nr < r1) axpy4(h, (r0 + nr) * n + cOff, coef, (r0 + nr) * NB, rows, stride, c0 - cOff, c1 - cOff, -1);
}
