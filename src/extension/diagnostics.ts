/**
 * Findings in the Problems panel: "Diagnose Workspace Weights", "Diagnose Active File" and
 * "Clear Diagnostics". Files once diagnosed are re-checked on save and on external change, and
 * cleared when deleted. Quick Fixes open the analysis or save a rescaled copy; none edits the file.
 */
import * as vscode from 'vscode';
import { formatOfName, isNotSupportedYet } from '../core/formats';
import type { AnalysisService } from './analysisService';
import { isNotAWeightsFile, matrixFindings, refusalFinding, type Finding, type FindingKind } from './pure/findings';
import { gaveUpFinding } from './pure/gaveUpText';
import { FILE_START, matrixRange, recurrenceRange, refusalPlace } from './placement';
import { recurrenceFindings } from './pure/recurrenceText';
import { excludeGlobs, filesExcludeGlobs, includeGlobs, joinGlobs, SECTION, severityOf } from './settings';
import { CountedDisposables } from './pure/disposables';
import { COMMANDS } from './commandIds';

export const DIAGNOSTIC_SOURCE = 'RNN Gradient Lens';
const MAX_SCAN_FILES = 5000;

interface Placed {
  readonly range: vscode.Range;
  readonly kind: FindingKind;
  readonly matrix?: string;
}

/** The URI of the file in the active editor or active tab (binary files have no text editor). */
export function activeResource(): vscode.Uri | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.uri.scheme !== 'output') return editor.document.uri;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return undefined;
}

