/** One-sided Jacobi SVD: every singular value to high relative accuracy, O(p^2 q) per sweep. */
import type { Matrix } from '../matrix';
import { transpose } from '../matrix';
import { maxAbs, pow2Near } from './dense';

/**
 * All singular values of `a`, descending, by one-sided Jacobi on the rows of a (or of a^T when
 * a is tall): rotations of row pairs until every pair is orthogonal to working precision.
 */
export function jacobiSingularValues(a: Matrix): Float64Array {
  const t = a.rows <= a.cols ? a : transpose(a);
  const p = t.rows;
  const q = t.cols;
  const big = maxAbs(t.data);
  if (big === 0 || !Number.isFinite(big)) return new Float64Array(p).fill(big === 0 ? 0 : NaN);
  const s = pow2Near(big);
  const w = new Float64Array(t.data.length);
  for (let i = 0; i < w.length; i++) w[i] = t.data[i]! / s;
  const nrm = new Float64Array(p);
  for (let sweep = 0; sweep < 60; sweep++) {
    for (let i = 0; i < p; i++) {
      let x = 0;
      for (let k = 0; k < q; k++) x += w[i * q + k]! ** 2;
      nrm[i] = x;
    }
    let rotated = false;
    for (let i = 0; i < p - 1; i++) {
      const oi = i * q;
      for (let j = i + 1; j < p; j++) {
        const oj = j * q;
        let g = 0;
        for (let k = 0; k < q; k++) g += w[oi + k]! * w[oj + k]!;
        const ai = nrm[i]!;
        const aj = nrm[j]!;
        if (g === 0 || Math.abs(g) <= Number.EPSILON * Math.sqrt(ai * aj)) continue;
        rotated = true;
        const zeta = (aj - ai) / (2 * g);
        const tt = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + tt * tt);
        const sn = c * tt;
        for (let k = 0; k < q; k++) {
          const x = w[oi + k]!;
          const y = w[oj + k]!;
          w[oi + k] = c * x - sn * y;
          w[oj + k] = sn * x + c * y;
        }
        nrm[i] = ai - tt * g;
        nrm[j] = aj + tt * g;
      }
    }
    if (!rotated) break;
  }
  const out = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let x = 0;
    for (let k = 0; k < q; k++) x += w[i * q + k]! ** 2;
    out[i] = Math.sqrt(x) * s;
  }
  return out.sort().reverse();
}

