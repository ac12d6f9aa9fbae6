/**
 * What a run keeps of each checkpoint: a few numbers per matrix, gate and recurrent layer (ρ,
 * σ_max, log10 ‖W^T‖, verdict), never the full report, so a run of thousands of files stays small.
 * The numbers are those of `analyze`: the full report's, or `runPointOf` on the same blocks.
 */
import { gateBlocks, gateNames } from '../analysis/gates';
import { scale as scaleMatrixBy } from '../matrix';
import { analyzeRecurrences } from '../recurrences';
import type { RecurrenceVerdict } from '../recurrences/stats';
import type { AnalyzeOptions } from '../options';
import type { AnalysisReport, MatrixReport } from '../report';
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
  /** The layer's own verdict on its memory (`verdict` is for matrices and stays null here). */
  readonly memory: RecurrenceVerdict | null;
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

/** A point not computed here: another thread's share of the checkpoint (joinParts fills it in). */
const NOT_HERE: SeriesPoint = { spectralRadius: null, spectralNorm: null, log10NormAtHorizon: null, verdict: null };

const isStack = (m: NamedMatrix): boolean => (m.role === 'lstm' || m.role === 'gru') && m.matrix.rows !== m.matrix.cols;

/** How many square blocks a run point is computed for: each gate of a stack, or the matrix. */
const blocksOf = (m: NamedMatrix): number => (isStack(m) ? gateNames(m).length : 1);

/**
 * The same summary straight from the matrix: ρ, σ_max, ‖W^T‖ and the verdict of each square
 * block as analyze computes them (point.ts), without the ‖W^k‖ curves, trajectories, clipping
 * and cell runs a run chart never shows. A gate stack's own verdict comes from a seeded cell
 * run, so here it is left to its gates (null). `mine(k)` says which blocks (gates in stack
 * order) to compute; the others are left empty for another thread.
 */
export function summarizeMatrix(m: NamedMatrix, options: AnalyzeOptions, mine: (block: number) => boolean = () => true): MatrixSummary {
  const w = options.scale === 1 ? m.matrix : scaleMatrixBy(m.matrix, options.scale);
  const spec = { horizon: options.horizon, thresholds: options.thresholds };
  // Indexed: for-of over a typed array ran about ten times slower (9 ms for a 1024 x 256 stack).
  let frob = 0;
  const d = w.data;
  for (let i = 0; i < d.length; i++) frob += d[i]! * d[i]!;
  const base = { name: m.name, role: m.role, shape: m.shape, frobeniusNorm: Math.sqrt(frob) };
  if (isStack(m)) {
    const names = gateNames(m);
    const gates = gateBlocks(w, names.length).map((block, k) => ({ gate: names[k] as string, ...(mine(k) ? runPointOf(block, spec) : NOT_HERE) }));
    return { ...base, ...NOT_HERE, gates };
  }
  return { ...base, ...(mine(0) ? runPointOf(w, spec) : NOT_HERE) };
}

