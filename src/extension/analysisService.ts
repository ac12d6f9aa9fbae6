import * as vscode from 'vscode';
import { readWeightFile } from '../core/readers';
import { analyzeFile } from '../core/analysis';
import { WeightFileError } from '../core/errors';
import { DEFAULT_OPTIONS, type AnalyzeOptions } from '../core/options';
import type { AnalysisReport } from '../core/report';
import type { WeightFile } from '../core/weightFile';

export interface AnalysisRequest {
  readonly uri: vscode.Uri;
  /** Tensors to analyse; all candidates when absent. */
  readonly names?: readonly string[];
  readonly options?: Partial<AnalyzeOptions>;
}

export type AnalysisOutcome =
  | { readonly ok: true; readonly report: AnalysisReport; readonly file: WeightFile }
  | { readonly ok: false; readonly message: string; readonly error: WeightFileError | Error };

/**
 * The one way the editor features get a report: reads through vscode.workspace.fs (so virtual
 * workspaces work), analyses, and caches by URI + file version + options.
 */
export interface AnalysisService extends vscode.Disposable {
  analyze(req: AnalysisRequest, token?: vscode.CancellationToken): Promise<AnalysisOutcome>;
  /** Fires with the URI of a weights file that changed on disk (after debouncing). */
  readonly onDidChangeFile: vscode.Event<vscode.Uri>;
}

/** Settings-derived defaults merged under per-request options. */
export function optionsFromSettings(overrides: Partial<AnalyzeOptions> = {}): AnalyzeOptions {
  const cfg = vscode.workspace.getConfiguration('rnnGradientLens');
  return {
    ...DEFAULT_OPTIONS,
    horizon: cfg.get<number>('horizon', DEFAULT_OPTIONS.horizon),
    clipTau: cfg.get<number>('clipTau', DEFAULT_OPTIONS.clipTau),
    ...overrides,
  };
}

/** In-process implementation; heavy work moves to a worker thread as the editor integration lands. */
export function createAnalysisService(): AnalysisService {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  return {
    onDidChangeFile: changed.event,
    async analyze(req) {
      const name = vscode.workspace.asRelativePath(req.uri);
      try {
        const bytes = await vscode.workspace.fs.readFile(req.uri);
        const file = readWeightFile(bytes, req.uri.path);
        const report = analyzeFile(file, name, optionsFromSettings(req.options), req.names);
        return { ok: true, report, file };
      } catch (e) {
        if (e instanceof WeightFileError) return { ok: false, message: e.format(name), error: e };
        const err = e instanceof Error ? e : new Error(String(e));
        return { ok: false, message: `${name}: ${err.message}`, error: err };
      }
    },
    dispose() {
      changed.dispose();
    },
  };
}
