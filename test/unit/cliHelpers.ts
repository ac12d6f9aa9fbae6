/** Typed builders of AnalysisReport objects for the CLI printer tests (no engine needed). */
import { DEFAULT_THRESHOLDS } from '../../src/core/options';
import type { AnalysisReport, MatrixReport, TrajectoryReport } from '../../src/core/report';

/** A log10 series that changes linearly by `slope` per step from `start`. */
export function linearLog10(length: number, start: number, slope: number): number[] {
  return Array.from({ length }, (_, i) => start + slope * i);
}

export function trajectory(T: number, over: Partial<TrajectoryReport> = {}): TrajectoryReport {
  return {
    T,
    lossAt: 'every-step',
    upstream: 'default',
    log10GradNorm: linearLog10(T, 0.1 * (T - 1), -0.1),
    log10Bound: linearLog10(T, 0.2 * (T - 1), -0.2),
    ...over,
  };
}

/** A square-matrix report with growth rate log10(rho) per step over `horizon`. */
export function matrixReport(n: number, rho: number, horizon: number, over: Partial<MatrixReport> = {}): MatrixReport {
  const slope = Math.log10(rho);
  const powers = linearLog10(horizon + 1, 0, slope);
  const peakK = slope > 0 ? horizon : 0;
  return {
    name: 'rnn.weight_hh_l0',
    role: 'rnn',
    layout: 'pytorch',
    dtype: 'text',
    shape: [n, n],
    spectralRadius: rho,
    spectralNorm: rho * 1.5,
    frobeniusNorm: rho * Math.sqrt(n),
    eigenvalues: [[rho, 0], [0.5, 0.25], [0.5, -0.25], [0.1, 0]],
    eigenvaluesConverged: true,
    singularValues: [rho * 1.5],
    log10PowerNorms: powers,
    powerNormMethod: { method: 'exact', maxLog10Error: 0, note: '' },
    peakPowerNorm: { k: peakK, log10: powers[peakK] ?? 0 },
    verdict: slope > 0 ? 'exploding' : 'vanishing',
    asymptotic: slope > 0 ? 'exploding' : 'vanishing',
    log10GrowthAtHorizon: powers[horizon] ?? null,
    trajectory: trajectory(horizon),
    notes: [],
    scale: 1,
    ...over,
  };
}

export function analysisReport(matrices: MatrixReport[], horizon: number, over: Partial<AnalysisReport> = {}): AnalysisReport {
  return {
    tool: 'rnn-gradient-lens',
    version: '0.1.0',
    file: 'examples/exploding.json',
    format: 'json',
    horizon,
    thresholds: DEFAULT_THRESHOLDS,
    matrices,
    skipped: [],
    recurrences: [],
    unrecognisedRecurrences: [],
    ...over,
  };
}