export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('rnnGradientLens');
  /** Files diagnosed so far: these refresh on save and on change. */
  private readonly diagnosed = new Set<string>();
  private readonly placed = new Map<string, Placed[]>();
  private generation = 0;
  /**
   * Bumped by Clear Diagnostics (all files) and by a file's deletion (that file): an analysis that
   * started before must not bring its findings back.
   */
  private cleared = 0;
  private readonly removedAt = new Map<string, number>();
  private lastClear = 0;
  readonly subs = new CountedDisposables();

  constructor(private readonly service: AnalysisService) {
    this.subs.add(this.collection);
    this.subs.add(vscode.commands.registerCommand(COMMANDS.diagnoseWorkspace, () => this.diagnoseWorkspace()));
    this.subs.add(vscode.commands.registerCommand(COMMANDS.diagnoseActiveFile, (uri?: unknown) => this.diagnoseActive(uri)));
    this.subs.add(vscode.commands.registerCommand(COMMANDS.clearDiagnostics, () => this.clear()));
    this.subs.add(vscode.workspace.onDidSaveTextDocument((d) => this.refresh(d.uri)));
    this.subs.add(service.onDidChangeFile((u) => this.refresh(u)));
    this.subs.add(service.onDidDeleteFile((u) => this.forget(u)));
    this.subs.add(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) void this.rediagnoseAll();
      }),
    );
    this.subs.add(
      vscode.languages.registerCodeActionsProvider({ pattern: '**/*.{json,jsonc,csv,tsv,txt}' }, new FindingActions(this), {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
    );
  }

  /** Number of files with findings now (for tests). */
  get fileCount(): number {
    let n = 0;
    this.collection.forEach(() => void n++);
    return n;
  }

  placedAt(uri: vscode.Uri, range: vscode.Range): Placed | undefined {
    return this.placed.get(uri.toString())?.find((p) => p.range.isEqual(range));
  }

  /**
   * Re-checks every diagnosed file after a settings change, one at a time (a large workspace must
   * not read all its files at once); a newer change restarts the pass.
   */
  private async rediagnoseAll(): Promise<void> {
    const generation = ++this.generation;
    for (const u of [...this.diagnosed]) {
      if (generation !== this.generation) return;
      await this.diagnose(vscode.Uri.parse(u), false);
    }
  }

  /** True when Clear Diagnostics ran, or this file was deleted, after `mark`. */
  private removedSince(key: string, mark: number): boolean {
    return this.lastClear > mark || (this.removedAt.get(key) ?? 0) > mark;
  }

  private refresh(uri: vscode.Uri): void {
    if (this.diagnosed.has(uri.toString())) void this.diagnose(uri, false);
  }

  private forget(uri: vscode.Uri): void {
    this.removedAt.set(uri.toString(), ++this.cleared);
    this.diagnosed.delete(uri.toString());
    this.placed.delete(uri.toString());
    this.collection.delete(uri);
  }

  clear(): void {
    this.lastClear = ++this.cleared;
    this.removedAt.clear();
    this.generation++;
    this.diagnosed.clear();
    this.placed.clear();
    this.collection.clear();
  }

  private async diagnoseActive(arg: unknown): Promise<number | undefined> {
    const uri = arg instanceof vscode.Uri ? arg : activeResource();
    if (!uri) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a weights file (JSON, CSV, .npy, .safetensors) first.'));
      return undefined;
    }
    return this.diagnose(uri, false);
  }

  /**
   * Analyses one file and replaces its findings. `scan`: part of a workspace scan, where files that
   * hold no matrix at all are skipped silently. Returns the number of findings, or undefined when
   * the analysis was superseded by a newer one.
   */
  async diagnose(uri: vscode.Uri, scan: boolean, token?: vscode.CancellationToken): Promise<number | undefined> {
    const key = uri.toString();
    const started = this.cleared;
    const outcome = await this.service.analyze({ uri, channel: 'diagnostics' }, token);
    if (!outcome.ok && outcome.cancelled) return undefined;
    if (this.removedSince(key, started)) return undefined;
    const diagnostics: vscode.Diagnostic[] = [];
    const placed: Placed[] = [];
    const add = (f: Finding, range: vscode.Range): void => {
      const severity = severityOf(f.kind);
      if (severity === undefined) return;
      const d = new vscode.Diagnostic(range, f.message, severity);
      d.source = DIAGNOSTIC_SOURCE;
      d.code = f.kind;
      diagnostics.push(d);
      placed.push({ range, kind: f.kind, ...(f.matrix !== undefined ? { matrix: f.matrix } : {}) });
    };
    if (outcome.ok) {
      const named = outcome.report.matrices.length > 1;
      for (const m of outcome.report.matrices) {
        for (const f of matrixFindings(m, outcome.report.horizon, named)) add(f, matrixRange(outcome, m.name));
      }
      for (const r of outcome.report.recurrences) {
        for (const f of recurrenceFindings(r)) add(f, recurrenceRange(outcome, r));
      }
    } else if (outcome.gaveUp) {
      // Its own finding, at the top of the file; a scan goes on to the next file.
      add(gaveUpFinding(outcome.gaveUp), FILE_START);
    } else {
      // In a scan, a JSON file without any matrix is just some other JSON file, and a format
      // without a reader yet is no finding about the file: both are passed over.
      if (scan && (isNotSupportedYet(outcome.error.message) || (formatOfName(uri.path)?.id === 'json' && isNotAWeightsFile(outcome.error.message)))) {
        this.forget(uri);
        return 0;
      }
      const where = refusalPlace(outcome.error);
      add({ ...refusalFinding(where.message), message: where.message }, where.range);
    }
    this.diagnosed.add(key);
    this.placed.set(key, placed);
    this.collection.set(uri, diagnostics);
    return diagnostics.length;
  }

  private async diagnoseWorkspace(): Promise<{ files: number; findings: number } | undefined> {
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder to diagnose its weights files.'));
      return undefined;
    }
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('RNN Gradient Lens: diagnosing weights files'), cancellable: true },
      async (progress, token) => {
        // An explicit exclude replaces files.exclude in findFiles, so both are merged here.
        const exclude = joinGlobs([...filesExcludeGlobs(), ...excludeGlobs()]);
        const seen = new Map<string, vscode.Uri>();
        for (const include of includeGlobs()) {
          for (const u of await vscode.workspace.findFiles(include, exclude ?? null, MAX_SCAN_FILES, token)) {
            seen.set(u.toString(), u);
          }
          if (token.isCancellationRequested) return undefined;
        }
        const files = [...seen.values()].sort((a, b) => a.path.localeCompare(b.path));
        let findings = 0;
        let done = 0;
        for (const uri of files) {
          if (token.isCancellationRequested) break;
          progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / Math.max(1, files.length) });
          findings += (await this.diagnose(uri, true, token)) ?? 0;
          done++;
        }
        return { files: done, findings };
      },
    );
  }

  dispose(): void {
    this.subs.dispose();
    this.diagnosed.clear();
    this.placed.clear();
  }
}

/** Quick Fixes on this extension's findings: open the analysis, or save a rescaled copy. */
class FindingActions implements vscode.CodeActionProvider {
  constructor(private readonly controller: DiagnosticsController) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      const p = this.controller.placedAt(doc.uri, d.range);
      const open = new vscode.CodeAction(vscode.l10n.t('Open analysis'), vscode.CodeActionKind.QuickFix);
      open.command =
        p?.matrix !== undefined && p.matrix !== ''
          ? { title: open.title, command: COMMANDS.analyzeMatrix, arguments: [doc.uri, p.matrix] }
          : { title: open.title, command: COMMANDS.analyzeFile, arguments: [doc.uri] };
      open.diagnostics = [d];
      open.isPreferred = true;
      actions.push(open);
      if (p && (p.kind === 'exploding' || p.kind === 'vanishing' || p.kind === 'transientGrowth')) {
        const save = new vscode.CodeAction(vscode.l10n.t('Save rescaled copy (ρ = 0.99)…'), vscode.CodeActionKind.QuickFix);
        save.command = { title: save.title, command: COMMANDS.saveRescaledCopy, arguments: [doc.uri, p.matrix] };
        save.diagnostics = [d];
        actions.push(save);
      }
    }
    return actions;
  }
}
