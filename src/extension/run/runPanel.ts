/**
 * The run panel: a folder of checkpoints over training. It scans the folder once (progress with
 * cancel), then follows it: a FileSystemWatcher on the folder feeds one coalesced re-analysis per
 * written file, so a new checkpoint reaches the chart as soon as its write settles.
 */
import * as vscode from 'vscode';
import { isRunWebviewMessage, type RunHostMessage } from '../../runProtocol';
import { optionsFromSettings } from '../analysisOptions';
import { COMMANDS } from '../commandIds';
import { htmlFor, webviewOptions } from '../panel/html';
import { CountedDisposables, Coalescer } from '../pure/disposables';
import type { Logger } from '../pure/logger';
import { WorkerPool } from '../service/workerPool';
import { RUN_POOL, RUN_SETTLE_MS, RunScanner, type RunFs } from './runScanner';
import { errorMessage } from '../../core/errors';

export const RUN_VIEW_TYPE = 'rnnGradientLens.run';

export interface RunPanelHost {
  readonly extensionUri: vscode.Uri;
  readonly workerScript: string;
  readonly log: Logger;
  readonly closed: (panel: RunPanel) => void;
}

function folderFs(folder: vscode.Uri): RunFs {
  const uriOf = (file: string): vscode.Uri => folder.with({ path: file });
  return {
    list: async () => (await vscode.workspace.fs.readDirectory(folder)).filter(([, t]) => t === vscode.FileType.File).map(([name]) => vscode.Uri.joinPath(folder, name).path),
    stat: async (file) => {
      try {
        const st = await vscode.workspace.fs.stat(uriOf(file));
        return { file, mtimeMs: st.mtime, size: st.size };
      } catch {
        return undefined;
      }
    },
    read: async (file) => vscode.workspace.fs.readFile(uriOf(file)),
    // A folder on this disk: the worker reads each checkpoint's needed ranges itself.
    ...(folder.scheme === 'file' ? { localPath: (file: string) => uriOf(file).fsPath } : {}),
    display: (file) => vscode.workspace.asRelativePath(uriOf(file)),
  };
}

export class RunPanel {
  private readonly bag = new CountedDisposables();
  private readonly pool: WorkerPool;
  private readonly scanner: RunScanner;
  private readonly writes: Coalescer<string>;
  private readonly errors = new Map<string, string>();
  private scanning: AbortController | undefined;
  /** The first scan's notification, while it shows. */
  private progressSink: ((done: number, total: number) => void) | undefined;
  private disposed = false;

  constructor(
    private readonly host: RunPanelHost,
    readonly panel: vscode.WebviewPanel,
    readonly folder: vscode.Uri,
  ) {
    panel.webview.options = webviewOptions(host.extensionUri);
    panel.iconPath = {
      light: vscode.Uri.joinPath(host.extensionUri, 'media', 'panel-light.svg'),
      dark: vscode.Uri.joinPath(host.extensionUri, 'media', 'panel-dark.svg'),
    };
    panel.title = vscode.l10n.t('Run: {0}', this.name());
    panel.webview.html = htmlFor(panel.webview, host.extensionUri, 'run');
    this.pool = new WorkerPool(host.workerScript, { ...RUN_POOL, log: host.log });
    this.bag.add({ dispose: () => this.pool.dispose() });
    this.scanner = new RunScanner(folderFs(folder), this.pool, optionsFromSettings(), {
      point: (c) => {
        this.errors.delete(c.file);
        this.post({ type: 'runPoint', checkpoint: c });
      },
      remove: (file) => this.post({ type: 'runRemove', file }),
      error: (file, message) => {
        this.errors.set(file, message);
        this.post({ type: 'runError', file, message });
      },
      progress: (done, total, active) => {
        this.progressSink?.(done, total);
        this.post({ type: 'runProgress', done, total, active });
      },
    });
    this.writes = new Coalescer<string>(RUN_SETTLE_MS, (file) => void this.scanner.touch(file));
    this.bag.add({ dispose: () => this.writes.dispose() });
    this.bag.add(panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)));
    this.bag.add(panel.onDidDispose(() => this.dispose()));
    const watcher = this.bag.add(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '*')));
    const written = (uri: vscode.Uri): void => {
      if (this.scanner.isCheckpoint(uri.path)) this.writes.push(uri.path, 'write');
    };
    this.bag.add(watcher.onDidCreate(written));
    this.bag.add(watcher.onDidChange(written));
    this.bag.add(watcher.onDidDelete((uri) => this.scanner.remove(uri.path)));
    void this.firstScan();
  }

  /** Open listeners, watchers, timers and workers (0 after dispose; for leak tests). */
  get resources(): number {
    return this.bag.size + this.writes.pending + this.pool.liveWorkers + (this.scanning ? 1 : 0);
  }

  /** Checkpoints on the chart (for tests). */
  get points(): number {
    return this.scanner.checkpoints().length;
  }

  name(): string {
    return this.folder.path.slice(this.folder.path.lastIndexOf('/') + 1);
  }

  reveal(): void {
    this.panel.reveal();
  }

  private async firstScan(): Promise<void> {
    const abort = new AbortController();
    this.scanning = abort;
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('RNN Gradient Lens: reading the checkpoints in {0}', this.name()), cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          let last = 0;
          const report = (done: number, total: number): void => {
            if (total === 0) return;
            progress.report({ increment: ((done - last) / total) * 100, message: vscode.l10n.t('{0} of {1}', done, total) });
            last = done;
          };
          this.progressSink = report;
          try {
            await this.scanner.scan(abort.signal);
          } finally {
            this.progressSink = undefined;
          }
        },
      );
    } catch (e) {
      if (!this.disposed) void vscode.window.showErrorMessage(vscode.l10n.t('Cannot read the folder {0}: {1}', this.name(), errorMessage(e)));
    } finally {
      if (this.scanning === abort) this.scanning = undefined;
    }
  }

  private receive(raw: unknown): void {
    if (!isRunWebviewMessage(raw)) return;
    switch (raw.type) {
      case 'runReady': {
        const bundle = vscode.l10n.bundle;
        this.post({ type: 'runInit', folder: vscode.workspace.asRelativePath(this.folder), folderUri: this.folder.toString(), horizon: optionsFromSettings().horizon, l10n: bundle ? { ...bundle } : null, checkpoints: [...this.scanner.checkpoints()] });
        for (const [file, message] of this.errors) this.post({ type: 'runError', file, message });
        return;
      }
      case 'openCheckpoint':
        if (this.known(raw.file)) void vscode.commands.executeCommand(COMMANDS.analyzeFile, this.folder.with({ path: raw.file }));
        return;
      case 'compareCheckpoints': {
        if (!this.known(raw.a) || !this.known(raw.b)) return;
        const pair = [this.folder.with({ path: raw.a }), this.folder.with({ path: raw.b })];
        void vscode.commands.executeCommand(COMMANDS.compareWith, pair[0], pair);
        return;
      }
    }
  }

  /** Only files of this run may be opened from the page. */
  private known(file: string): boolean {
    return this.scanner.checkpoints().some((c) => c.file === file);
  }

  private post(msg: RunHostMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(msg);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.scanning?.abort();
    this.scanning = undefined;
    this.bag.dispose();
    this.host.closed(this);
    this.panel.dispose();
  }
}
