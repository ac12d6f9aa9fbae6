/**
 * Messages between the extension host and the analysis worker (dist/worker.js). Plain data only:
 * everything here survives structured cloning. Errors cross as data and are rebuilt on the host.
 */
import type { ErrorPlace } from '../../core/errors';
import type { AnalyzeOptions } from '../../core/options';
import { isPartialReport, type PartialReport } from '../../core/progress';
import type { AnalysisReport, MatrixReport } from '../../core/report';
import type { CheckpointPart, MatrixSummary, RecurrenceSummary } from '../../core/run';
import type { CheckpointMeta, ReadOptions, WeightFile } from '../../core/weightFile';

/** Zero-based [startLine, startCharacter, endLine, endCharacter], as VS Code counts them. */
export type RangeTuple = readonly [number, number, number, number];

/** Where a matrix sits in a text file, in editor coordinates (text formats only). */
export interface MatrixLocation {
  readonly name: string;
  readonly range?: RangeTuple;
  readonly keyRange?: RangeTuple;
}

/**
 * What the worker reads: bytes the host read, an editor's unsaved text, or (for `file:` URIs) a
 * path the worker opens itself, so a large checkpoint is never copied whole between threads.
 */
export type FileSource = { readonly bytes: Uint8Array } | { readonly text: string } | { readonly path: string };

/** What a run's checkpoint is read from: a path the worker opens, or bytes the host read. */
export type SummarySource = { readonly bytes: Uint8Array } | { readonly path: string };

export type WorkerRequest =
  | {
      readonly kind: 'file';
      readonly id: number;
      /** Path used to detect the format from the extension. */
      readonly fileName: string;
      /** Name written into the report (workspace-relative). */
      readonly displayName: string;
      readonly source: FileSource;
      readonly read: ReadOptions;
      /** Layout to retry with when the file does not read with its detected one (the defaultLayout setting). */
      readonly layoutFallback?: 'keras';
      readonly options: AnalyzeOptions;
      readonly names?: readonly string[];
      /** Post a partial report as each stage finishes (what a stopped job leaves behind). */
      readonly progress?: boolean;
    }
  | {
      readonly kind: 'matrix';
      readonly id: number;
      readonly name: string;
      readonly rows: readonly (readonly number[])[];
      readonly options: AnalyzeOptions;
      readonly progress?: boolean;
    }
  | {
      /** A run's checkpoint: only the few numbers its chart draws (core/run summaries). */
      readonly kind: 'summary';
      readonly id: number;
      readonly fileName: string;
      /**
       * A local file's path, which the worker opens itself and reads only the ranges it needs (a
       * checkpoint's index and recurrent storages); bytes when the file is not on this disk.
       */
      readonly source: SummarySource;
      readonly read: ReadOptions;
      readonly options: AnalyzeOptions;
      /** Only this share of the matrices (two workers on one new checkpoint); all when absent. */
      readonly part?: CheckpointPart;
      /** Summaries post no partial reports; present so every request has the same shape. */
      readonly progress?: boolean;
    };

export type SerializedError =
  | { readonly name: 'WeightFileError'; readonly message: string; readonly place: ErrorPlace }
  | { readonly name: string; readonly message: string };

export type WorkerReply =
  | {
      readonly id: number;
      readonly ok: true;
      readonly kind: 'file';
      readonly report: AnalysisReport;
      readonly file: WeightFile;
      readonly locations: readonly MatrixLocation[];
      /** The file's size as the worker saw it (a `path` source), for the host's torn-read check. */
      readonly size?: number;
      /** Files beside it that the reader asked for (ONNX external data), found or not. */
      readonly siblings?: readonly string[];
    }
  | { readonly id: number; readonly ok: true; readonly kind: 'matrix'; readonly matrix: MatrixReport }
  | {
      readonly id: number;
      readonly ok: true;
      readonly kind: 'summary';
      readonly matrices: readonly MatrixSummary[];
      readonly recurrences: readonly RecurrenceSummary[];
      readonly meta: CheckpointMeta | null;
      /** The file's size as the worker opened it (a `path` source), for the host's torn-read check. */
      readonly size?: number;
    }
  | { readonly id: number; readonly ok: false; readonly error: SerializedError; readonly siblings?: readonly string[] };

export function isWorkerReply(x: unknown): x is WorkerReply {
  return typeof x === 'object' && x !== null && typeof (x as { id?: unknown }).id === 'number' && typeof (x as { ok?: unknown }).ok === 'boolean';
}

/** Posted by the worker while a job runs: the report so far, replacing the previous one. */
export interface WorkerProgress {
  readonly id: number;
  readonly partial: PartialReport;
}

/**
 * Posted by the pool to a worker with no job: run the first numbers' kernels on small matrices
 * while idle (`worker/prime.ts`), stopping at the first job. The worker answers `WorkerPrimed`.
 */
export interface WorkerPrime {
  readonly prime: true;
}

/** How far priming got: `ran` of `of` steps in `ms` (fewer when a job came first). */
export interface WorkerPrimed {
  readonly primed: { readonly ran: number; readonly of: number; readonly ms: number };
}

export function isWorkerPrime(x: unknown): x is WorkerPrime {
  return typeof x === 'object' && x !== null && (x as { prime?: unknown }).prime === true;
}

export function isWorkerPrimed(x: unknown): x is WorkerPrimed {
  const p = typeof x === 'object' && x !== null ? (x as { primed?: unknown }).primed : undefined;
  return typeof p === 'object' && p !== null && typeof (p as { ran?: unknown }).ran === 'number';
}

/** A line for the extension's log, posted by the worker outside any job (a kernel fallback). */
export interface WorkerLog {
  readonly log: 'info' | 'warn';
  readonly message: string;
}

export function isWorkerLog(x: unknown): x is WorkerLog {
  const log = (x as { log?: unknown } | null)?.log;
  return (log === 'info' || log === 'warn') && typeof (x as { message?: unknown }).message === 'string';
}

export function isWorkerProgress(x: unknown): x is WorkerProgress {
  return typeof x === 'object' && x !== null && typeof (x as { id?: unknown }).id === 'number' && isPartialReport((x as { partial?: unknown }).partial);
}
