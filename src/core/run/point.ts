/**
 * One run-chart point of a square matrix (ρ, σ_max, log10 ‖W^T‖, verdict) with the numbers of
 * `spectrumOf` but without its whole spectrum and ‖W^k‖ curve, which dominate its cost: ‖W^T‖
 * along a short addition chain of powers of the Hessenberg form, ρ from the highest power with a
 * certificate (dominantEigen.ts; the full eigenvalue solve where it fails), σ_max from the same
 * cold-start Lanczos on the same Hessenberg form. The verdict needs the curve's peak only when
 * ρ < 1 and ‖W^T‖ is between the thresholds; there the norms of the chain's powers bound the peak
 * from both sides, and when the bounds do not decide (or anything is unusual) `spectrumOf` answers.
 */
import { spectrumOf, type SpectrumOptions } from '../analysis/spectrum';
import { eigenvalues, spectralNorm, spectralRadius } from '../linalg';
import { maxAbs, pow2Near } from '../linalg/dense';
import { hessenbergBlocked } from '../linalg/hessenbergBlocked';
import { simdMatrix } from '../linalg/simdKernels';
import { dominantEigenvalue, type DominantEigenvalue, type Uncertified } from '../linalg/dominantEigen';
import { hessenbergPowers, type HessenbergPowers, type ScaledPower } from '../linalg/horizonNorm';
import { DEFAULT_POWER_BUDGET_FLOPS, exactSteps } from '../linalg/powerNorms';
import type { Matrix } from '../matrix';
import type { Thresholds, Verdict } from '../report';

/** Below this size (the power norms' dense route) the full spectrum is as cheap; it answers. */
const FAST_FROM = 64;
/**
 * A bound decides only this far (log10) from a threshold: the squared and the step-by-step
 * products agree to about 1e-13, so nearer than this the full curve decides, as analyze would.
 */
const MARGIN_LOG10 = 1e-9;
/** Squarings of h^K tried for ρ when its dominant eigenvalue is not separated (then the full solve). */
const MORE_SQUARINGS = 3;

/** One line of a run chart: a square matrix, one gate of a stack, or a recurrent layer. */
export interface SeriesPoint {
  readonly spectralRadius: number | null;
  readonly spectralNorm: number | null;
  /** log10 ‖W^T‖ at the horizon T (null: exactly zero, or not defined for this line). */
  readonly log10NormAtHorizon: number | null;
  readonly verdict: Verdict | null;
}

export type PointOptions = Pick<SpectrumOptions, 'horizon' | 'thresholds'>;

const fromSpectrum = (w: Matrix, o: PointOptions): SeriesPoint => {
  const s = spectrumOf(w, { horizon: o.horizon, thresholds: o.thresholds, singularValues: false });
  return { spectralRadius: s.spectralRadius, spectralNorm: s.spectralNorm, log10NormAtHorizon: s.log10GrowthAtHorizon, verdict: s.verdict };
};

/** The point of square `w`: spectrumOf's ρ to ~1e-12, its σ_max, its ‖W^T‖ to ~1e-13 in log10, its verdict. */
export function runPointOf(w: Matrix, o: PointOptions): SeriesPoint {
  const n = w.rows;
  const K = o.horizon;
  const big = maxAbs(w.data);
  // The full analysis where it takes another route (dense, bounded) or the numbers are unusual.
  if (n < FAST_FROM || K < 2 || !Number.isFinite(big) || big === 0 || exactSteps(n, K, DEFAULT_POWER_BUDGET_FLOPS, 'hessenberg') < K) return fromSpectrum(w, o);
  const s = pow2Near(big);
  const h = hessenbergOf(w, s);
  const powers = hessenbergPowers(h, n, K);
  if (!powers) return fromSpectrum(w, o);
  let point: SeriesPoint | undefined;
  try {
    point = pointFromPowers(w, h, powers, s, o);
  } finally {
    powers.release();
  }
  // After the release: the full analysis takes the same memory again.
  return point ?? fromSpectrum(w, o);
}

/** The point from the powers of h = Hessenberg form of w / s; undefined where the full analysis must answer. */
function pointFromPowers(w: Matrix, h: Float64Array, powers: HessenbergPowers, s: number, o: PointOptions): SeriesPoint | undefined {
  const n = w.rows;
  const logS = Math.log10(s);
  const rho = radiusOf(w, h, n, powers, s);
  if (rho === undefined) return undefined;
  const first = powers.normLog10(powers.chain[0]!);
  const sigma = first.converged ? first.value * s : spectralNorm(w);
  const top = powers.normLog10(powers.atK);
  const growth = top.log10 + o.horizon * logS;
  // log10 ‖W^c‖ of the chain's powers, the two known ones (only when settled: the upper bound needs them exact).
  const logs = powers.chain.map((): number => NaN);
  if (first.converged) logs[0] = first.log10 + logS;
  if (top.converged) logs[logs.length - 1] = growth;
  const verdict = verdictFromBounds(growth, rho, powers, logs, logS, o.thresholds);
  if (verdict === undefined) return undefined;
  return { spectralRadius: rho, spectralNorm: sigma, log10NormAtHorizon: growth, verdict };
}

