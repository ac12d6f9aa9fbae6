import type * as vscode from 'vscode';
import type { WeightFileError } from '../core/errors';
import type { AnalyzeOptions } from '../core/options';
import type { PartialReport } from '../core/progress';
import type { AnalysisReport, MatrixReport } from '../core/report';
import type { WeightFile } from '../core/weightFile';
import type { MatrixLocation } from './pure/workerProtocol';
import type { GaveUp } from './pure/gaveUpText';
import type { RecurrenceKind } from '../core/recurrences/types';

export type { GaveUp } from './pure/gaveUpText';

export interface AnalysisRequest {
  readonly uri: vscode.Uri;
  /** Tensors to analyse; all candidates when absent. */
  readonly names?: readonly string[];
  readonly options?: Partial<AnalyzeOptions>;
  /**
   * Requests on the same URI and channel supersede each other even when their options differ
   * (the panel's sliders). Without a channel only a newer version of the same request does.
   */
  readonly channel?: string;
  /**
   * Which time budget applies: `quick` (hover, CodeLens, status bar, diagnostics; the default) or
   * `panel` (the analysis panel, longer). Past it the analysis is stopped and the outcome says so.
   */
  readonly budget?: BudgetKind;
  /**
   * Told each partial report while the analysis runs (rho, sigma_max and the asymptotic class
   * first, then the curves); nothing when the outcome comes from the cache.
   */
  readonly onPartial?: (partial: PartialReport) => void;
  /** Read every modern recurrent layer as this kind, matching names loosely (the panel's picker). */
  readonly recurrenceKind?: RecurrenceKind;
}

export type BudgetKind = 'quick' | 'panel';

export type AnalysisOutcome =
  | {
      readonly ok: true;
      readonly report: AnalysisReport;
      readonly file: WeightFile;
      /** `fs:mtime:size` or `doc:version`: what was analysed. */
      readonly version: string;
      /** Editor ranges of each matrix, then of each modern layer's tensors (text formats), by name. */
      readonly locations: readonly MatrixLocation[];
    }
  | {
      readonly ok: false;
      readonly message: string;
      readonly error: WeightFileError | Error;
      /** Set when a newer request replaced this one or the caller cancelled: show nothing. */
      readonly cancelled?: boolean;
      readonly version?: string;
      /** Set when the analysis ran past its time budget. */
      readonly gaveUp?: GaveUp;
    };

export type MatrixOutcome =
  | { readonly ok: true; readonly matrix: MatrixReport }
  | { readonly ok: false; readonly message: string; readonly cancelled?: boolean; readonly gaveUp?: GaveUp };

/** Live resources, for leak tests: after dispose every count is 0. */
export interface ServiceStats {
  readonly liveWorkers: number;
  readonly pendingJobs: number;
  readonly inFlight: number;
  readonly trackedKeys: number;
  readonly cacheEntries: number;
  readonly watchers: number;
  /** Files watched because a model read them beside itself (ONNX external data); at most 64. */
  readonly siblingWatchers: number;
  readonly listeners: number;
  readonly timers: number;
}

/**
 * The one way the editor features get a report: reads through vscode.workspace.fs (so virtual
 * workspaces work), analyses in a worker thread, and caches by URI + file version + options.
 */
export interface AnalysisService extends vscode.Disposable {
  analyze(req: AnalysisRequest, token?: vscode.CancellationToken): Promise<AnalysisOutcome>;
  /** Analyses a matrix typed in source code (hover on `np.array([[...]])`). */
  analyzeRows(rows: readonly (readonly number[])[], name: string, token?: vscode.CancellationToken): Promise<MatrixOutcome>;
  /** Fires with the URI of a weights file that changed on disk (after debouncing). */
  readonly onDidChangeFile: vscode.Event<vscode.Uri>;
  /** Fires with the URI of a weights file deleted from disk. */
  readonly onDidDeleteFile: vscode.Event<vscode.Uri>;
  stats(): ServiceStats;
}
