/**
 * Singular values: σ_max by Golub–Kahan–Lanczos (Jacobi when Lanczos cannot certify it), all
 * or the largest few by one-sided Jacobi (small) or Lanczos (large).
 */
import type { Matrix } from '../matrix';
import { jacobiSingularValues } from './jacobi';
import { lanczosSingularValues } from './lanczos';
import { JACOBI_MAX } from './tuning';

/** σ_max = ||a||_2 for any shape (0 for an empty or zero matrix). */
export function spectralNorm(a: Matrix): number {
  if (a.rows === 0 || a.cols === 0) return 0;
  const r = lanczosSingularValues(a, 1);
  if (r.converged) return r.values[0]!;
  return jacobiSingularValues(a)[0]!;
}


/** Singular values, descending; `max` limits the result to that many of the largest. */
export function singularValues(a: Matrix, max?: number): Float64Array {
  const p = Math.min(a.rows, a.cols);
  const want = Math.max(0, Math.min(p, max ?? p));
  if (want === 0) return new Float64Array(0);
  // Lanczos pays off only when a few of many values are wanted.
  if (want * 4 <= p && p > 64) {
    const r = lanczosSingularValues(a, want, { maxSteps: Math.min(p, 4 * want + 60) });
    if (r.converged) return r.values;
  }
  // One-sided Jacobi is the most accurate but O(p^2 q) per sweep: beyond JACOBI_MAX, run the
  // bidiagonalisation to completion (every value to absolute accuracy ~eps sigma_max).
  if (p > JACOBI_MAX) return lanczosSingularValues(a, want, { exhaustive: true }).values;
  return jacobiSingularValues(a).slice(0, want);
}