/** The Hessenberg form of w / s (orthogonally similar), reduced in the SIMD kernels' memory. */
export function hessenbergOf(w: Matrix, s: number): Float64Array {
  const h = simdMatrix(w.rows);
  const inv = 1 / s;
  for (let i = 0; i < h.length; i++) h[i] = (w.data[i] as number) * inv;
  hessenbergBlocked(h, w.rows);
  // A copy: the kernels' memory is reused by the next solve.
  return Float64Array.from(h);
}

/**
 * The dominant eigenvalue of h (n x n upper Hessenberg) from h^K, squared up to MORE_SQUARINGS
 * more times while its next eigenvalue is too close, with the certificate of dominantEigen.ts;
 * else the reason the full solve must answer.
 */
export function certifiedDominant(h: Float64Array, n: number, powers: HessenbergPowers): DominantEigenvalue | Uncertified {
  let top: ScaledPower | undefined = powers.atK;
  let dom: DominantEigenvalue | Uncertified = 'power too low';
  for (let more = 0; top !== undefined && more <= MORE_SQUARINGS; more++) {
    const p: ScaledPower = top;
    dom = dominantEigenvalue(h, n, p, (x, out) => powers.matVec(p, x, out));
    if (dom !== 'not separated') return dom;
    top = powers.squared(p);
  }
  return dom;
}

/** ρ of w (h its Hessenberg form / s), certified, else by the full solve; undefined when that fails too. */
function radiusOf(w: Matrix, h: Float64Array, n: number, powers: HessenbergPowers, s: number): number | undefined {
  const dom = certifiedDominant(h, n, powers);
  if (typeof dom !== 'string') return Math.hypot(dom.re, dom.im) * s;
  const eig = eigenvalues(w);
  if (!eig.converged || eig.re.some((x, i) => !Number.isFinite(x) || !Number.isFinite(eig.im[i] as number))) return undefined;
  return spectralRadius(eig);
}

/**
 * The verdict of verdict.ts from G = log10 ‖W^K‖, ρ and the norms of the chain's powers (`logs`:
 * log10 ‖W^c‖ of each, NaN where not computed yet); undefined when only the whole curve can tell
 * (the peak's bounds straddle the transient threshold, a norm did not settle, or G is at one).
 */
function verdictFromBounds(growth: number, rho: number, powers: HessenbergPowers, logs: number[], logS: number, th: Thresholds): Verdict | undefined {
  const near = (x: number, t: number): boolean => Math.abs(x - t) <= MARGIN_LOG10;
  if (near(growth, th.explodeLog10) || near(growth, th.vanishLog10)) return undefined;
  if (growth > th.explodeLog10) return 'exploding';
  if (growth < th.vanishLog10) return 'vanishing';
  if (rho >= 1) return 'stable';
  // Each power's norm bounds the peak from below (a Ritz value too: it is never above σ_max):
  // the known ones first, then one Lanczos norm at a time until one decides.
  const above = (x: number): boolean => x > th.transientLog10 + MARGIN_LOG10;
  if (logs.some(above)) return 'transient-growth';
  let settled = true;
  for (let i = 0; i < logs.length; i++) {
    if (!Number.isNaN(logs[i])) continue;
    const p = powers.chain[i]!;
    const r = powers.normLog10(p);
    logs[i] = r.log10 + p.k * logS;
    settled &&= r.converged;
    if (above(logs[i]!)) return 'transient-growth';
  }
  if (!settled) return undefined;
  // ‖W^k‖ <= ‖W^c‖ ‖W^(k-c)‖ over the chain's exponents c: the least such product for every k = 1..K.
  const K = powers.atK.k;
  const bound = new Float64Array(K + 1);
  let upper = -Infinity;
  for (let k = 1; k <= K; k++) {
    let u = Infinity;
    for (let i = 0; i < logs.length; i++) {
      const c = powers.chain[i]!.k;
      if (c <= k) u = Math.min(u, (logs[i] as number) + (bound[k - c] as number));
    }
    bound[k] = u;
    upper = Math.max(upper, u);
  }
  return upper < th.transientLog10 - MARGIN_LOG10 ? 'stable' : undefined;
}
