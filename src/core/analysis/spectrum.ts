/**
 * Spectral facts of one square matrix: eigenvalues (from linalg; never a solver of our own),
 * radius, norms, log10 ||W^k|| for k = 0..horizon, its peak and the verdict.
 */
import type { Matrix } from '../matrix';
import { eigenvalues, frobeniusNorm, powerNormsLog10, singularValues, spectralNorm, spectralRadius } from '../linalg';
import { jacobiSingularValuesSimd } from '../linalg/jacobiSimd';
import type { StageValues, Stage } from '../progress';
import type { AsymptoticClass, Log10Series, PeakPowerNorm, PowerNormMethod, Thresholds, Verdict } from '../report';
import { asymptoticOf, peakOf, verdictOf } from './verdict';

/** Above this size only sigma_max is listed (a full or partial SVD then costs more than the rest). */
export const ALL_SINGULAR_VALUES_UP_TO = 128;

export interface Spectrum {
  readonly spectralRadius: number;
  readonly spectralNorm: number;
  readonly frobeniusNorm: number;
  readonly eigenvalues: [number, number][];
  readonly eigenvaluesConverged: boolean;
  readonly singularValues: number[];
  readonly log10PowerNorms: Log10Series;
  readonly powerNormMethod: PowerNormMethod;
  readonly peakPowerNorm: PeakPowerNorm;
  readonly log10GrowthAtHorizon: number | null;
  readonly verdict: Verdict;
  readonly asymptotic: AsymptoticClass;
  readonly notes: string[];
}

/**
 * The smallest upper bound of rho the numbers give when the QR iteration failed:
 * rho <= ||W^k||^(1/k) for every k >= 1 (Gelfand), k = 1 being sigma_max.
 */
export function radiusBound(sigmaMax: number, log10PowerNorms: Log10Series): number {
  let best = sigmaMax;
  for (let k = 1; k < log10PowerNorms.length; k++) {
    const v = log10PowerNorms[k];
    if (v === null) return 0;
    if (v !== undefined) best = Math.min(best, 10 ** (v / k));
  }
  return best;
}

export interface SpectrumOptions {
  readonly horizon: number;
  readonly thresholds: Thresholds;
  /** Compute singular values (skipped for gate blocks). */
  readonly singularValues?: boolean;
  /** Cap on QR sweeps (linalg's default when absent); a tiny cap exercises the non-convergence path. */
  readonly maxEigenIterations?: number;
  /** Told each stage's numbers as soon as they exist (eigenvalues, then ||W^k||, then norms). */
  readonly onStage?: (stage: Stage, values: StageValues) => void;
  /** Told sigma_max and ||W||_F, which exist before the eigenvalues (a fraction of their cost). */
  readonly onValues?: (values: StageValues) => void;
  /** Told after each exact ||W^k||: k of the exact steps. */
  readonly onStep?: (done: number, total: number) => void;
}

export function spectrumOf(w: Matrix, opts: SpectrumOptions): Spectrum {
  const n = w.rows;
  const notes: string[] = [];
  // sigma_max first, so a reader has it while the eigenvalues (rho and the long-run class) are
  // computed. Up to ALL_SINGULAR_VALUES_UP_TO it is the largest of all singular values, whether
  // they are listed or not (the WebAssembly sweeps cost about what one Lanczos run does in a fresh
  // process, and a gate block gets the same sigma_max as the same matrix alone); above, one
  // Lanczos run, a small part of the eigenvalues' cost.
  const all = n <= ALL_SINGULAR_VALUES_UP_TO ? Array.from(jacobiSingularValuesSimd(w) ?? singularValues(w)) : undefined;
  const sigma = all?.[0] ?? spectralNorm(w);
  const frobenius = frobeniusNorm(w);
  opts.onValues?.({ spectralNorm: sigma, frobeniusNorm: frobenius });
  // The eigenvalues' Hessenberg form also serves the power norms when balancing left W alone.
  const eig = eigenvalues(w, opts.maxEigenIterations === undefined ? { keepHessenberg: true } : { maxIterations: opts.maxEigenIterations, keepHessenberg: true });
  let finite = true;
  for (let i = 0; i < n; i++) if (!Number.isFinite(eig.re[i] as number) || !Number.isFinite(eig.im[i] as number)) finite = false;
  const converged = eig.converged && finite;
  const rhoExact = converged ? spectralRadius(eig) : undefined;
  const eigenvaluePairs = (): [number, number][] => (converged ? Array.from(eig.re, (re, i) => [re, eig.im[i] as number] as [number, number]) : []);
  const early = rhoExact === undefined ? {} : { spectralRadius: rhoExact, asymptotic: asymptoticOf(rhoExact, opts.thresholds) };
  opts.onStage?.('spectrum', { eigenvaluesConverged: converged, eigenvalues: eigenvaluePairs(), spectralNorm: sigma, ...early });
  const pn = powerNormsLog10(w, opts.horizon, {
    hessenberg: eig.hessenberg,
    ...(rhoExact === undefined ? {} : { spectralRadius: rhoExact }),
    ...(opts.onStep ? { onStep: opts.onStep } : {}),
  });
  if (pn.method === 'bounded') notes.push(`||W^k|| beyond the exact range is a bound within ${pn.maxLog10Error.toPrecision(2)} in log10: ${pn.note}`);
  let rho: number;
  if (rhoExact !== undefined) rho = rhoExact;
  else {
    rho = radiusBound(sigma, pn.values);
    notes.push(`the eigenvalue iteration did not converge after ${eig.iterations} sweeps: eigenvalues are not shown and the spectral radius ${rho.toPrecision(6)} is an upper bound (min over k of ||W^k||^(1/k), sigma_max = ${sigma.toPrecision(6)})`);
  }
  opts.onStage?.('power-norms', { spectralRadius: rho, spectralNorm: sigma, log10PowerNorms: pn.values, peakPowerNorm: peakOf(pn.values), notes: [...notes] });
  let sv: number[] = [];
  if (opts.singularValues ?? true) {
    if (all !== undefined) sv = all;
    else {
      sv = [sigma];
      notes.push(`only the largest of ${n} singular values (sigma_max) is listed above n = ${ALL_SINGULAR_VALUES_UP_TO}`);
    }
  }
  opts.onStage?.('norms', { frobeniusNorm: frobenius, singularValues: sv });
  const values = pn.values;
  const bounds = pn.lower && pn.upper ? { lower: pn.lower, upper: pn.upper } : {};
  const growth = values[values.length - 1] ?? null;
  return {
    spectralRadius: rho,
    spectralNorm: sigma,
    frobeniusNorm: frobenius,
    eigenvalues: eigenvaluePairs(),
    eigenvaluesConverged: converged,
    singularValues: sv,
    log10PowerNorms: values,
    powerNormMethod: { method: pn.method, maxLog10Error: pn.maxLog10Error, note: pn.note, ...bounds },
    peakPowerNorm: peakOf(values),
    log10GrowthAtHorizon: growth,
    verdict: verdictOf({ log10PowerNorms: values, spectralRadius: rho, ...bounds }, opts.thresholds),
    asymptotic: asymptoticOf(rho, opts.thresholds),
    notes,
  };
}
