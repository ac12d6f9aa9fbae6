/**
 * σ_max of a power of a Hessenberg matrix: H^k has lower bandwidth k (entries left of column
 * i - k in row i are exact zeros), so the products with it and its transpose in Golub–Kahan–
 * Lanczos skip that triangle — a third to a half of the work while k << n.
 */
import { maxAbs, pow2Near } from './dense';
import { gkl, type LanczosOptions, type LanczosResult } from './lanczos';

/** Largest singular value of the n x n row-major `p` with lower bandwidth `b`, as lanczosSingularValues. */
export function bandedSpectralNorm(p: Float64Array, n: number, b: number, opts: LanczosOptions): LanczosResult {
  const big = maxAbs(p);
  if (big === 0 || !Number.isFinite(big) || n === 0) {
    return { values: new Float64Array(n === 0 ? 0 : 1).fill(big === 0 ? 0 : NaN), converged: big === 0, steps: 0 };
  }
  // Scaling by a power of two is exact and keeps sums of squares far from overflow.
  const s = pow2Near(big);
  const inv = 1 / s;
  const fwd = (x: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      const o = i * n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = Math.max(0, i - b);
      // Four accumulators: the dot product is bound by the latency of its additions.
      for (; j + 3 < n; j += 4) {
        s0 += p[o + j]! * x[j]!;
        s1 += p[o + j + 1]! * x[j + 1]!;
        s2 += p[o + j + 2]! * x[j + 2]!;
        s3 += p[o + j + 3]! * x[j + 3]!;
      }
      for (; j < n; j++) s0 += p[o + j]! * x[j]!;
      out[i] = (s0 + s1 + (s2 + s3)) * inv;
    }
  };
  const adj = (y: Float64Array, out: Float64Array): void => {
    out.fill(0);
    let i = 0;
    // Four rows per pass: one load and store of out per four multiply-adds, not per one (the
    // later rows' entries before their band are exact zeros, so all four start at row i's band).
    for (; i + 3 < n; i += 4) {
      const y0 = y[i]!, y1 = y[i + 1]!, y2 = y[i + 2]!, y3 = y[i + 3]!;
      const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
      for (let j = Math.max(0, i - b); j < n; j++) out[j]! += y0 * p[o0 + j]! + y1 * p[o1 + j]! + y2 * p[o2 + j]! + y3 * p[o3 + j]!;
    }
    for (; i < n; i++) {
      const yi = y[i]!;
      const o = i * n;
      for (let j = Math.max(0, i - b); j < n; j++) out[j]! += yi * p[o + j]!;
    }
    for (let j = 0; j < n; j++) out[j]! *= inv;
  };
  const r = gkl(n, n, fwd, adj, 1, opts);
  for (let i = 0; i < r.values.length; i++) r.values[i]! *= s;
  return r;
}
