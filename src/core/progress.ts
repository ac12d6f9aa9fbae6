/**
 * Progressive results: the analysis reports each stage's numbers as soon as they exist, so a run
 * that is stopped (a time budget, a cancelled request) still leaves a partial report behind,
 * clearly marked incomplete. Pure data; the sink decides where the stages go (a worker posts them
 * to the host, the CLI keeps them in memory).
 */
import type { AnalysisReport, AsymptoticClass, GateReport, Log10Series, MatrixReport, PeakPowerNorm } from './report';
import type { Format, Role } from './weightFile';

/** The stages of one matrix's analysis, in the order they finish. */
export const STAGES = ['spectrum', 'power-norms', 'norms', 'trajectory'] as const;
export type Stage = (typeof STAGES)[number];

/** What a stopped analysis was doing: reading the file, or a stage of one matrix. */
export type Activity = 'reading' | Stage;

/** The numbers one stage adds to a matrix's partial report. */
export interface StageValues {
  readonly spectralRadius?: number | null;
  readonly eigenvalues?: [number, number][];
  readonly eigenvaluesConverged?: boolean;
  readonly spectralNorm?: number | null;
  /** The long-run class from rho alone (the verdict proper waits for ||W^k||). */
  readonly asymptotic?: AsymptoticClass;
  readonly frobeniusNorm?: number;
  readonly singularValues?: number[];
  readonly log10PowerNorms?: Log10Series;
  readonly peakPowerNorm?: PeakPowerNorm;
  readonly gates?: GateReport[];
  readonly notes?: string[];
}

export type ProgressEvent =
  | { readonly kind: 'matrix'; readonly name: string; readonly role: Role; readonly shape: readonly [number, number] }
  | { readonly kind: 'stage'; readonly stage: Stage; readonly values: StageValues }
  /** Numbers that exist before their stage ends (sigma_max before the eigenvalues). */
  | { readonly kind: 'values'; readonly values: StageValues }
  /** How far the running stage got: `done` of `total` steps (the power norms, k by k). */
  | { readonly kind: 'step'; readonly done: number; readonly total: number }
  | { readonly kind: 'done'; readonly report: MatrixReport };

export type ProgressSink = (event: ProgressEvent) => void;

/** One matrix as far as its analysis got. A finished matrix has `complete: true` and every field. */
export interface PartialMatrixReport extends StageValues {
  readonly name: string;
  readonly role: Role;
  readonly shape: readonly [number, number];
  readonly complete: boolean;
  /** Stages whose numbers are in. */
  readonly stages: Stage[];
  /** The fraction of the running stage done, when it reports steps (0..1). */
  readonly stageDone?: number;
  readonly verdict?: MatrixReport['verdict'];
}

/** A report that stopped before the end: what was computed, and what was being computed. */
export interface PartialReport {
  readonly tool: 'rnn-gradient-lens';
  readonly incomplete: true;
  readonly file: string;
  readonly format?: Format;
  readonly horizon: number;
  /** How many matrices the analysis will go through, once the input is read. */
  readonly matrixCount?: number;
  /** What the analysis was doing when it stopped, and on which matrix. */
  readonly activity: Activity;
  readonly activityMatrix?: string;
  readonly matrices: PartialMatrixReport[];
}

/** The stage that follows the last finished one (what a stopped analysis was computing). */
export function nextStage(done: readonly Stage[]): Stage {
  const last = done.length === 0 ? -1 : STAGES.indexOf(done[done.length - 1] as Stage);
  return STAGES[Math.min(last + 1, STAGES.length - 1)] as Stage;
}

/** Collects progress events into the partial report a stopped analysis leaves behind. */
export class PartialReportBuilder {
  private format: Format | undefined;
  private matrixCount: number | undefined;
  private readDone = false;
  private readonly matrices: PartialMatrixReport[] = [];
  private current: PartialMatrixReport | undefined;

  constructor(
    private readonly file: string,
    private readonly horizon: number,
  ) {}

  /** The input was read (a file of `format`, or rows typed in code): next come the stages of `matrixCount` matrices. */
  read(format?: Format, matrixCount?: number): void {
    this.readDone = true;
    this.format = format;
    this.matrixCount = matrixCount;
  }

