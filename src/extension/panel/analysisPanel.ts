/**
 * One analysis panel for one weights file. It runs the analysis through the shared service (a
 * worker), follows the file on disk (coalesced, newest result wins by sequence number), and talks
 * to its webview only through validated protocol messages.
 */
import * as vscode from 'vscode';
import type { AnalyzeOptions } from '../../core/options';
import type { PartialReport } from '../../core/progress';
import type { AnalysisReport } from '../../core/report';
import type { WeightFile } from '../../core/weightFile';
import { isWebviewMessage, type HostMessage, type MatrixData, type PanelControls, type PanelState, type WebviewMessage } from '../../panelProtocol';
import type { AnalysisService } from '../analysisService';
import { optionsFromSettings } from '../analysisOptions';
import { CountedDisposables, Coalescer } from '../pure/disposables';
import { saveExport } from './exports';
import { htmlFor, webviewOptions } from './html';
import { MAX_LIVE_ENTRIES } from '../../core/limits';

export const PANEL_VIEW_TYPE = 'rnnGradientLens.analysis';

/** A run still going after this long shows a cancellable progress notification. */
const PROGRESS_DELAY_MS = 600;
/** File changes are coalesced: during a burst of writes the panel refreshes at most this often. */
const REFRESH_MS = 300;

export interface PanelHost {
  readonly service: AnalysisService;
  readonly extensionUri: vscode.Uri;
  readonly closed: (panel: AnalysisPanel) => void;
}

/** A matrix that is not a file on disk (read from a debugger): its bytes sit at `uri` in memory. */
export interface PanelSource extends vscode.Disposable {
  readonly uri: vscode.Uri;
  title(): string;
  /** What the panel's banner says about where the numbers come from, and whether they are old. */
  banner(): { readonly text: string; readonly stale: boolean };
  /** Reads the value again (a new value fires `onDidChange('value')`); returns the error shown, if any. */
  refresh(): Promise<string | undefined>;
  readonly onDidChange: vscode.Event<'value' | 'state'>;
}

export function defaultControls(): PanelControls {
  const o = optionsFromSettings();
  return { horizon: Math.min(o.horizon, 1000), clipTau: o.clipTau, scale: 1, mode: 'linear', forgetBias: 1, lossAt: o.lossAt };
}

/** The matrix entries for the webview, or null when there are too many to send. */
export function matrixData(file: WeightFile, name: string): MatrixData | null {
  const m = file.matrices.find((x) => x.name === name) ?? file.matrices[0];
  if (!m || m.matrix.rows * m.matrix.cols > MAX_LIVE_ENTRIES) return null;
  return { name: m.name, rows: m.matrix.rows, cols: m.matrix.cols, values: Array.from(m.matrix.data) };
}

export class AnalysisPanel {
  private readonly bag = new CountedDisposables();
  private readonly refresh: Coalescer<string>;
  private seq = 0;
  private cts: vscode.CancellationTokenSource | undefined;
  private last: { report: AnalysisReport; file: WeightFile } | undefined;
  private state: PanelState;
  /** The webview said `ready` and has not been sent `init` since. */
  private awaitingInit = false;
  private forgetBiasChosen = false;
  private disposed = false;
  /** The last error or give-up the page was told, until a result replaces it (for tests). */
  notice: string | undefined;

