/**
 * Per-layer numbers from ln|λ|: radius, half-lives, the verdict against the horizon T, the gain
 * |λ|^(T−t) as quantile bands and the state's sensitivity near |λ| = 1. Quantiles follow numpy
 * (`method='linear'`, its lerp), so the numbers agree with numpy's to rounding.
 */

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

/** numpy.quantile(sorted, q) with the default linear method on an ascending array. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const virtual = q * (n - 1);
  const lo = Math.min(Math.max(Math.floor(virtual), 0), n - 1);
  const hi = Math.min(lo + 1, n - 1);
  const t = virtual - lo;
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  const diff = b - a;
  // numpy's _lerp: from the nearer end, so q = 1 gives the maximum exactly.
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** numpy.median: the middle value, or the mean of the two middle values. */
export function medianSorted(sorted: Float64Array): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
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

/** Everything per layer from ln|λ| (scaled by the Δ what-if `scale`) and the horizon T. */
export function layerStats(logModulus: Float64Array, horizon: number, scale = 1): LayerStats {
  const n = logModulus.length;
  const decaying: number[] = [];
  const log10Mod = new Float64Array(n);
  let radius = 0;
  let nonDecaying = 0;
  for (let i = 0; i < n; i++) {
    const l = scale * (logModulus[i] as number);
    const m = Math.exp(l);
    if (m > radius) radius = m;
    // |λ| ≥ 1 as float64 says it (as numpy's abs(λ) ≥ 1): a modulus that rounds to 1 does not decay.
    if (m >= 1) nonDecaying++;
    else decaying.push(Math.LN2 / -l);
    log10Mod[i] = Math.max(l / Math.LN10, LOG10_FLOOR);
  }
  const halves = Float64Array.from(decaying).sort();
  const halfLife = halves.length === 0 ? null : { min: halves[0] as number, median: medianSorted(halves), max: halves[halves.length - 1] as number };
  log10Mod.sort();
  const log10PerStep = GAIN_QUANTILES.map((q) => quantileSorted(log10Mod, q));
  const log10Gain = log10PerStep.map((s) => Array.from({ length: horizon }, (_, t) => (horizon - 1 - t) * s));
  return {
    channels: n,
    spectralRadius: radius,
    halfLife,
    nonDecaying,
    verdict: verdictOf(halfLife, nonDecaying, horizon),
    horizon,
    gain: { quantiles: GAIN_QUANTILES, log10PerStep, log10Gain },
    memory: memoryOf(logModulus, scale),
  };
}

/** non-decaying: some |λ| ≥ 1; short-memory: every half-life < T/10; else within-horizon. */
export function verdictOf(halfLife: Quantiles3 | null, nonDecaying: number, horizon: number): RecurrenceVerdict {
  if (nonDecaying > 0 || halfLife === null) return 'non-decaying';
  return halfLife.max < horizon / SHORT_MEMORY_FACTOR ? 'short-memory' : 'within-horizon';
}

function memoryOf(logModulus: Float64Array, scale: number): MemoryMoments | null {
  const logs: number[] = [];
  for (const l of logModulus) if (Math.exp(scale * l) < 1) logs.push(scale * l);
  if (logs.length === 0) return null;
  const sorted = Float64Array.from(logs).sort();
  const med = medianSorted(sorted);
  const max = sorted[sorted.length - 1] as number;
  return {
    log10StateVariance: { median: log10StateVariance(med), max: log10StateVariance(max) },
    log10Sensitivity: { median: log10Sensitivity(med), max: log10Sensitivity(max) },
  };
}