  readonly sink: ProgressSink = (e) => {
    switch (e.kind) {
      case 'matrix':
        this.current = { name: e.name, role: e.role, shape: e.shape, complete: false, stages: [] };
        this.matrices.push(this.current);
        return;
      case 'stage':
      case 'values': {
        const c = this.current;
        if (!c) return;
        if (e.kind === 'values') return this.replace(c, { ...c, ...e.values });
        const { stageDone: _finished, ...rest } = c;
        this.replace(c, { ...rest, ...e.values, stages: [...c.stages, e.stage] });
        return;
      }
      case 'step': {
        const c = this.current;
        if (c && e.total > 0) this.replace(c, { ...c, stageDone: Math.min(1, e.done / e.total) });
        return;
      }
      case 'done': {
        const c = this.current;
        if (!c) return;
        this.replace(c, completeMatrix(e.report));
        this.current = undefined;
        return;
      }
    }
  };

  private replace(old: PartialMatrixReport, next: PartialMatrixReport): void {
    const i = this.matrices.indexOf(old);
    if (i >= 0) this.matrices[i] = next;
    this.current = next;
  }

  snapshot(): PartialReport {
    const c = this.current;
    return {
      tool: 'rnn-gradient-lens',
      incomplete: true,
      file: this.file,
      ...(this.format !== undefined ? { format: this.format } : {}),
      horizon: this.horizon,
      ...(this.matrixCount !== undefined ? { matrixCount: this.matrixCount } : {}),
      activity: !this.readDone ? 'reading' : nextStage(c?.stages ?? []),
      ...(c ? { activityMatrix: c.name } : {}),
      matrices: this.matrices.map((m) => ({ ...m, stages: [...m.stages] })),
    };
  }
}

/** A finished matrix in the partial report's shape. */
function completeMatrix(m: MatrixReport): PartialMatrixReport {
  return {
    name: m.name,
    role: m.role,
    shape: m.shape,
    complete: true,
    stages: [...STAGES],
    spectralRadius: m.spectralRadius,
    eigenvalues: m.eigenvalues,
    eigenvaluesConverged: m.eigenvaluesConverged,
    spectralNorm: m.spectralNorm,
    asymptotic: m.asymptotic,
    frobeniusNorm: m.frobeniusNorm,
    singularValues: m.singularValues,
    log10PowerNorms: m.log10PowerNorms,
    peakPowerNorm: m.peakPowerNorm,
    ...(m.gates ? { gates: m.gates } : {}),
    notes: m.notes,
    verdict: m.verdict,
  };
}

/** Whether a value has the partial report's shape (for messages that cross a thread or a page). */
export function isPartialReport(x: unknown): x is PartialReport {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Partial<Record<keyof PartialReport, unknown>>;
  return r.incomplete === true && typeof r.file === 'string' && typeof r.activity === 'string' && Array.isArray(r.matrices);
}

/** Keeps `AnalysisReport` and `PartialReport` apart for code that may get either. */
export function isComplete(r: AnalysisReport | PartialReport): r is AnalysisReport {
  return !('incomplete' in r);
}

/**
 * A test-only hook: with `spinStage` set (the test harness passes an environment variable), the
 * analysis of a matrix whose name ends in `__spin` never ends once that stage's numbers are in.
 * It stands in for an input that makes a solver loop forever, so the time budget can be tested
 * without one. Never active unless the caller passes a stage.
 */
export function withTestSpin(sink: ProgressSink, spinStage: string | undefined): ProgressSink {
  if (spinStage === undefined || spinStage === '') return sink;
  let spinning = false;
  return (e) => {
    sink(e);
    if (e.kind === 'matrix') spinning = e.name.endsWith('__spin');
    if (spinning && e.kind === 'stage' && e.stage === spinStage) {
      // Busy, like a solver that does not converge; bounded only by an hour of wall time.
      const until = Date.now() + 3_600_000;
      while (Date.now() < until) {
        /* spin */
      }
    }
  };
}

/** The environment variable the test harness sets to arm `withTestSpin`. */
export const TEST_SPIN_ENV = 'RNN_GRADIENT_LENS_TEST_SPIN';
