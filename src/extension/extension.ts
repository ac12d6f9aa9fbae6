import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { AnalysisService, ServiceStats } from './analysisService';
import { createAnalysisService } from './service';
import { registerCodeLens } from './codeLens';
import { DiagnosticsController } from './diagnostics';
import { registerOpenExample } from './examples';
import { registerLive } from './live/commands';
import { registerPanel, type LivePanelInfo } from './panel';
import { registerHover } from './hover';
import { registerRescaleCommand } from './rescaleCommand';
import { registerRunPanel } from './run';
import { registerCompare } from './run/compareCommand';
import { isEnabled } from './settings';
import { WeightsStatusBar } from './statusBar';

/** What activate() returns: used by the extension-host tests to count live resources. */
export interface RnnGradientLensApi {
  readonly service: AnalysisService;
  stats(): ServiceStats & { readonly diagnosticFiles: number; readonly diagnosticListeners: number; readonly hoverDocuments: number; readonly liveFiles: number };
  /** The status bar item's text, or undefined while it is hidden. */
  statusText(): string | undefined;
  /** Open panels of matrices read from a debugger: title, banner and last report (for tests). */
  livePanels(): readonly LivePanelInfo[];
}

export function activate(context: vscode.ExtensionContext): RnnGradientLensApi {
  // Pure modules translate through @vscode/l10n: give it the bundle VS Code chose for this locale.
  l10n.config({ contents: vscode.l10n.bundle ?? {} });
  // Worker deaths, kernel fallbacks and give-ups; each job's time at trace level.
  const log = vscode.window.createOutputChannel('RNN Gradient Lens', { log: true });
  const service = createAnalysisService({ log, warmUp: isEnabled('worker.warmUp') });
  context.subscriptions.push(log, service);
  // Features register here: panel (./panel), diagnostics, hover, CodeLens, status bar.
  const panels = registerPanel(context, service);
  const live = registerLive(context, panels);
  registerRunPanel(context, log);
  registerCompare(context, service);
  const diagnostics = new DiagnosticsController(service);
  const hover = registerHover(service);
  const statusBar = new WeightsStatusBar(service);
  context.subscriptions.push(
    diagnostics,
    hover.disposable,
    registerCodeLens(service),
    statusBar,
    registerRescaleCommand(service),
    registerOpenExample(context.extensionUri),
  );
  return {
    service,
    statusText: () => statusBar.shownText,
    livePanels: () => panels.live(),
    stats: () => ({
      ...service.stats(),
      diagnosticFiles: diagnostics.fileCount,
      diagnosticListeners: diagnostics.subs.size,
      hoverDocuments: hover.provider.cachedDocuments,
      liveFiles: live.stats().files,
    }),
  };
}

export function deactivate(): void {}
