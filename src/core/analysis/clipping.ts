/**
 * Gradient clipping, lecture eq. (5), applied to the BPTT gradient of W_hh,
 *   dL/dW = sum_t g_t h_{t-1}^T   (g_t = dL/dh_t; h_{t-1} the hidden states),
 * whose Frobenius norm is the total norm (W_hh is the only parameter here).
 *   PyTorch clip_grad_norm_:  coef = min(1, tau / (norm + 1e-6)),  grad <- coef * grad
 *   d2l / TF clip_by_norm:    coef = tau / max(norm, tau)
 * Both multiply the whole gradient by one positive number: the direction is kept (cosine 1) and
 * steps whose gradient had vanished stay vanished. Everything is in log10 so huge norms stay finite.
 */
import type { ClippingReport, Log10Series } from '../report';
import { gramProducts } from '../linalg/gramWasm';
import { log10Add, toLog10, type ScaledVec } from './logspace';
import { STREAM, streamSeed, unitGaussianVectors } from './streams';

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
 * Gaussian directions from the `hidden` stream of the `--seed` (independent of W, so the clipping
 * numbers show the gradient's own scale).
 */
export function defaultHiddenStates(seed: number, T: number, n: number): Float64Array[] {
  return unitGaussianVectors(streamSeed(seed, STREAM.hidden), T, n);
}

/**
 * Frobenius inner products of weighted gradient sums G_a = sum_t 10^(a_t - max a) u_t h_t^T:
 * inner(a, b) = <G_a, G_b>_F. Weights are log10 (-Infinity = left out), so nothing overflows.
 */
interface WeightedSums {
  inner(a: readonly number[], b: readonly number[]): number;
}

function normalisedWeights(a: readonly number[]): Float64Array {
  const top = a.reduce((x, y) => Math.max(x, y), -Infinity);
  return Float64Array.from(a, (x) => (x === -Infinity || top === -Infinity ? 0 : 10 ** (x - top)));
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>, from = 0, to = a.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** Materialises each n x n sum (cost n^2 T per weight vector): the cheaper route when T > n. */
function outerSums(grads: readonly ScaledVec[], hidden: readonly Float64Array[], n: number): WeightedSums {
  const cache = new Map<readonly number[], Float64Array>();
  const sum = (a: readonly number[]): Float64Array => {
    const hit = cache.get(a);
    if (hit !== undefined) return hit;
    const w = normalisedWeights(a);
    const m = new Float64Array(n * n);
    for (let t = 0; t < w.length; t++) {
      const f = w[t] as number;
      if (f === 0) continue;
      const u = (grads[t] as ScaledVec).v;
      const h = hidden[t] as Float64Array;
      for (let i = 0; i < n; i++) {
        const ui = f * (u[i] as number);
        if (ui === 0) continue;
        const off = i * n;
        for (let j = 0; j < n; j++) m[off + j] = (m[off + j] as number) + ui * (h[j] as number);
      }
    }
    cache.set(a, m);
    return m;
  };
  return { inner: (a, b) => dot(sum(a), sum(b)) };
}

function loopedGram(grads: readonly ScaledVec[], hidden: readonly Float64Array[]): Float64Array {
  const T = grads.length;
  const K = new Float64Array(T * T);
  for (let s = 0; s < T; s++) {
    for (let t = s; t < T; t++) {
      const k = dot((grads[s] as ScaledVec).v, (grads[t] as ScaledVec).v) * dot(hidden[s] as Float64Array, hidden[t] as Float64Array);
      K[s * T + t] = k;
      K[t * T + s] = k;
    }
  }
  return K;
}

/** Gram route (cost T^2 n once): <G_a, G_b> = sum_{s,t} a_s b_t (u_s . u_t)(h_s . h_t), for T <= n. */
function gramSums(grads: readonly ScaledVec[], hidden: readonly Float64Array[]): WeightedSums {
  const T = grads.length;
  // The kernel's K has the same bits as these loops; they run where WebAssembly is missing.
  const K = gramProducts(grads.map((g) => g.v), hidden) ?? loopedGram(grads, hidden);
  return {
    inner(a, b) {
      const wa = normalisedWeights(a);
      const wb = normalisedWeights(b);
      let total = 0;
      for (let s = 0; s < T; s++) {
        const x = wa[s] as number;
        if (x !== 0) total += x * dot(K.subarray(s * T, (s + 1) * T), wb);
      }
      return total;
    },
  };
}

function cosineOf(sums: WeightedSums, a: readonly number[], b: readonly number[]): number {
  const aa = sums.inner(a, a);
  const bb = sums.inner(b, b);
  if (!(aa > 0) || !(bb > 0)) return 1;
  return Math.max(-1, Math.min(1, sums.inner(a, b) / Math.sqrt(aa * bb)));
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
  /** How to form ||sum_t g_t h_{t-1}^T||: `auto` takes the cheaper route (both give the same numbers). */
  readonly method?: 'auto' | 'gram' | 'outer';
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
  const T = L.length;
  const method = input.method ?? 'auto';
  const sums = method === 'gram' || (method === 'auto' && T <= n) ? gramSums(grads, hidden) : outerSums(grads, hidden, n);
  const lmax = L.reduce((a, b) => Math.max(a, b), -Infinity);
  const sq = lmax === -Infinity ? 0 : sums.inner(L, L);
  // Cancellation can leave a tiny negative rounding residue in the Gram route: that is a zero.
  const log10TotalNorm = sq > 0 ? lmax + 0.5 * Math.log10(sq) : null;
  const log10Coef = pytorchLog10Coef(log10TotalNorm, tau);

  // Per-step alternative (the trajectory drawn in the panel): each g_t capped at tau.
  const perStep = L.map((l) => (l === -Infinity ? l : l + pytorchLog10Coef(l, tau)));
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
    // clip_grad_norm_ multiplies every g_t by the one coef: compare that gradient with the original.
    directionCosine: cosineOf(sums, global, L),
    vanishedStepsUnchanged: own.still,
    clipped: log10Coef < 0,
    log10GradNormGlobal: global.map(toLog10),
    perStepDirectionCosine: cosineOf(sums, perStep, L),
    vanishedSteps: own.before,
    ...(long === undefined ? {} : { longRangeVanishedSteps: long.before, longRangeVanishedStepsUnchanged: long.still }),
  };
}
