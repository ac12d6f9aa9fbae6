/**
 * Linear BPTT, lecture eq. (1): with o_t = W_qh h_t and h_t = W h_{t-1} + ...,
 *   g_T = W_qh^T d_T,   g_t = W_qh^T d_t + W^T g_{t+1},   d_t = dL/do_t,
 * reported as log10 ||g_t|| for t = 1..T, in log space so that rho = 3, T = 1000 stays finite.
 */
import type { Matrix } from '../matrix';
import type { Log10Series, LossAt } from '../report';
import { addScaled, mulTScaled, normalise, scaleMatrix, toLog10, toOperator, type ScaledOperator, type ScaledVec } from './logspace';
import { STREAM, streamSeed, unitGaussianVectors } from './streams';

export interface UpstreamOptions {
  /** dL/do_1..dL/do_T (rows of length q); T is the row count. */
  readonly upstream: readonly ArrayLike<number>[];
  /** Output weights W_qh (q x n); identity when absent (q = n). */
  readonly wqh?: Matrix;
  /** `last-step`: only d_T enters (loss on the final output alone). */
  readonly lossAt: LossAt;
}

export interface LinearTrajectory {
  /** log10 ||dL/dh_t||, t = 1..T. */
  readonly log10GradNorm: Log10Series;
  /** dL/dh_t in log space, index t - 1 (kept for dL/dW and clipping). */
  readonly grads: readonly ScaledVec[];
}

/**
 * The documented default upstream: T unit vectors of length q, i.i.d. Gaussian directions from
 * mulberry32(streamSeed(seed, upstream)) + Box-Muller, each normalised to ||d_t|| = 1.
 */
export function defaultUpstream(seed: number, T: number, q: number): Float64Array[] {
  return unitGaussianVectors(streamSeed(seed, STREAM.upstream), T, q);
}

/** u_t = W_qh^T d_t as scaled vectors of length n (zero for t < T with a last-step loss). */
export function projectUpstream(n: number, opts: UpstreamOptions): ScaledVec[] {
  const T = opts.upstream.length;
  const wqh = opts.wqh;
  return opts.upstream.map((d, idx) => {
    if (opts.lossAt === 'last-step' && idx !== T - 1) return { log10Scale: -Infinity, v: new Float64Array(n) };
    if (wqh === undefined) {
      if (d.length !== n) throw new RangeError(`dL/do_${idx + 1} has ${d.length} values, expected ${n}`);
      return normalise(Float64Array.from(d));
    }
    if (d.length !== wqh.rows) throw new RangeError(`dL/do_${idx + 1} has ${d.length} values, expected ${wqh.rows} (rows of W_qh)`);
    // W_qh^T d in log space: scale W_qh and d first so the product cannot overflow.
    const sw = scaleMatrix(wqh);
    const sd = normalise(Float64Array.from(d));
    return mulTScaled(sw, sd);
  });
}

/** Linear BPTT trajectory of W (n x n) for the given upstream gradients dL/do_t. */
export function linearTrajectory(w: Matrix, opts: UpstreamOptions): LinearTrajectory {
  return linearTrajectoryFrom(w, projectUpstream(w.rows, opts));
}

/** Linear BPTT from already projected upstream u_t = W_qh^T dL/do_t (W dense or an operator). */
export function linearTrajectoryFrom(w: Matrix | ScaledOperator, u: readonly ScaledVec[]): LinearTrajectory {
  const sw = toOperator(w);
  const n = sw.n;
  const T = u.length;
  const grads: ScaledVec[] = new Array<ScaledVec>(T);
  let g: ScaledVec | undefined;
  const tmp = new Float64Array(n);
  for (let t = T - 1; t >= 0; t--) {
    const ut = u[t] as ScaledVec;
    if (g === undefined) g = { log10Scale: ut.log10Scale, v: Float64Array.from(ut.v) };
    else {
      // W^T g_{t+1}: the unit matrix times a unit vector is bounded by n, so it never overflows.
      const carried: ScaledVec =
        g.log10Scale === -Infinity || sw.log10Scale === -Infinity
          ? { log10Scale: -Infinity, v: tmp.fill(0) }
          : normalise(sw.mulT(g.v, tmp), sw.log10Scale + g.log10Scale);
      g = addScaled(ut, carried);
    }
    grads[t] = g;
  }
  return { log10GradNorm: grads.map((x) => toLog10(x.log10Scale)), grads };
}
