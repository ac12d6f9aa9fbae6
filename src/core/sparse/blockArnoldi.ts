/**
 * Arnoldi steps taken a block at a time (s-step Arnoldi). From v_j the block's raw vectors are
 * A v_j, A^2 v_j, ... (each scaled to unit length); they are orthogonalised against the basis
 * together, so the basis streams from memory once per block rather than once per product, and
 * the Rayleigh quotient's columns follow from the block's coordinates by a change of basis. The
 * Krylov space is the same as one step at a time, so the iteration converges the same way.
 *
 * With Y = [y_0 .. y_{s-1}] the unit raw vectors (A v_j = nu_0 y_0, A y_b = nu_{b+1} y_{b+1}) and
 * Y = V C + Q R (Q the new orthonormal vectors v_{j+1} .., R upper triangular):
 *   A v_j = nu_0 (V c_0 + q_0 r_00)
 *   A q_b = (nu_{b+1} y_{b+1} - A V c_b - sum_{l<b} A q_l r_lb) / r_bb,
 * where A V c_b uses the quotient's columns already known. A column is taken only while r_bb stays
 * above BLOCK_TAU, which bounds the amplification of rounding by that division; the rest of the
 * block is dropped and the iteration goes on from the last vector kept.
 */
import type { KrylovBasis } from './basis';

/** Smallest r_bb (of a unit raw vector) a column is derived from: rounding grows at most 1/BLOCK_TAU. */
export const BLOCK_TAU = 1e-3;

export interface BlockArnoldi {
  /** Columns of the Rayleigh quotient s ((m + 1) x m, row-major, row stride m). */
  readonly m: number;
  readonly basis: KrylovBasis;
  readonly apply: (x: Float64Array, out: Float64Array) => void;
  readonly s: Float64Array;
  /** Scratch: coefficients ((m + 1) x BLOCK_MAX), two of them, R and its second pass, raw norms, a column. */
  readonly c: Float64Array;
  readonly c2: Float64Array;
  readonly r: Float64Array;
  readonly r2: Float64Array;
  readonly nu: Float64Array;
  readonly col: Float64Array;
}

/**
 * Rows j..j+bs-1 (unit vectors) <- Q with Y = V C + Q R, V = v_0..v_{j-1}: c (j x bs) and r. A
 * second pass (block CGS2) runs when any vector lost more than 1 - 1/sqrt 2 of its length.
 */
export function orthonormaliseBlock(a: BlockArnoldi, j: number, bs: number): void {
  const { basis, c, c2, r, r2 } = a;
  basis.project(j, bs, c);
  basis.within(j, bs, r);
  let again = false;
  for (let b = 0; b < bs; b++) if (!(r[b * bs + b]! >= 0.7071)) again = true;
  if (!again) return;
  basis.project(j, bs, c2);
  basis.within(j, bs, r2);
  // Y = V C1 + Q1 R1, Q1 = V C2 + Q R2  =>  C = C1 + C2 R1, R = R2 R1.
  for (let q = 0; q < j; q++) {
    for (let b = bs - 1; b >= 0; b--) {
      let acc = c[q * bs + b]!;
      for (let l = 0; l <= b; l++) acc += c2[q * bs + l]! * r[l * bs + b]!;
      c[q * bs + b] = acc;
    }
  }
  for (let b = 0; b < bs; b++) {
    for (let i = 0; i <= b; i++) {
      let acc = 0;
      for (let l = i; l <= b; l++) acc += r2[i * bs + l]! * r[l * bs + b]!;
      c2[i] = acc;
    }
    for (let i = 0; i <= b; i++) r[i * bs + b] = c2[i]!;
  }
}

/**
 * The block from v_j: up to bs new columns j.. of s and vectors v_{j+1}.. (j + bs <= m). Returns
 * how many it took (0: none, the caller takes a single step), or -1 on a non-finite number, and
 * the products it spent. `sNorm` is the running max |entry| of s above its subdiagonal, returned
 * updated.
 */
export function blockStep(a: BlockArnoldi, j: number, bsWanted: number, sNorm: number): { taken: number; sNorm: number; products: number } {
  const { basis, apply, s, m, nu, c, r, col } = a;
  let bs = bsWanted;
  let products = 0;
  let src = basis.vec(j);
  for (let b = 0; b < bs; b++) {
    const y = basis.vec(j + 1 + b);
    apply(src, y);
    products++;
    const ny = basis.normalise(j + 1 + b);
    if (!Number.isFinite(ny)) return { taken: -1, sNorm, products };
    if (ny === 0) {
      bs = b;
      break;
    }
    nu[b] = ny;
    src = y;
  }
  if (bs < 2) return { taken: 0, sNorm, products };
  orthonormaliseBlock(a, j + 1, bs);
  let taken = 0;
  while (taken < bs && r[taken * bs + taken]! >= BLOCK_TAU) taken++;
  if (taken === 0) return { taken: 0, sNorm, products };
  let big = sNorm;
  // Column j: A v_j = nu_0 y_0.
  for (let q = 0; q <= j; q++) s[q * m + j] = nu[0]! * c[q * bs]!;
  s[(j + 1) * m + j] = nu[0]! * r[0]!;
  for (let q = 0; q <= j; q++) big = Math.max(big, Math.abs(s[q * m + j]!));
  // Columns j + 1 + b: A q_b.
  for (let b = 0; b + 1 < taken; b++) {
    const cc = j + 1 + b;
    const rows = cc + 2;
    col.fill(0, 0, rows);
    const w = nu[b + 1]!;
    for (let q = 0; q <= j; q++) col[q] = w * c[q * bs + b + 1]!;
    for (let l = 0; l <= b + 1; l++) col[j + 1 + l] = w * r[l * bs + b + 1]!;
    // A V c_b: the quotient's rows against c_b (rows of s are contiguous).
    for (let row = 0; row <= j + 1; row++) {
      const o = row * m;
      let acc = 0;
      for (let q = 0; q <= j; q++) acc += s[o + q]! * c[q * bs + b]!;
      col[row]! -= acc;
    }
    for (let l = 0; l < b; l++) {
      const f = r[l * bs + b]!;
      const at = j + 1 + l;
      for (let row = 0; row <= at + 1; row++) col[row]! -= f * s[row * m + at]!;
    }
    const d = r[b * bs + b]!;
    for (let row = 0; row < rows; row++) s[row * m + cc] = col[row]! / d;
    for (let row = 0; row <= cc; row++) big = Math.max(big, Math.abs(s[row * m + cc]!));
  }
  return { taken: Number.isFinite(big) ? taken : -1, sNorm: big, products };
}