/** Summaries of a read checkpoint's matrices (`names` limits them, as analyze's --matrix does). */
export function summarizeWeights(file: WeightFile, options: AnalyzeOptions, names?: readonly string[]): MatrixSummary[] {
  const chosen = names && names.length > 0 ? file.matrices.filter((m) => names.includes(m.name)) : file.matrices;
  return chosen.map((m) => summarizeMatrix(m, options));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const MEMORY: readonly RecurrenceVerdict[] = ['non-decaying', 'short-memory', 'within-horizon'];

/** One `recurrences[]` entry, checked field by field (a report from a newer build may carry more). */
function recurrenceOf(v: unknown): RecurrenceSummary | undefined {
  if (!isRecord(v) || typeof v.layer !== 'string' || typeof v.kind !== 'string') return undefined;
  const hl = isRecord(v.halfLife) ? v.halfLife : undefined;
  const [min, median, max] = [num(hl?.min), num(hl?.median), num(hl?.max)];
  return {
    layer: v.layer,
    kind: v.kind,
    channels: num(v.channels) ?? 0,
    spectralRadius: num(v.spectralRadius),
    spectralNorm: null,
    log10NormAtHorizon: null,
    halfLife: min !== null && median !== null && max !== null ? { min, median, max } : null,
    nonDecaying: num(v.nonDecaying) ?? 0,
    verdict: null,
    memory: MEMORY.find((x) => x === v.verdict) ?? null,
  };
}

/** The report's modern-layer recurrences, when the report has them (an empty list otherwise). */
export function recurrencesOf(report: object): RecurrenceSummary[] {
  const list = (report as { recurrences?: unknown }).recurrences;
  return Array.isArray(list) ? list.flatMap((r) => recurrenceOf(r) ?? []) : [];
}

/** What a run keeps of one read checkpoint (or of a part of it). */
export interface CheckpointNumbers {
  readonly matrices: readonly MatrixSummary[];
  readonly recurrences: readonly RecurrenceSummary[];
}

/**
 * Which share of a checkpoint to summarise: of its square blocks (every gate of a stack, every
 * other matrix), numbered in file order, those with number % of === index; the recurrences with
 * index 0. Blocks rather than matrices, so that one LSTM layer still keeps both threads busy.
 */
export interface CheckpointPart {
  readonly index: number;
  readonly of: number;
}

const WHOLE: CheckpointPart = { index: 0, of: 1 };

/** Calls `each(matrix, first)` with the number of the matrix's first square block. */
function numbered<T>(matrices: readonly NamedMatrix[], each: (m: NamedMatrix, first: number) => T): T[] {
  let next = 0;
  return matrices.map((m) => {
    const first = next;
    next += blocksOf(m);
    return each(m, first);
  });
}

/** Summaries of a read checkpoint, or of one part of it so that several threads share one file. */
export function summarizeCheckpoint(file: WeightFile, options: AnalyzeOptions, part: CheckpointPart = WHOLE): CheckpointNumbers {
  const matrices = numbered(file.matrices, (m, first) => summarizeMatrix(m, options, (k) => (first + k) % part.of === part.index));
  if (part.index !== 0) return { matrices, recurrences: [] };
  const { reports } = analyzeRecurrences(file.recurrent ?? [], { horizon: options.horizon, deltaScale: options.deltaScale ?? 1 });
  return { matrices, recurrences: recurrencesOf({ recurrences: reports }) };
}

const pointOf = (p: SeriesPoint): SeriesPoint => ({ spectralRadius: p.spectralRadius, spectralNorm: p.spectralNorm, log10NormAtHorizon: p.log10NormAtHorizon, verdict: p.verdict });

/** The parts of one checkpoint (index 0..of-1, in order) put back together: each block from the part that computed it. */
export function joinParts(parts: readonly CheckpointNumbers[]): CheckpointNumbers {
  const of = parts.length;
  const from = (block: number, i: number): MatrixSummary => {
    const m = parts[block % of]?.matrices[i];
    if (!m) throw new RangeError(`joinParts: part ${block % of} has no matrix ${i}`);
    return m;
  };
  let next = 0;
  const matrices = (parts[0]?.matrices ?? []).map((m, i): MatrixSummary => {
    const first = next;
    if (!m.gates) {
      next += 1;
      return { ...m, ...pointOf(from(first, i)) };
    }
    next += m.gates.length;
    return { ...m, gates: m.gates.map((g, k) => ({ gate: g.gate, ...pointOf(from(first + k, i).gates?.[k] ?? NOT_HERE) })) };
  });
  return { matrices, recurrences: parts.flatMap((p) => p.recurrences) };
}

/** The whole checkpoint's summary from `analyze`'s report. */
export function checkpointSummaryOf(report: AnalysisReport, stamp: FileStamp, step: number | null, stepSource: StepSource): CheckpointSummary {
  return { ...stamp, step, stepSource, matrices: report.matrices.map(matrixSummaryOf), recurrences: recurrencesOf(report) };
}
