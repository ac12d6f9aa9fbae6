/**
 * Eigenvalues of a symmetric tridiagonal matrix with zero diagonal (the Golub–Kahan form of a
 * bidiagonal matrix, whose eigenvalues are ±σ) by Sturm-sequence bisection: each value to
 * full relative precision, independently of the others; and the Ritz coefficients that turn a
 * Lanczos basis into the singular vector of a value found here.
 */

/** Number of eigenvalues of the zero-diagonal tridiagonal with off-diagonal `e` that are < x. */
function countBelow(e: Float64Array, len: number, x: number): number {
  // Dimension len + 1; pivots q_i = -x - e_{i-1}^2 / q_{i-1}.
  let count = 0;
  let q = -x;
  if (q < 0) count++;
  for (let i = 0; i < len; i++) {
    if (q === 0) q = -Number.MIN_VALUE;
    const ei = e[i]!;
    q = -x - (ei * ei) / q;
    if (q < 0) count++;
  }
  return count;
}

/**
 * The `count` largest singular values of the upper bidiagonal with diagonal alpha[0..k) and
 * superdiagonal beta[0..k-1), descending. Uses the 2k x 2k Golub–Kahan tridiagonal
 * [0 a0 0 b0 0 a1 0 b1 ...] scaled by its largest entry.
 */
export function bidiagonalTopSingularValues(alpha: Float64Array, beta: Float64Array, k: number, count: number): Float64Array {
  const len = 2 * k - 1;
  const e = new Float64Array(Math.max(len, 0));
  let big = 0;
  for (let i = 0; i < k; i++) {
    e[2 * i] = alpha[i]!;
    big = Math.max(big, Math.abs(alpha[i]!));
    if (i + 1 < k) {
      e[2 * i + 1] = beta[i]!;
      big = Math.max(big, Math.abs(beta[i]!));
    }
  }
  const out = new Float64Array(Math.min(count, k));
  if (big === 0) return out;
  for (let i = 0; i < len; i++) e[i]! /= big;
  const dim = 2 * k;
  // Gershgorin: every eigenvalue lies in [-2, 2] after scaling.
  for (let j = 0; j < out.length; j++) {
    // The (j+1)-th largest eigenvalue: smallest x with countBelow(x) >= dim - j.
    let lo = 0;
    let hi = 2.0000000000000004;
    if (j > 0) hi = Math.min(hi, out[j - 1]! * (1 + 4 * Number.EPSILON) + Number.MIN_VALUE);
    for (let it = 0; it < 200; it++) {
      const mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) break;
      if (countBelow(e, len, mid) >= dim - j) hi = mid;
      else lo = mid;
    }
    out[j] = hi;
  }
  for (let j = 0; j < out.length; j++) out[j]! *= big;
  return out;
}

/**
 * y with V y the Ritz vector: the eigenvector of B^T B (B the k-step bidiagonal) for sigma^2,
 * by inverse iteration; -(B^T B - sigma^2 I) is positive semidefinite, so LDL^T needs no pivoting.
 */
export function ritzCoefficients(alpha: Float64Array, beta: Float64Array, k: number, sigma: number): Float64Array {
  const d = new Float64Array(k);
  const e = new Float64Array(Math.max(0, k - 1));
  const mu = sigma * sigma;
  for (let i = 0; i < k; i++) {
    d[i] = mu - (alpha[i]! ** 2 + (i > 0 ? beta[i - 1]! ** 2 : 0));
    if (i + 1 < k) e[i] = -alpha[i]! * beta[i]!;
  }
  const tiny = Math.max(mu, Number.MIN_VALUE) * 1e-300;
  let y = new Float64Array(k).fill(1);
  const piv = new Float64Array(k);
  for (let it = 0; it < 3; it++) {
    const z = Float64Array.from(y);
    for (let i = 0; i < k; i++) {
      let p = d[i]! - (i > 0 ? (e[i - 1]! * e[i - 1]!) / piv[i - 1]! : 0);
      if (Math.abs(p) < tiny) p = tiny;
      piv[i] = p;
      if (i > 0) z[i]! -= (e[i - 1]! / piv[i - 1]!) * z[i - 1]!;
    }
    for (let i = k - 1; i >= 0; i--) z[i] = z[i]! / piv[i]! - (i + 1 < k ? (e[i]! / piv[i]!) * z[i + 1]! : 0);
    let big = 0;
    for (let i = 0; i < k; i++) big = Math.max(big, Math.abs(z[i]!));
    if (!(big > 0) || !Number.isFinite(big)) break;
    for (let i = 0; i < k; i++) z[i]! /= big;
    y = z;
  }
  return y;
}
