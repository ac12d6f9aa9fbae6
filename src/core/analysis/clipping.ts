/**
 * Gradient clipping, seed eq. (5), applied to the BPTT gradient of W_hh,
 *   dL/dW = sum_t g_t h_{t-1}^T   (g_t = dL/dh_t; h_{t-1} the hidden states),
 * whose Frobenius norm is the total norm (W_hh is the only parameter here).
 *   PyTorch clip_grad_norm_:  coef = min(1, tau / (norm + 1e-6)),  grad <- coef * grad
 *   d2l / TF clip_by_norm:    coef = tau / max(norm, tau)
 * Both multiply the whole gradient by one positive number: the direction is kept (cosine 1) and
 * steps whose gradient had vanished stay vanished. Everything is in log10 so huge norms stay finite.
 */
import type { ClippingReport, Log10Series } from '../report';
import { log10Add, toLog10, type ScaledVec } from './logspace';
import { STREAM, streamSeed, unitGaussianVectors } from './prng';

/** PyTorch's epsilon in clip_grad_norm_. */
export const PYTORCH_CLIP_EPS = 1e-6;
/** A step counts as vanished when its gradient is below this fraction of the largest step's. */
export const VANISHED_LOG10 = -8;

/** log10 of PyTorch's coef = min(1, tau / (norm + 1e-6)); log10Norm null = a zero gradient. */
export function pytorchLog10Coef(log10Norm: number | null, tau: number): number {
  const denom = log10Add(log10Norm ?? -Infinity, Math.log10(PYTORCH_CLIP_EPS));
  return Math.min(0, Math.log10(tau) - denom);
}

/** log10 of the d2l/TF coef = tau / max(norm, tau). */
export function d2lLog10Coef(log10Norm: number | null, tau: number): number {
  const lt = Math.log10(tau);
  return lt - Math.max(log10Norm ?? -Infinity, lt);
}

/**
 * The documented hidden states used for dL/dW with the linear model: h_0..h_{T-1} are unit
 * Gaussian directions from the `hidden` stream of the seed (independent of W, so the clipping
 * numbers show the gradient's own scale).
 */
export function defaultHiddenStates(seed: number, T: number, n: number): Float64Array[] {
  return unitGaussianVectors(streamSeed(seed, STREAM.hidden), T, n);
}