  constructor(
    private readonly host: PanelHost,
    readonly panel: vscode.WebviewPanel,
    readonly uri: vscode.Uri,
    state: PanelState | undefined,
    matrix: string | undefined,
    private readonly source?: PanelSource,
  ) {
    this.state = state ?? { file: uri.toString(), matrix: matrix ?? '', controls: defaultControls() };
    if (matrix !== undefined) this.state = { ...this.state, matrix };
    this.forgetBiasChosen = state !== undefined;
    panel.webview.options = webviewOptions(host.extensionUri);
    panel.iconPath = {
      light: vscode.Uri.joinPath(host.extensionUri, 'media', 'panel-light.svg'),
      dark: vscode.Uri.joinPath(host.extensionUri, 'media', 'panel-dark.svg'),
    };
    panel.webview.html = htmlFor(panel.webview, host.extensionUri);
    this.bag.add(panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)));
    this.bag.add(panel.onDidDispose(() => this.dispose()));
    this.refresh = new Coalescer<string>(REFRESH_MS, () => void this.run());
    this.bag.add({ dispose: () => this.refresh.dispose() });
    if (source) {
      this.bag.add(source);
      this.bag.add(source.onDidChange((kind) => (kind === 'value' ? void this.run() : this.postLive())));
    } else this.watch(uri);
    void this.run();
  }

  /** Reruns when the file changes on disk (coalesced). */
  private watch(uri: vscode.Uri): void {
    const folder = vscode.Uri.joinPath(uri, '..');
    const base = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    const watcher = this.bag.add(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, base)));
    // The service also reports changes to files the model reads beside itself (ONNX external data).
    const key = uri.toString();
    this.bag.add(this.host.service.onDidChangeFile((u) => u.toString() === key && this.refresh.push('file', 'change')));
    this.bag.add(watcher.onDidChange(() => this.refresh.push('file', 'change')));
    this.bag.add(watcher.onDidCreate(() => this.refresh.push('file', 'create')));
    this.bag.add(watcher.onDidDelete(() => this.post({ type: 'error', message: vscode.l10n.t('The file was deleted.'), place: null })));
  }

  private postLive(): void {
    if (this.source) this.post({ type: 'live', ...this.source.banner() });
  }

  /** Live listeners, watchers and timers this panel holds (0 after dispose). */
  get resources(): number {
    return this.bag.size + this.refresh.pending + (this.cts ? 1 : 0);
  }

  /** Reads a live matrix again (nothing for a file: its watcher follows it). */
  async refreshSource(): Promise<string | undefined> {
    return this.source?.refresh();
  }

  /** For a live matrix: its title, banner and last report. */
  liveInfo(): { title: string; banner: { text: string; stale: boolean }; report: AnalysisReport | undefined } | undefined {
    return this.source ? { title: this.title(), banner: this.source.banner(), report: this.last?.report } : undefined;
  }

  reveal(matrix?: string): void {
    this.panel.reveal();
    if (matrix !== undefined && matrix !== this.state.matrix) this.select(matrix);
  }

  private options(): Partial<AnalyzeOptions> {
    const c = this.state.controls;
    const square = this.last?.report.matrices.find((m) => m.name === this.state.matrix)?.spectralRadius !== null;
    return {
      horizon: c.horizon,
      clipTau: c.clipTau,
      lossAt: c.lossAt,
      // The webview applies the scale itself to square matrices (no eigenvalues to redo).
      scale: square ? 1 : c.scale,
      ...(this.forgetBiasChosen ? { forgetBias: c.forgetBias } : {}),
    };
  }

  /** Runs the analysis; only the newest run may post its result. */
  async run(): Promise<void> {
    if (this.disposed) return;
    const seq = ++this.seq;
    this.cts?.cancel();
    this.cts?.dispose();
    const cts = new vscode.CancellationTokenSource();
    this.cts = cts;
    this.post({ type: 'progress', active: true, message: vscode.l10n.t('Analysing {0}…', this.title()) });
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const timer = setTimeout(() => {
      if (seq !== this.seq || this.disposed) return;
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('RNN Gradient Lens: analysing {0}', this.title()), cancellable: true },
        (_p, token) => {
          token.onCancellationRequested(() => cts.cancel());
          return done;
        },
      );
    }, PROGRESS_DELAY_MS);
    try {
      const onPartial = (partial: PartialReport): void => {
        if (seq !== this.seq || this.disposed) return;
        const bundle = vscode.l10n.bundle;
        this.post({ type: 'partial', partial, state: this.state, l10n: this.awaitingInit && bundle ? { ...bundle } : null });
      };
      const kind = this.state.recurrenceKind;
      const request = { uri: this.uri, options: this.options(), channel: `panel:${this.uri.toString()}`, budget: 'panel' as const, onPartial, ...(kind ? { recurrenceKind: kind } : {}) };
      const outcome = await this.host.service.analyze(request, cts.token);
      if (seq !== this.seq || this.disposed) return;
      if (!outcome.ok) {
        if (outcome.cancelled) {
          this.post({ type: 'stopped' });
          this.post({ type: 'progress', active: false, message: null });
          return;
        }
        if (outcome.gaveUp) {
          const hint = vscode.l10n.t('The time budget is the setting {0}.', 'rnnGradientLens.timeBudget.panelSeconds');
          this.post({ type: 'gaveUp', message: `${outcome.message} ${hint}`, partial: outcome.gaveUp.partial ?? null });
          return;
        }
        this.post({ type: 'error', message: outcome.message, place: null });
        return;
      }
      this.last = { report: outcome.report, file: outcome.file };
      this.adopt(outcome.report);
      this.publish();
    } finally {
      clearTimeout(timer);
      finish();
      if (seq === this.seq) {
        cts.dispose();
        if (this.cts === cts) this.cts = undefined;
        this.post({ type: 'progress', active: false, message: null });
      }
    }
  }

  /** After a run: keep the selected matrix if it still exists; take the file's forget bias until the user picks one. */
  private adopt(report: AnalysisReport): void {
    const m = report.matrices.find((x) => x.name === this.state.matrix) ?? report.matrices[0];
    if (!m) return;
    let controls = this.state.controls;
    if (!this.forgetBiasChosen && m.trajectory.lstm) controls = { ...controls, forgetBias: m.trajectory.lstm.forgetBias };
    this.state = { ...this.state, matrix: m.name, controls };
  }

  private publish(): void {
    const last = this.last;
    if (!last) return;
    const matrix = matrixData(last.file, this.state.matrix);
    this.panel.title = this.title();
    this.postLive();
    if (this.awaitingInit) {
      const bundle = vscode.l10n.bundle;
      this.awaitingInit = false;
      this.post({ type: 'init', report: last.report, matrix, l10n: bundle ? { ...bundle } : null, state: this.state, interactive: true });
    } else this.post({ type: 'update', report: last.report, matrix, state: this.state });
  }

  private select(name: string): void {
    if (!this.last) {
      // Still analysing: the first result will open on this matrix.
      this.state = { ...this.state, matrix: name };
      return;
    }
    if (!this.last.report.matrices.some((m) => m.name === name)) return;
    this.state = { ...this.state, matrix: name };
    this.publish();
  }

  private receive(raw: unknown): void {
    if (!isWebviewMessage(raw)) return;
    const msg: WebviewMessage = raw;
    switch (msg.type) {
      case 'ready':
        this.awaitingInit = true;
        this.publish();
        return;
      case 'setOptions': {
        if (msg.state.file !== this.state.file) return;
        const before = this.state.controls;
        const next = msg.state.controls;
        if (next.forgetBias !== before.forgetBias) this.forgetBiasChosen = true;
        const kindChanged = msg.state.recurrenceKind !== this.state.recurrenceKind;
        this.state = { ...this.state, controls: next, recurrenceKind: msg.state.recurrenceKind };
        const report = this.last?.report;
        const live = report?.matrices.find((m) => m.name === this.state.matrix)?.spectralRadius !== null;
        // Square matrices are recomputed in the webview; the host reruns only for what it alone has.
        const rerun = !report || kindChanged || next.horizon > report.horizon || (!live && JSON.stringify(next) !== JSON.stringify(before));
        if (rerun) this.refresh.push('options', 'change');
        return;
      }
      case 'selectMatrix':
        this.select(msg.name);
        return;
      case 'export':
        void saveExport(this.exportBase(), msg.kind, msg.data, msg.suggestedName).then((target) =>
          this.post({ type: 'exported', kind: msg.kind, target: target ? vscode.workspace.asRelativePath(target) : null }),
        );
        return;
      case 'openFile':
        // VS Code's own editor: a binary file's default editor may be this analysis itself.
        if (!this.source) void vscode.commands.executeCommand('vscode.openWith', this.uri, 'default');
        return;
      case 'refresh':
        void this.source?.refresh();
        return;
      case 'cancel':
        // The service stops the worker's job once no other caller shares it.
        this.cts?.cancel();
        return;
      case 'rerun':
        void this.run();
        return;
    }
  }

  title(): string {
    if (this.source) return this.source.title();
    const base = this.uri.path.slice(this.uri.path.lastIndexOf('/') + 1);
    return this.state.matrix ? `${base} · ${this.state.matrix}` : base;
  }

  /** Exports are suggested next to the file; a live matrix's go to the first workspace folder. */
  private exportBase(): vscode.Uri {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    return this.source && folder ? vscode.Uri.joinPath(folder, 'matrix') : this.uri;
  }

  private post(msg: HostMessage): void {
    if (msg.type === 'error' || msg.type === 'gaveUp') this.notice = msg.message;
    else if (msg.type === 'init' || msg.type === 'update') this.notice = undefined;
    if (!this.disposed) void this.panel.webview.postMessage(msg);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.seq++;
    this.cts?.cancel();
    this.cts?.dispose();
    this.cts = undefined;
    this.bag.dispose();
    this.host.closed(this);
    this.panel.dispose();
  }
}
