/**
 * What a run keeps of each checkpoint: a few numbers per matrix, gate and recurrent layer (ρ,
 * σ_max, log10 ‖W^T‖, verdict), never the full report, so a run of thousands of files stays small.
 * The numbers are those of `analyze`: the full report's, or `runPointOf` on the same blocks.
 */
import { gateBlocks, gateNames } from '../analysis/gates';
import { scale as scaleMatrixBy } from '../matrix';
import type { AnalyzeOptions } from '../options';
import type { AnalysisReport, MatrixReport, Verdict } from '../report';
import type { NamedMatrix, Role, WeightFile } from '../weightFile';
import { runPointOf, type SeriesPoint } from './point';
import type { StepSource } from './step';

export type { SeriesPoint };

export interface GateSummary extends SeriesPoint {
  readonly gate: string;
}

export interface MatrixSummary extends SeriesPoint {
  readonly name: string;
  readonly role: Role;
  readonly shape: readonly [number, number];
  readonly frobeniusNorm: number;
  readonly gates?: readonly GateSummary[];
}

/** A modern layer's diagonal recurrence, as the report's `recurrences[]` lists it. */
export interface RecurrenceSummary extends SeriesPoint {
  readonly layer: string;
  readonly kind: string;
  readonly channels: number;
  readonly halfLife: { readonly min: number; readonly median: number; readonly max: number } | null;
  readonly nonDecaying: number;
}

export interface CheckpointSummary {
  /** The path as the caller gave it. */
  readonly file: string;
  readonly step: number | null;
  readonly stepSource: StepSource;
  readonly mtimeMs: number;
  readonly size: number;
  readonly matrices: readonly MatrixSummary[];
  readonly recurrences: readonly RecurrenceSummary[];
}

/** Where a checkpoint is and when it was written: the cache key and the last-resort order. */
export interface FileStamp {
  readonly file: string;
  readonly mtimeMs: number;
  readonly size: number;
}

const lastOf = (s: readonly (number | null)[]): number | null => (s.length === 0 ? null : (s[s.length - 1] ?? null));

/** The summary of a matrix from `analyze`'s report entry (the CLI has the full report). */
export function matrixSummaryOf(m: MatrixReport): MatrixSummary {
  return {
    name: m.name,
    role: m.role,
    shape: m.shape,
    frobeniusNorm: m.frobeniusNorm,
    spectralRadius: m.spectralRadius,
    spectralNorm: m.spectralNorm,
    log10NormAtHorizon: m.gates ? null : m.log10GrowthAtHorizon,
    verdict: m.verdict,
    ...(m.gates
      ? {
          gates: m.gates.map((g) => ({
            gate: g.gate,
            spectralRadius: g.spectralRadius,
            spectralNorm: g.spectralNorm,
            log10NormAtHorizon: lastOf(g.log10PowerNorms),
            verdict: g.verdict,
          })),
        }
      : {}),
  };
}

/**
 * The same summary straight from the matrix: ρ, σ_max, ‖W^T‖ and the verdict of each square
 * block as analyze computes them (point.ts), without the ‖W^k‖ curves, trajectories, clipping
 * and cell runs a run chart never shows. A gate stack's own verdict comes from a seeded cell
 * run, so here it is left to its gates (null).
 */
export function summarizeMatrix(m: NamedMatrix, options: AnalyzeOptions): MatrixSummary {
  const w = options.scale === 1 ? m.matrix : scaleMatrixBy(m.matrix, options.scale);
  const spec = { horizon: options.horizon, thresholds: options.thresholds };
  let frob = 0;
  for (const x of w.data) frob += x * x;
  const base = { name: m.name, role: m.role, shape: m.shape, frobeniusNorm: Math.sqrt(frob) };
  if ((m.role === 'lstm' || m.role === 'gru') && w.rows !== w.cols) {
    const names = gateNames(m);
    const gates = gateBlocks(w, names.length).map((block, k) => ({ gate: names[k] as string, ...runPointOf(block, spec) }));
    return { ...base, spectralRadius: null, spectralNorm: null, log10NormAtHorizon: null, verdict: null, gates };
  }
  return { ...base, ...runPointOf(w, spec) };
}

/** Summaries of a read checkpoint's matrices (`names` limits them, as analyze's --matrix does). */
export function summarizeWeights(file: WeightFile, options: AnalyzeOptions, names?: readonly string[]): MatrixSummary[] {
  const chosen = names && names.length > 0 ? file.matrices.filter((m) => names.includes(m.name)) : file.matrices;
  return chosen.map((m) => summarizeMatrix(m, options));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const VERDICTS: readonly Verdict[] = ['vanishing', 'exploding', 'transient-growth', 'stable', 'uncertain'];

/** One `recurrences[]` entry, checked field by field (a report from a newer build may carry more). */
function recurrenceOf(v: unknown): RecurrenceSummary | undefined {
  if (!isRecord(v) || typeof v.layer !== 'string' || typeof v.kind !== 'string') return undefined;
  const hl = isRecord(v.halfLife) ? v.halfLife : undefined;
  const [min, median, max] = [num(hl?.min), num(hl?.median), num(hl?.max)];
  const verdict = VERDICTS.find((x) => x === v.verdict) ?? null;
  return {
    layer: v.layer,
    kind: v.kind,
    channels: num(v.channels) ?? 0,
    spectralRadius: num(v.spectralRadius),
    spectralNorm: null,
    log10NormAtHorizon: null,
    halfLife: min !== null && median !== null && max !== null ? { min, median, max } : null,
    nonDecaying: num(v.nonDecaying) ?? 0,
    verdict,
  };
}

/** The report's modern-layer recurrences, when the report has them (an empty list otherwise). */
export function recurrencesOf(report: object): RecurrenceSummary[] {
  const list = (report as { recurrences?: unknown }).recurrences;
  return Array.isArray(list) ? list.flatMap((r) => recurrenceOf(r) ?? []) : [];
}

/** The whole checkpoint's summary from `analyze`'s report. */
export function checkpointSummaryOf(report: AnalysisReport, stamp: FileStamp, step: number | null, stepSource: StepSource): CheckpointSummary {
  return { ...stamp, step, stepSource, matrices: report.matrices.map(matrixSummaryOf), recurrences: recurrencesOf(report) };
}