/** sum_t 10^{w_t} u_t h_t^T kept as 10^scale * m, summed largest weight first so m is never rescaled. */
function accumulate(weights: readonly number[], grads: readonly ScaledVec[], hidden: readonly Float64Array[], n: number): { scale: number; m: Float64Array } {
  const m = new Float64Array(n * n);
  const order = weights.map((_, i) => i).filter((i) => (weights[i] as number) !== -Infinity);
  order.sort((a, b) => (weights[b] as number) - (weights[a] as number));
  const scale = order.length === 0 ? -Infinity : (weights[order[0] as number] as number);
  for (const t of order) {
    const f = 10 ** ((weights[t] as number) - scale);
    if (f === 0) break;
    const u = (grads[t] as ScaledVec).v;
    const h = hidden[t] as Float64Array;
    for (let i = 0; i < n; i++) {
      const ui = f * (u[i] as number);
      if (ui === 0) continue;
      const off = i * n;
      for (let j = 0; j < n; j++) m[off + j] = (m[off + j] as number) + ui * (h[j] as number);
    }
  }
  return { scale, m };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function cosine(a: Float64Array, b: Float64Array): number {
  const na = Math.sqrt(dot(a, a));
  const nb = Math.sqrt(dot(b, b));
  if (na === 0 || nb === 0) return 1;
  return Math.max(-1, Math.min(1, dot(a, b) / (na * nb)));
}

export interface ClippingInput {
  /** g_t = dL/dh_t, t = 1..T (from linearTrajectory). */
  readonly grads: readonly ScaledVec[];
  /** h_{t-1}, t = 1..T, each of length n. */
  readonly hidden: readonly Float64Array[];
  readonly tau: number;
  /**
   * log10 ||dL_T/dh_t|| (the loss at the last step alone reaching back to step t), t = 1..T:
   * with a loss at every step the per-step gradients never vanish, but this long-range part does.
   */
  readonly longRange?: readonly number[];
}

/** Steps below VANISHED_LOG10 of the series' largest, before and after adding log10 coef to all. */
function vanishedCounts(L: readonly number[], log10Coef: number): { before: number; still: number } {
  const after = L.map((l) => (l === -Infinity ? l : l + log10Coef));
  const lmax = L.reduce((a, b) => Math.max(a, b), -Infinity);
  const amax = after.reduce((a, b) => Math.max(a, b), -Infinity);
  let before = 0;
  let still = 0;
  for (let t = 0; t < L.length; t++) {
    const v = (L[t] as number) < lmax + VANISHED_LOG10;
    if (v) before++;
    if (v && (after[t] as number) < amax + VANISHED_LOG10) still++;
  }
  return { before, still };
}

/** Extra fields beside the contract's ClippingReport. */
export interface ClippingDetails extends ClippingReport {
  /** The trajectory after clip_grad_norm_: every step times the one coef (shape unchanged). */
  readonly log10GradNormGlobal: Log10Series;
  /** Cosine when each step is clipped on its own instead (this one can turn the direction). */
  readonly perStepDirectionCosine: number;
  /** Steps whose gradient had vanished before clipping. */
  readonly vanishedSteps: number;
  /** The same two counts for the long-range gradient dL_T/dh_t, when given. */
  readonly longRangeVanishedSteps?: number;
  readonly longRangeVanishedStepsUnchanged?: number;
}

export function clippingReport(input: ClippingInput): ClippingDetails {
  const { grads, hidden, tau } = input;
  if (!(tau > 0) || !Number.isFinite(tau)) throw new RangeError(`clipping threshold tau must be a positive number, got ${tau}`);
  const n = grads[0]?.v.length ?? 0;
  const L = grads.map((g) => g.log10Scale);
  const total = accumulate(L, grads, hidden, n);
  const log10Total = total.scale === -Infinity ? -Infinity : total.scale + 0.5 * Math.log10(dot(total.m, total.m));
  const log10TotalNorm = toLog10(Number.isNaN(log10Total) ? -Infinity : log10Total);
  const log10Coef = pytorchLog10Coef(log10TotalNorm, tau);
  const coef = 10 ** log10Coef;

  // Clip_grad_norm_ multiplies every entry by coef: compare the clipped gradient with the original.
  const clippedM = total.m.map((x) => x * coef);
  const directionCosine = cosine(clippedM, total.m);

  // Per-step alternative (the trajectory drawn in the panel): each g_t capped at tau.
  const perStep = L.map((l) => (l === -Infinity ? l : l + pytorchLog10Coef(l, tau)));
  const perStepM = accumulate(perStep, grads, hidden, n).m;

  const global = L.map((l) => (l === -Infinity ? l : l + log10Coef));
  const own = vanishedCounts(L, log10Coef);
  const long = input.longRange === undefined ? undefined : vanishedCounts(input.longRange, log10Coef);
  return {
    tau,
    rule: 'pytorch',
    log10TotalNorm,
    log10Coef,
    log10CoefD2l: d2lLog10Coef(log10TotalNorm, tau),
    log10GradNorm: perStep.map(toLog10),
    directionCosine,
    vanishedStepsUnchanged: own.still,
    clipped: log10Coef < 0,
    log10GradNormGlobal: global.map(toLog10),
    perStepDirectionCosine: cosine(perStepM, total.m),
    vanishedSteps: own.before,
    ...(long === undefined ? {} : { longRangeVanishedSteps: long.before, longRangeVanishedStepsUnchanged: long.still }),
  };
}
