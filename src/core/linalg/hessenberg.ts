/**
 * Householder reduction to upper Hessenberg form, in place on a row-major n x n
 * array. Every update runs along rows (stride 1), the cache-friendly direction for row-major data.
 */

/**
 * Reduces h to upper Hessenberg form by Householder similarity transforms and zeroes everything
 * below the subdiagonal. The transforms are not kept: callers need eigenvalues or norms only.
 * Columns before `from` must already be reduced.
 */
export function hessenbergInPlace(h: Float64Array, n: number, from = 0): void {
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  for (let k = from; k + 2 < n; k++) {
    // Reflector for column k, rows k+1..n-1: (I - tau v v^T) x = beta e1, v[k+1] = 1.
    const alpha = h[(k + 1) * n + k]!;
    let big = Math.abs(alpha);
    for (let i = k + 2; i < n; i++) big = Math.max(big, Math.abs(h[i * n + k]!));
    if (big === 0) continue;
    let ss = 0;
    for (let i = k + 2; i < n; i++) {
      const x = h[i * n + k]! / big;
      ss += x * x;
    }
    if (ss === 0) continue; // column already reduced: the reflector is the identity
    const a = alpha / big;
    const beta = -(a >= 0 ? 1 : -1) * Math.sqrt(a * a + ss) * big;
    const tau = (beta - alpha) / beta;
    // A division, not a reciprocal: alpha - beta may be subnormal, and 1 / it Infinity (dlarfg
    // rescales instead; dividing gives the same quotients, each at most 1 in size).
    const d = alpha - beta;
    v[k + 1] = 1;
    for (let i = k + 2; i < n; i++) {
      v[i] = h[i * n + k]! / d;
      h[i * n + k] = 0;
    }
    h[(k + 1) * n + k] = beta;

    // Left: rows k+1.., columns k+1..: w = v^T H, then H -= tau v w.
    const c0 = k + 1;
    w.fill(0, c0, n);
    let i = c0;
    // Four rows per pass: one load and store of w per four multiply-adds.
    for (; i + 3 < n; i += 4) {
      const v0 = v[i]!, v1 = v[i + 1]!, v2 = v[i + 2]!, v3 = v[i + 3]!;
      const r0 = i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
      for (let j = c0; j < n; j++) w[j]! += v0 * h[r0 + j]! + v1 * h[r1 + j]! + v2 * h[r2 + j]! + v3 * h[r3 + j]!;
    }
    for (; i < n; i++) {
      const vi = v[i]!;
      const ri = i * n;
      for (let j = c0; j < n; j++) w[j]! += vi * h[ri + j]!;
    }
    // Then per row: the left update H_i -= tau v_i w (rows k+1..), and the right one,
    // s = H_i v, H_i -= tau s v^T (every row), while the row is still in cache.
    for (let i = 0; i < n; i++) {
      const ri = i * n;
      // Four accumulators: the dot product is bound by the latency of its additions.
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let j = c0;
      if (i >= c0) {
        const f = tau * v[i]!;
        for (; j + 3 < n; j += 4) {
          const x0 = h[ri + j]! - f * w[j]!;
          const x1 = h[ri + j + 1]! - f * w[j + 1]!;
          const x2 = h[ri + j + 2]! - f * w[j + 2]!;
          const x3 = h[ri + j + 3]! - f * w[j + 3]!;
          h[ri + j] = x0;
          h[ri + j + 1] = x1;
          h[ri + j + 2] = x2;
          h[ri + j + 3] = x3;
          s0 += x0 * v[j]!;
          s1 += x1 * v[j + 1]!;
          s2 += x2 * v[j + 2]!;
          s3 += x3 * v[j + 3]!;
        }
        for (; j < n; j++) {
          const x = h[ri + j]! - f * w[j]!;
          h[ri + j] = x;
          s0 += x * v[j]!;
        }
      } else {
        for (; j + 3 < n; j += 4) {
          s0 += h[ri + j]! * v[j]!;
          s1 += h[ri + j + 1]! * v[j + 1]!;
          s2 += h[ri + j + 2]! * v[j + 2]!;
          s3 += h[ri + j + 3]! * v[j + 3]!;
        }
        for (; j < n; j++) s0 += h[ri + j]! * v[j]!;
      }
      const s = s0 + s1 + (s2 + s3);
      if (s === 0) continue;
      const f = tau * s;
      for (let j = c0; j < n; j++) h[ri + j]! -= f * v[j]!;
    }
  }
  for (let i = 2; i < n; i++) h.fill(0, i * n, i * n + i - 1);
}
