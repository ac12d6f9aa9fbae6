/**
 * A tanh RNN with the same W: seeded forward pass h_t = tanh(W h_{t-1} + x_t), h_0 = 0, with
 * x_t i.i.d. N(0, TANH_INPUT_STD^2) per entry, then BPTT through the Jacobians
 * dh_{t+1}/dh_t = diag(1 - h_{t+1}^2) W:
 *   g_T = u_T,   g_t = u_t + W^T diag(1 - h_{t+1}^2) g_{t+1},   u_t = W_qh^T dL/do_t.
 * Pascanu et al. (2013): with gamma bounding |tanh'| (gamma = 1), sigma_max(W) < 1/gamma is
 * sufficient for vanishing, sigma_max(W) > 1/gamma is necessary for exploding.
 */
import type { Matrix } from '../matrix';
import type { Log10Series, TanhReport } from '../report';
import { addScaled, normalise, timesScale, toLog10, toOperator, type ScaledOperator, type ScaledVec } from './logspace';
import { gaussianVectors, STREAM, streamSeed } from './streams';

/** Standard deviation of each entry of the seeded inputs x_t. */
export const TANH_INPUT_STD = 0.5;
/** |tanh'| <= 1. */
export const TANH_GAMMA = 1;

/** The seeded inputs x_1..x_T of the tanh forward pass. */
export function tanhInputs(seed: number, T: number, n: number): Float64Array[] {
  return gaussianVectors(streamSeed(seed, STREAM.tanhInput), T, n, TANH_INPUT_STD);
}

/** ln(1 - tanh(a)^2) = ln sech^2(a), stable for any |a| (no cancellation, no overflow). */
export function logSech2(a: number): number {
  const x = Math.abs(a);
  return 2 * (Math.LN2 - x - Math.log1p(Math.exp(-2 * x)));
}

/**
 * Forward pass: returns, per step t = 1..T, ln(1 - h_t^2) for each unit (the Jacobian's diagonal,
 * kept as a logarithm so saturated units stay tiny rather than exactly zero).
 */
export function tanhForward(w: Matrix | ScaledOperator, inputs: readonly Float64Array[]): Float64Array[] {
  const sw = toOperator(w);
  const n = sw.n;
  const scale = sw.log10Scale === -Infinity ? 0 : 10 ** sw.log10Scale;
  let h = new Float64Array(n);
  const pre = new Float64Array(n);
  const out: Float64Array[] = [];
  for (const x of inputs) {
    sw.mul(h, pre);
    const next = new Float64Array(n);
    const logD = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // unit*h is bounded by n; times the scale it may reach +-Infinity, where tanh is +-1.
      const a = timesScale(pre[i] as number, scale) + (x[i] as number);
      next[i] = Math.tanh(a);
      logD[i] = logSech2(a);
    }
    out.push(logD);
    h = next;
  }
  return out;
}

/** log10 ||dL/dh_t||, t = 1..T, for the tanh RNN with projected upstream u_t (see bptt.ts). */
export function tanhBackward(w: Matrix | ScaledOperator, logDiag: readonly Float64Array[], u: readonly ScaledVec[]): Log10Series {
  const sw = toOperator(w);
  const n = sw.n;
  const T = u.length;
  const out = new Array<number | null>(T);
  const tmp = new Float64Array(n);
  const dg = new Float64Array(n);
  let g: ScaledVec | undefined;
  for (let t = T - 1; t >= 0; t--) {
    const ut = u[t] as ScaledVec;
    if (g === undefined) g = { log10Scale: ut.log10Scale, v: Float64Array.from(ut.v) };
    else {
      // diag(1 - h_{t+1}^2) g_{t+1}: factor out the largest derivative so the rest stays in [0, 1].
      const ld = logDiag[t + 1] as Float64Array;
      let lmax = -Infinity;
      for (let i = 0; i < n; i++) lmax = Math.max(lmax, ld[i] as number);
      // Every unit saturated to infinity: the Jacobian is exactly zero.
      if (lmax !== -Infinity) for (let i = 0; i < n; i++) dg[i] = (g.v[i] as number) * Math.exp((ld[i] as number) - lmax);
      const factor = g.log10Scale + sw.log10Scale + lmax / Math.LN10;
      const carried: ScaledVec =
        g.log10Scale === -Infinity || sw.log10Scale === -Infinity || lmax === -Infinity
          ? { log10Scale: -Infinity, v: tmp.fill(0) }
          : normalise(sw.mulT(dg, tmp), factor);
      g = addScaled(ut, carried);
    }
    out[t] = toLog10(g.log10Scale);
  }
  return out;
}

/**
 * The tanh report: Pascanu et al.'s condition from sigma_max and the seeded trajectory. Within
 * `tolerance` (relative) of 1/gamma neither side is claimed: an orthogonal W has sigma_max = 1 up
 * to rounding.
 */
export function tanhTrajectory(w: Matrix | ScaledOperator, u: readonly ScaledVec[], spectralNorm: number, seed: number, tolerance = 1e-6): TanhReport {
  const op = toOperator(w);
  const inputs = tanhInputs(seed, u.length, op.n);
  const logDiag = tanhForward(op, inputs);
  return {
    gamma: TANH_GAMMA,
    sufficientForVanishing: spectralNorm < (1 / TANH_GAMMA) * (1 - tolerance),
    necessaryForExploding: spectralNorm > (1 / TANH_GAMMA) * (1 + tolerance),
    seed,
    log10GradNorm: tanhBackward(op, logDiag, u),
  };
}
