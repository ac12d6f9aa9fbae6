/**
 * The far updates of a bulge-chase batch: its reflectors (coefficients in the arrays below,
 * filled by chaseBulge) applied to the rows above the batch and the columns to its right, by the
 * two-lane kernels when the matrix lives in their memory, else by the TypeScript loops here.
 */
import { simdCoefficients, type SimdKernels } from './simdKernels';
import { BULGE_BATCH } from './tuning';

/** Reflectors per batch. */
export const BATCH = BULGE_BATCH;
const TILE = 128;

/** Per reflector of the batch: t1 = tau, v = [1, u1, u2], t2 = t1 u1, t3 = t1 u2, NR = 3 or 2 rows. */
export const T1 = new Float64Array(BATCH);
export const U1 = new Float64Array(BATCH);
export const U2 = new Float64Array(BATCH);
export const NR = new Int32Array(BATCH);
export const T2 = new Float64Array(BATCH);
export const T3 = new Float64Array(BATCH);

/** Copies the batch's coefficients into the kernels' memory ([t1, u1, u2, t2, t3] each). */
export function stage(k: SimdKernels, count: number): SimdKernels {
  const coef = simdCoefficients(k, count);
  for (let b = 0; b < count; b++) {
    coef[5 * b] = T1[b]!;
    coef[5 * b + 1] = U1[b]!;
    coef[5 * b + 2] = U2[b]!;
    coef[5 * b + 3] = T2[b]!;
    coef[5 * b + 4] = T3[b]!;
  }
  return k;
}

/**
 * Applies the batch's reflectors (first at row kb) from the left to columns [cFrom, cTo) of the
 * row-major mat (row stride n). A matrix in the SIMD kernels' memory takes its groups of four
 * reflectors two columns per instruction there; the rest (odd column, short groups) runs below.
 */
export function reflectColumns(mat: Float64Array, n: number, kb: number, count: number, cFrom: number, cTo: number, k: SimdKernels | null): void {
  if (k !== null && cTo - cFrom >= 2) {
    const g4 = (NR[count - 1] === 3 ? count : count - 1) >> 2;
    if (g4 > 0) {
      const cEven = cFrom + ((cTo - cFrom) & ~1);
      k.reflect4(mat.byteOffset + kb * n * 8, n * 8, g4, cFrom * 8, cEven * 8);
      reflectColumnsFrom(mat, n, kb, 4 * g4, count, cFrom, cEven);
      reflectColumnsFrom(mat, n, kb, 0, count, cEven, cTo);
      return;
    }
  }
  reflectColumnsFrom(mat, n, kb, 0, count, cFrom, cTo);
}

/**
 * Reflectors bFrom..count-1 of the batch on columns [cFrom, cTo), a tile of columns at a time
 * so the touched rows stay in cache.
 */
