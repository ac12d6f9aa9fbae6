/**
 * *Track Checkpoints in Folder*: one run panel per folder (reopening focuses it), and panels that
 * come back after a window reload.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS, INTERNAL_COMMANDS } from '../commandIds';
import type { Logger } from '../pure/logger';
import { RunPanel, RUN_VIEW_TYPE } from './runPanel';

/** The explorer's folder, else a folder picker. */
async function targetFolder(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, title: vscode.l10n.t('Track checkpoints in folder') });
  return picked?.[0];
}

export function registerRunPanel(context: vscode.ExtensionContext, log: Logger): void {
  const panels = new Map<string, RunPanel>();
  const host = {
    extensionUri: context.extensionUri,
    workerScript: path.join(__dirname, 'worker.js'),
    log,
    closed: (p: RunPanel) => {
      if (panels.get(p.folder.toString()) === p) panels.delete(p.folder.toString());
    },
  };
  const open = (folder: vscode.Uri, existing?: vscode.WebviewPanel): RunPanel => {
    const known = panels.get(folder.toString());
    if (known) {
      existing?.dispose();
      known.reveal();
      return known;
    }
    const webviewPanel = existing ?? vscode.window.createWebviewPanel(RUN_VIEW_TYPE, folder.path, vscode.ViewColumn.Active, {});
    const panel = new RunPanel(host, webviewPanel, folder);
    panels.set(folder.toString(), panel);
    return panel;
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.trackFolder, async (arg: unknown) => {
      const folder = await targetFolder(arg);
      if (folder) open(folder);
    }),
    vscode.window.registerWebviewPanelSerializer(RUN_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown) {
        const folder = typeof state === 'object' && state !== null ? (state as { folder?: unknown }).folder : undefined;
        if (typeof folder !== 'string') return webviewPanel.dispose();
        try {
          open(vscode.Uri.parse(folder, true), webviewPanel);
        } catch {
          webviewPanel.dispose();
        }
      },
    }),
    // Not in the palette: lets the extension-host tests see the points a panel holds.
    vscode.commands.registerCommand(INTERNAL_COMMANDS.runPanelStats, () => ({
      panels: panels.size,
      points: [...panels.values()].map((p) => p.points),
      resources: [...panels.values()].reduce((s, p) => s + p.resources, 0),
    })),
    { dispose: () => [...panels.values()].forEach((p) => p.dispose()) },
  );
}
