/**
 * Per-layer numbers from ln|λ|: radius, half-lives, the verdict against the horizon T, the gain
 * |λ|^(T−t) as quantile bands and the state's sensitivity near |λ| = 1. Quantiles follow numpy
 * (`method='linear'`, its lerp), so the numbers agree with numpy's to rounding.
 */
import { selectRanks } from './select';

/** Quantiles of the gain bands (over channels). */
export const GAIN_QUANTILES: readonly number[] = [0, 0.1, 0.5, 0.9, 1];

/** Memory counts as much shorter than T when the longest half-life is below T / SHORT_MEMORY_FACTOR. */
export const SHORT_MEMORY_FACTOR = 10;

/** log10|λ| of an exact zero is floored here (the smallest subnormal), so bands stay finite. */
export const LOG10_FLOOR = Math.log10(Number.MIN_VALUE);

export type RecurrenceVerdict = 'non-decaying' | 'short-memory' | 'within-horizon';

export interface Quantiles3 {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export interface LayerStats {
  readonly channels: number;
  readonly spectralRadius: number;
  /** Over channels with |λ| < 1; null when every channel has |λ| ≥ 1. */
  readonly halfLife: Quantiles3 | null;
  readonly nonDecaying: number;
  readonly verdict: RecurrenceVerdict;
  readonly horizon: number;
  readonly gain: GainBands;
  readonly memory: MemoryMoments | null;
}

export interface GainBands {
  readonly quantiles: readonly number[];
  /** Quantile of log10|λ| over the channels: log10 of one step's gain. */
  readonly log10PerStep: number[];
  /** log10 |λ|^(T−t) for t = 1..T, one series per quantile. */
  readonly log10Gain: number[][];
}

/**
 * Zucchet & Orvieto (2024), for h_t = λ h_{t−1} + x_t with uncorrelated unit inputs:
 * E|h|² = 1/(1 − |λ|²) and E|∂h/∂λ|² = (1 + |λ|²)/(1 − |λ|²)³, as log10, at the channel of
 * median ln|λ| and at the largest |λ| < 1 (over the decaying channels).
 */
export interface MemoryMoments {
  readonly log10StateVariance: { readonly median: number; readonly max: number };
  readonly log10Sensitivity: { readonly median: number; readonly max: number };
}

// Written with ln|λ| = l: 1 − |λ|² = −expm1(2l) keeps its digits as |λ| → 1.
const log10StateVariance = (l: number): number => -Math.log10(-Math.expm1(2 * l));
const log10Sensitivity = (l: number): number => Math.log10(1 + Math.exp(2 * l)) - 3 * Math.log10(-Math.expm1(2 * l));

/**
 * Everything per layer from ln|λ| (scaled by the Δ what-if `scale`) and the horizon T. The order
 * statistics of ln|λ| serve every quantile: half-lives, log10|λ| and the moments are increasing in
 * it, so their numpy quantiles are the transformed order statistics, interpolated the same way.
 * Those few ranks are selected, not sorted for (select.ts).
 */
export function layerStats(logModulus: Float64Array, horizon: number, scale = 1): LayerStats {
  const n = logModulus.length;
  const sorted = new Float64Array(n);
  // |λ| ≥ 1 as float64 says it (as numpy's abs(λ) ≥ 1): a modulus that rounds to 1 does not decay.
  let decaying = 0;
  for (let i = 0; i < n; i++) {
    const l = scale * (logModulus[i] as number);
    sorted[i] = l;
    if (l < -1e-15 || (l < 0 && Math.exp(l) < 1)) decaying++;
  }
  // Only the ranks read below are put in their sorted places ("sorted" holds true at those).
  selectRanks(sorted, [0, n - 1, ...medianRanks(decaying), decaying - 1, ...GAIN_QUANTILES.flatMap((q) => quantileRanks(n, q))]);
  const nonDecaying = n - decaying;
  const radius = n === 0 ? 0 : Math.exp(sorted[n - 1] as number);
  const half = (l: number): number => Math.LN2 / -l;
  // Half-lives ascend as ln|λ| ascends towards 0: the shortest is the most negative ln|λ|.
  const halfLife = decaying === 0 ? null : { min: half(sorted[0] as number), median: medianOf(sorted, decaying, half), max: half(sorted[decaying - 1] as number) };
  const log10 = (l: number): number => Math.max(l / Math.LN10, LOG10_FLOOR);
  const log10PerStep = GAIN_QUANTILES.map((q) => quantileOf(sorted, q, log10));
  const log10Gain = log10PerStep.map((s) => Array.from({ length: horizon }, (_, t) => (horizon - 1 - t) * s));
  return {
    channels: n,
    spectralRadius: radius,
    halfLife,
    nonDecaying,
    verdict: verdictOf(halfLife, nonDecaying, horizon),
    horizon,
    gain: { quantiles: GAIN_QUANTILES, log10PerStep, log10Gain },
    memory: decaying === 0 ? null : memoryOf(sorted, decaying),
  };
}

const medianRanks = (count: number): number[] => [(count >> 1) - 1, count >> 1];

/** The two ranks numpy's linear quantile q reads from an ascending array of n values. */
function quantileRanks(n: number, q: number): number[] {
  const lo = Math.min(Math.max(Math.floor(q * (n - 1)), 0), n - 1);
  return [lo, Math.min(lo + 1, n - 1)];
}

/** numpy.median of f over the first `count` values of an ascending array (f increasing). */
function medianOf(sorted: Float64Array, count: number, f: (x: number) => number): number {
  const mid = count >> 1;
  return count % 2 === 1 ? f(sorted[mid] as number) : (f(sorted[mid - 1] as number) + f(sorted[mid] as number)) / 2;
}

/** numpy.quantile of f over an ascending array (f non-decreasing), linear method. */
function quantileOf(sorted: Float64Array, q: number, f: (x: number) => number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const virtual = q * (n - 1);
  const lo = Math.min(Math.max(Math.floor(virtual), 0), n - 1);
  const hi = Math.min(lo + 1, n - 1);
  const t = virtual - lo;
  const a = f(sorted[lo] as number);
  const diff = f(sorted[hi] as number) - a;
  // numpy's _lerp: from the nearer end, so q = 1 gives the maximum exactly.
  return t >= 0.5 ? f(sorted[hi] as number) - diff * (1 - t) : a + diff * t;
}

/** non-decaying: some |λ| ≥ 1; short-memory: every half-life < T/10; else within-horizon. */
export function verdictOf(halfLife: Quantiles3 | null, nonDecaying: number, horizon: number): RecurrenceVerdict {
  if (nonDecaying > 0 || halfLife === null) return 'non-decaying';
  return halfLife.max < horizon / SHORT_MEMORY_FACTOR ? 'short-memory' : 'within-horizon';
}

/** The moments at the median and the largest ln|λ| of the `count` decaying channels (ascending). */
function memoryOf(sorted: Float64Array, count: number): MemoryMoments {
  const med = medianOf(sorted, count, (x) => x);
  const max = sorted[count - 1] as number;
  return {
    log10StateVariance: { median: log10StateVariance(med), max: log10StateVariance(max) },
    log10Sensitivity: { median: log10Sensitivity(med), max: log10Sensitivity(max) },
  };
}