function reflectColumnsFrom(mat: Float64Array, n: number, kb: number, bFrom: number, count: number, cFrom: number, cTo: number): void {
  for (let c0 = cFrom; c0 < cTo; c0 += TILE) {
    const c1 = Math.min(cTo, c0 + TILE);
    let b = bFrom;
    // Four consecutive 3x3 reflectors per pass touch six rows: 6 loads and stores, not 12.
    for (; b + 3 < count && NR[b + 3] === 3; b += 4) {
      const ta1 = T1[b]!, ua1 = U1[b]!, ua2 = U2[b]!, ta2 = T2[b]!, ta3 = T3[b]!;
      const tb1 = T1[b + 1]!, ub1 = U1[b + 1]!, ub2 = U2[b + 1]!, tb2 = T2[b + 1]!, tb3 = T3[b + 1]!;
      const tc1 = T1[b + 2]!, uc1 = U1[b + 2]!, uc2 = U2[b + 2]!, tc2 = T2[b + 2]!, tc3 = T3[b + 2]!;
      const td1 = T1[b + 3]!, ud1 = U1[b + 3]!, ud2 = U2[b + 3]!, td2 = T2[b + 3]!, td3 = T3[b + 3]!;
      const r0 = (kb + b) * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n, r4 = r3 + n, r5 = r4 + n;
      for (let j = c0; j < c1; j++) {
        const x0 = mat[r0 + j]!;
        let x1 = mat[r1 + j]!, x2 = mat[r2 + j]!, x3 = mat[r3 + j]!;
        const sa = x0 + ua1 * x1 + ua2 * x2;
        mat[r0 + j] = x0 - sa * ta1;
        x1 -= sa * ta2;
        x2 -= sa * ta3;
        const sb = x1 + ub1 * x2 + ub2 * x3;
        mat[r1 + j] = x1 - sb * tb1;
        x2 -= sb * tb2;
        x3 -= sb * tb3;
        let x4 = mat[r4 + j]!;
        const sc = x2 + uc1 * x3 + uc2 * x4;
        mat[r2 + j] = x2 - sc * tc1;
        x3 -= sc * tc2;
        x4 -= sc * tc3;
        let x5 = mat[r5 + j]!;
        const sd = x3 + ud1 * x4 + ud2 * x5;
        mat[r3 + j] = x3 - sd * td1;
        x4 -= sd * td2;
        x5 -= sd * td3;
        mat[r4 + j] = x4;
        mat[r5 + j] = x5;
      }
    }
    // Two consecutive 3x3 reflectors per pass share two rows: 4 loads and stores, not 6.
    for (; b + 1 < count && NR[b + 1] === 3; b += 2) {
      const ta1 = T1[b]!, ua1 = U1[b]!, ua2 = U2[b]!, ta2 = T2[b]!, ta3 = T3[b]!;
      const tb1 = T1[b + 1]!, ub1 = U1[b + 1]!, ub2 = U2[b + 1]!, tb2 = T2[b + 1]!, tb3 = T3[b + 1]!;
      const r0 = (kb + b) * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
      for (let j = c0; j < c1; j++) {
        let x0 = mat[r0 + j]!, x1 = mat[r1 + j]!, x2 = mat[r2 + j]!, x3 = mat[r3 + j]!;
        const sa = x0 + ua1 * x1 + ua2 * x2;
        x0 -= sa * ta1;
        x1 -= sa * ta2;
        x2 -= sa * ta3;
        const sb = x1 + ub1 * x2 + ub2 * x3;
        x1 -= sb * tb1;
        x2 -= sb * tb2;
        x3 -= sb * tb3;
        mat[r0 + j] = x0;
        mat[r1 + j] = x1;
        mat[r2 + j] = x2;
        mat[r3 + j] = x3;
      }
    }
    for (; b < count; b++) {
      const t1 = T1[b]!;
      if (t1 === 0) continue;
      const u1 = U1[b]!;
      const t2 = T2[b]!;
      const r0 = (kb + b) * n, r1 = r0 + n;
      if (NR[b] === 3) {
        const u2 = U2[b]!;
        const t3 = T3[b]!;
        const r2 = r1 + n;
        for (let j = c0; j < c1; j++) {
          const sum = mat[r0 + j]! + u1 * mat[r1 + j]! + u2 * mat[r2 + j]!;
          mat[r0 + j]! -= sum * t1;
          mat[r1 + j]! -= sum * t2;
          mat[r2 + j]! -= sum * t3;
        }
      } else {
        for (let j = c0; j < c1; j++) {
          const sum = mat[r0 + j]! + u1 * mat[r1 + j]!;
          mat[r0 + j]! -= sum * t1;
          mat[r1 + j]! -= sum * t2;
        }
      }
    }
  }
}

/**
 * Applies the batch's reflectors (first at column kb) to rows [r0, r1) of mat from the right.
 * Consecutive reflectors overlap in two columns, so those two values stay in locals: one load
 * and one store per reflector and row instead of three. Two rows per pass share each
 * reflector's coefficients, which are then loaded once per two rows.
 */
