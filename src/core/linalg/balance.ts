/**
 * Parlett–Reinsch balancing as reference LAPACK's dgebal does it (scaling only, no permutation):
 * each row/column pair is scaled by a power of two (exact) until its 2-norms are within a factor
 * of two. The norms leave the diagonal out, as dgebal did before LAPACK 3.5 and EISPACK's
 * balanc does: the diagonal does not change under the similarity, and a huge diagonal entry
 * would otherwise trip the overflow guards and leave a graded matrix unbalanced. A similarity, so the eigenvalues are unchanged; it reduces ||A|| and with it the
 * rounding error of the QR iteration.
 *
 * dgebal's safeguards are kept: a factor is never grown or shrunk past SFMAX2/SFMIN2 (so no entry
 * can overflow to Infinity or flush to zero), a pair whose accumulated scale would leave
 * [SFMIN1, SFMAX1] is left alone, and a NaN stops the balancing. Every loop has a count cap as
 * well, so no input can keep it going.
 */

/** LAPACK's dgebal constants: the safe minimum over the precision, and the reciprocal. */
const SFMIN1 = 2 ** -1022 / 2 ** -52;
const SFMAX1 = 1 / SFMIN1;
const RADIX = 2;
const SFMIN2 = SFMIN1 * RADIX;
const SFMAX2 = 1 / SFMIN2;
/** A pair is rescaled only when its norms' sum drops below this fraction of what it was. */
const FACTOR = 0.95;
/** Sweeps over all pairs at most. dgebal's loop ends by itself; the cap makes that certain. */
export const BALANCE_MAX_SWEEPS = 100;
/** Doublings (or halvings) of one factor in one step at most: 2^2100 spans every double. */
const MAX_RADIX_STEPS = 2100;
/** Below this a sum of squares may have lost entries to underflow: recompute it scaled. */
const SUMSQ_SAFE_MIN = 2 ** -900;

export interface BalanceResult {
  /** Whether any pair was scaled; when none was, h is untouched. */
  readonly scaled: boolean;
  /** Sweeps used; equal to BALANCE_MAX_SWEEPS when the cap, not convergence, ended it. */
  readonly sweeps: number;
  /** The power-of-two factor D[i] of each pair: the result is D^-1 A D. */
  readonly scale: Float64Array;
}

/**
 * 2-norm and largest |entry| of n values at stride `step` from `start`, leaving out the one at
 * index `skip` (the diagonal), without underflow or overflow.
 */
function norm2(h: Float64Array, start: number, step: number, n: number, skip: number, out: Float64Array): void {
  let ss = 0;
  let big = 0;
  for (let k = 0, p = start; k < n; k++, p += step) {
    const v = k === skip ? 0 : h[p]!;
    ss += v * v;
    const a = Math.abs(v);
    if (a > big) big = a;
  }
  if (big > 0 && !(ss >= SUMSQ_SAFE_MIN && ss < Infinity)) {
    // Underflowed or overflowed squares: the second pass scales by the largest entry.
    const inv = 1 / big;
    ss = 0;
    for (let k = 0, p = start; k < n; k++, p += step) {
      const v = k === skip ? 0 : h[p]! * inv;
      ss += v * v;
    }
    out[0] = Math.sqrt(ss) * big;
  } else {
    out[0] = Math.sqrt(ss);
  }
  out[1] = big;
}

/** Balances the row-major n x n h in place (dgebal with JOB = 'S'). */
export function balanceMatrix(h: Float64Array, n: number): BalanceResult {
  const scale = new Float64Array(n).fill(1);
  const col = new Float64Array(2);
  const row = new Float64Array(2);
  let scaled = false;
  let sweeps = 0;
  let noconv = true;
  while (noconv && sweeps < BALANCE_MAX_SWEEPS) {
    noconv = false;
    sweeps++;
    for (let i = 0; i < n; i++) {
      norm2(h, i, n, n, i, col);
      norm2(h, i * n, 1, n, i, row);
      let c = col[0]!;
      let ca = col[1]!;
      let r = row[0]!;
      let ra = row[1]!;
      if (c === 0 || r === 0) continue;
      // dgebal returns on a NaN (INFO = -3): nothing more can be balanced.
      if (Number.isNaN(c + ca + r + ra)) return { scaled, sweeps, scale };
      let g = r / RADIX;
      let f = 1;
      const s = c + r;
      for (let k = 0; k < MAX_RADIX_STEPS && c < g && Math.max(f, c, ca) < SFMAX2 && Math.min(r, g, ra) > SFMIN2; k++) {
        f *= RADIX;
        c *= RADIX;
        ca *= RADIX;
        r /= RADIX;
        g /= RADIX;
        ra /= RADIX;
      }
      g = c / RADIX;
      for (let k = 0; k < MAX_RADIX_STEPS && g >= r && Math.max(r, ra) < SFMAX2 && Math.min(f, c, g, ca) > SFMIN2; k++) {
        f /= RADIX;
        c /= RADIX;
        g /= RADIX;
        ca /= RADIX;
        r *= RADIX;
        ra *= RADIX;
      }
      if (c + r >= FACTOR * s) continue;
      const si = scale[i]!;
      if (f < 1 && si < 1 && f * si <= SFMIN1) continue;
      if (f > 1 && si > 1 && si >= SFMAX1 / f) continue;
      scale[i] = si * f;
      noconv = true;
      scaled = true;
      const inv = 1 / f;
      const ri = i * n;
      // Row i by 1/f and column i by f; the diagonal entry is left as it is (the two cancel).
      for (let j = 0; j < n; j++) if (j !== i) h[ri + j]! *= inv;
      for (let j = 0; j < n; j++) if (j !== i) h[j * n + i]! *= f;
    }
  }
  return { scaled, sweeps, scale };
}

/** Balances h in place; returns whether any pair was scaled (when none was, h is untouched). */
export function balance(h: Float64Array, n: number): boolean {
  return balanceMatrix(h, n).scaled;
}
