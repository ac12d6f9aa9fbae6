/**
 * The analysis panel's commands and serializer: "Analyze Weights File" and "Analyze Matrix...",
 * one panel per file (reopening focuses it), and panels that come back after a window reload.
 */
import * as vscode from 'vscode';
import { ALL_EXTENSIONS } from '../../core/formats';
import type { AnalysisReport } from '../../core/report';
import { isPanelState } from '../../panelProtocol';
import type { AnalysisService } from '../analysisService';
import { COMMANDS, INTERNAL_COMMANDS } from '../commandIds';
import { LIVE_SCHEME } from '../live/liveFs';
import { AnalysisPanel, PANEL_VIEW_TYPE, type PanelSource } from './analysisPanel';
import { registerCheckpointEditor } from './checkpointEditor';

export interface LivePanelInfo {
  readonly title: string;
  readonly banner: { readonly text: string; readonly stale: boolean };
  readonly report: AnalysisReport | undefined;
}

export interface PanelRegistry {
  /** Open panels and the listeners/watchers/timers they hold (for leak tests). */
  stats(): { readonly panels: number; readonly resources: number; readonly notices: readonly string[] };
  open(uri: vscode.Uri, matrix?: string): AnalysisPanel;
  /** The panel of a matrix that is not a file (one per source URI); reopening reveals it. */
  openLive(source: PanelSource): AnalysisPanel;
  /** Panels of matrices that are not files, as the tests see them. */
  live(): LivePanelInfo[];
  /** The open panel of this URI, if any. */
  find(uri: vscode.Uri): AnalysisPanel | undefined;
}

const WEIGHTS_FILTER = { [vscode.l10n.t('Weights files')]: [...ALL_EXTENSIONS] };

/** The explorer/editor-title URI, else the active editor's file, else a file picker. */
async function targetUri(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  // Command links (hover) deliver a URI as its JSON form.
  if (typeof arg === 'object' && arg !== null) {
    const c = arg as Partial<Record<'scheme' | 'path' | 'authority' | 'query' | 'fragment', unknown>>;
    if (typeof c.scheme === 'string' && typeof c.path === 'string') {
      const str = (x: unknown): string => (typeof x === 'string' ? x : '');
      return vscode.Uri.from({ scheme: c.scheme, path: c.path, authority: str(c.authority), query: str(c.query), fragment: str(c.fragment) });
    }
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme !== 'untitled') return active;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: WEIGHTS_FILTER, title: vscode.l10n.t('Analyze weights file') });
  return picked?.[0];
}

export function registerPanel(context: vscode.ExtensionContext, service: AnalysisService): PanelRegistry {
  const panels = new Map<string, AnalysisPanel>();
  const host = {
    service,
    extensionUri: context.extensionUri,
    closed: (p: AnalysisPanel) => {
      if (panels.get(p.uri.toString()) === p) panels.delete(p.uri.toString());
    },
  };

  const open = (uri: vscode.Uri, matrix?: string): AnalysisPanel => {
    const existing = panels.get(uri.toString());
    if (existing) {
      existing.reveal(matrix);
      return existing;
    }
    const base = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    const webviewPanel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, base, vscode.ViewColumn.Beside, {});
    const panel = new AnalysisPanel(host, webviewPanel, uri, undefined, matrix);
    webviewPanel.title = panel.title();
    panels.set(uri.toString(), panel);
    return panel;
  };

  const openLive = (source: PanelSource): AnalysisPanel => {
    const key = source.uri.toString();
    const webviewPanel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, source.title(), vscode.ViewColumn.Beside, {});
    const panel = new AnalysisPanel(host, webviewPanel, source.uri, undefined, undefined, source);
    panels.set(key, panel);
    return panel;
  };

  // Binary weights files also open as an editor on the same panel (double-click or Open With…).
  const checkpoints = registerCheckpointEditor({ service, extensionUri: context.extensionUri });
  const registry: PanelRegistry = {
    stats: () => {
      const all = [...panels.values(), ...checkpoints.editors];
      return {
        panels: all.length,
        resources: all.reduce((s, p) => s + p.resources, 0),
        notices: all.flatMap((p) => (p.notice === undefined ? [] : [p.notice])),
      };
    },
    open: (uri, matrix) => open(uri, matrix),
    openLive,
    find: (uri) => panels.get(uri.toString()),
    live: () => [...panels.values()].flatMap((p) => p.liveInfo() ?? []),
  };

  /** `(uri, name)` from CodeLens, hover and diagnostics opens that matrix; otherwise a quick pick. */
  const analyzeMatrix = async (arg: unknown, name?: unknown): Promise<void> => {
    const uri = await targetUri(arg);
    if (!uri) return;
    if (typeof name === 'string') {
      open(uri, name);
      return;
    }
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading {0}', vscode.workspace.asRelativePath(uri)) },
      () => service.analyze({ uri }),
    );
    if (!outcome.ok) {
      if (!outcome.cancelled) void vscode.window.showErrorMessage(outcome.message);
      return;
    }
    const items = outcome.file.matrices.map((m) => ({
      label: m.name === '' ? vscode.l10n.t('(unnamed array)') : m.name,
      description: `${m.shape[0]} × ${m.shape[1]} · ${m.role.toUpperCase()} · ${m.dtype}`,
      name: m.name,
    }));
    if (items.length === 0) {
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} has no recurrent matrix to analyse.', vscode.workspace.asRelativePath(uri)));
      return;
    }
    const pick = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Analyze which matrix?'), matchOnDescription: true });
    if (pick) open(uri, pick.name);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.analyzeFile, async (arg: unknown) => {
      const uri = await targetUri(arg);
      if (uri) open(uri);
    }),
    vscode.commands.registerCommand(COMMANDS.analyzeMatrix, analyzeMatrix),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown) {
        if (!isPanelState(state)) {
          webviewPanel.dispose();
          return;
        }
        let uri: vscode.Uri;
        try {
          uri = vscode.Uri.parse(state.file, true);
        } catch {
          webviewPanel.dispose();
          return;
        }
        // A live matrix lived in memory, in a debug session that is gone.
        if (uri.scheme === LIVE_SCHEME) {
          webviewPanel.dispose();
          return;
        }
        if (panels.has(uri.toString())) {
          webviewPanel.dispose();
          panels.get(uri.toString())?.reveal();
          return;
        }
        const panel = new AnalysisPanel(host, webviewPanel, uri, state, state.matrix || undefined);
        webviewPanel.title = panel.title();
        panels.set(uri.toString(), panel);
      },
    }),
    // Not in the palette: lets the extension-host tests count panels and what they hold.
    vscode.commands.registerCommand(INTERNAL_COMMANDS.panelStats, () => registry.stats()),
    { dispose: () => [...panels.values()].forEach((p) => p.dispose()) },
    checkpoints.disposable,
  );
  return registry;
}