export function reflectRows(mat: Float64Array, n: number, r0: number, r1: number, kb: number, count: number, k: SimdKernels | null): void {
  const lastIs3 = NR[count - 1] === 3;
  // Reflectors with three rows come first; at most the last one has two.
  const n3 = lastIs3 ? count : count - 1;
  let j = r0;
  const rows4 = (r1 - r0) & ~3;
  if (k !== null && rows4 > 0 && n3 > 0) {
    // Staged coefficients: the three-row reflectors in the kernel, four rows at a time.
    k.reflectRows(mat.byteOffset + (r0 * n + kb) * 8, n * 8, rows4, n3);
    if (!lastIs3) for (let r = r0; r < r0 + rows4; r++) reflectRow(mat, r * n + kb + n3, 1, false, n3);
    j = r0 + rows4;
  }
  for (; j + 3 < r1; j += 4) {
    const o = j * n + kb, p = o + n, q = p + n, s = q + n;
    let a0 = mat[o]!, a1 = mat[o + 1]!, b0 = mat[p]!, b1 = mat[p + 1]!;
    let c0 = mat[q]!, c1 = mat[q + 1]!, d0 = mat[s]!, d1 = mat[s + 1]!;
    for (let b = 0; b < n3; b++) {
      const a2 = mat[o + b + 2]!, b2 = mat[p + b + 2]!, c2 = mat[q + b + 2]!, d2 = mat[s + b + 2]!;
      const t1 = T1[b]!;
      if (t1 !== 0) {
        const u1 = U1[b]!, u2 = U2[b]!, t2 = T2[b]!, t3 = T3[b]!;
        const sa = a0 + u1 * a1 + u2 * a2, sb = b0 + u1 * b1 + u2 * b2;
        const sc = c0 + u1 * c1 + u2 * c2, sd = d0 + u1 * d1 + u2 * d2;
        mat[o + b] = a0 - sa * t1;
        mat[p + b] = b0 - sb * t1;
        mat[q + b] = c0 - sc * t1;
        mat[s + b] = d0 - sd * t1;
        a0 = a1 - sa * t2; a1 = a2 - sa * t3;
        b0 = b1 - sb * t2; b1 = b2 - sb * t3;
        c0 = c1 - sc * t2; c1 = c2 - sc * t3;
        d0 = d1 - sd * t2; d1 = d2 - sd * t3;
      } else {
        mat[o + b] = a0; mat[p + b] = b0; mat[q + b] = c0; mat[s + b] = d0;
        a0 = a1; a1 = a2; b0 = b1; b1 = b2; c0 = c1; c1 = c2; d0 = d1; d1 = d2;
      }
    }
    mat[o + n3] = a0; mat[p + n3] = b0; mat[q + n3] = c0; mat[s + n3] = d0;
    mat[o + n3 + 1] = a1; mat[p + n3 + 1] = b1; mat[q + n3 + 1] = c1; mat[s + n3 + 1] = d1;
    // A last two-row reflector acts on columns n3, n3 + 1, just written back.
    if (!lastIs3) {
      reflectRow(mat, o + n3, 1, false, n3);
      reflectRow(mat, p + n3, 1, false, n3);
      reflectRow(mat, q + n3, 1, false, n3);
      reflectRow(mat, s + n3, 1, false, n3);
    }
  }
  for (; j < r1; j++) reflectRow(mat, j * n + kb, count, lastIs3, 0);
}

/** reflectRows for a single row starting at offset o, with reflectors b0 .. b0 + count - 1. */
function reflectRow(mat: Float64Array, o: number, count: number, lastIs3: boolean, b0: number): void {
  let x0 = mat[o]!;
  let x1 = mat[o + 1]!;
  for (let i = 0; i < count; i++) {
    const b = b0 + i;
    const t1 = T1[b]!;
    if (NR[b] === 3) {
      let x2 = mat[o + i + 2]!;
      if (t1 !== 0) {
        const sum = x0 + U1[b]! * x1 + U2[b]! * x2;
        x0 -= sum * t1;
        x1 -= sum * T2[b]!;
        x2 -= sum * T3[b]!;
      }
      mat[o + i] = x0;
      x0 = x1;
      x1 = x2;
    } else {
      if (t1 !== 0) {
        const sum = x0 + U1[b]! * x1;
        x0 -= sum * t1;
        x1 -= sum * T2[b]!;
      }
      mat[o + i] = x0;
      x0 = x1;
    }
  }
  mat[o + count] = x0;
  if (lastIs3) mat[o + count + 1] = x1;
}
