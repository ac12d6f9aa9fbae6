/**
 * Verdict over the horizon and asymptotic class. Thresholds (report.ts `Thresholds`, defaults in
 * options.ts): with G = log10 ||W^T|| at the horizon T and P = max_{k>0} log10 ||W^k||,
 *   exploding         if G > explodeLog10            (default 1: more than 10x growth)
 *   vanishing         else if G < vanishLog10        (default -1: more than 10x decay; zero counts)
 *   transient-growth  else if rho < 1 and P > transientLog10 (default log10 2)
 *   stable            otherwise.
 * The asymptotic class depends on rho alone: marginal when |rho - 1| <= marginalTolerance.
 * When some values are bounded (intervals `lower`..`upper`), the verdict is the one both ends
 * give, else `uncertain`: every rule above is monotone in the series, so agreeing ends decide
 * every series between them.
 */
import type { AsymptoticClass, Log10Series, PeakPowerNorm, Thresholds, Verdict } from '../report';

/** Values closer than this in log10 are ties (rounding noise: ||I^k|| may come out as 1 + 2e-16). */
export const PEAK_TIE_LOG10 = 1e-12;

/** The largest entry of a log10 series (k = index); ties go to the smallest k; null entries are zero. */
export function peakOf(series: Log10Series, from = 0): PeakPowerNorm {
  let best: PeakPowerNorm = { k: from, log10: series[from] ?? null };
  for (let k = from + 1; k < series.length; k++) {
    const v = series[k] ?? null;
    if (v !== null && (best.log10 === null || v > best.log10 + PEAK_TIE_LOG10)) best = { k, log10: v };
  }
  return best;
}

export interface VerdictInput {
  /** log10 ||W^k||, k = 0..T (or any growth series indexed by steps). */
  readonly log10PowerNorms: Log10Series;
  /** rho (or an upper bound of it); null when unknown. */
  readonly spectralRadius: number | null;
  /** Where the series is bounded: per k the interval holding the true value (same length). */
  readonly lower?: Log10Series;
  readonly upper?: Log10Series;
}

export function verdictOf(input: VerdictInput, th: Thresholds): Verdict {
  if (input.lower !== undefined && input.upper !== undefined) {
    const lo = exactVerdict(input.lower, input.spectralRadius, th);
    const hi = exactVerdict(input.upper, input.spectralRadius, th);
    return lo === hi ? lo : 'uncertain';
  }
  return exactVerdict(input.log10PowerNorms, input.spectralRadius, th);
}

function exactVerdict(s: Log10Series, spectralRadius: number | null, th: Thresholds): Verdict {
  const growth = s.length === 0 ? null : (s[s.length - 1] ?? null);
  if (growth !== null && growth > th.explodeLog10) return 'exploding';
  if (growth === null || growth < th.vanishLog10) return s.length === 0 ? 'stable' : 'vanishing';
  const peak = s.length > 1 ? peakOf(s, 1).log10 : null;
  const contracting = spectralRadius === null || spectralRadius < 1;
  if (contracting && peak !== null && peak > th.transientLog10) return 'transient-growth';
  return 'stable';
}

export function asymptoticOf(spectralRadius: number, th: Thresholds): AsymptoticClass {
  if (spectralRadius > 1 + th.marginalTolerance) return 'exploding';
  if (spectralRadius < 1 - th.marginalTolerance) return 'vanishing';
  return 'marginal';
}
