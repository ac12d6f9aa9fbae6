/**
 * *Compare With…*: two weights files side by side — both analyses, their eigenvalues on one
 * plane, Δρ and the relative change of each matrix. From the explorer with two files selected,
 * from one file (the second is picked), or from the run panel (a checkpoint and the one before).
 * The command returns what the page was given (for the extension-host tests).
 */
import * as vscode from 'vscode';
import { isCompareWebviewMessage, type CompareHostMessage } from '../../compareProtocol';
import { ALL_EXTENSIONS } from '../../core/formats';
import { compareAnalyses } from '../../core/run/compare';
import type { AnalysisService } from '../analysisService';
import { COMMANDS } from '../commandIds';
import { htmlFor, webviewOptions } from '../panel/html';

export const COMPARE_VIEW_TYPE = 'rnnGradientLens.compare';

async function pick(title: string): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('Weights files')]: [...ALL_EXTENSIONS] }, title });
  return picked?.[0];
}

/** The two files: the explorer's selection when it has two, else the clicked file and a picked one. */
async function pair(arg: unknown, selection: unknown): Promise<[vscode.Uri, vscode.Uri] | undefined> {
  const selected = Array.isArray(selection) ? selection.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
  if (selected.length === 2) return [selected[0] as vscode.Uri, selected[1] as vscode.Uri];
  const a = arg instanceof vscode.Uri ? arg : await pick(vscode.l10n.t('Compare: the first file'));
  if (!a) return undefined;
  const b = await pick(vscode.l10n.t('Compare {0} with…', vscode.workspace.asRelativePath(a)));
  return b ? [a, b] : undefined;
}

export function registerCompare(context: vscode.ExtensionContext, service: AnalysisService): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.compareWith, async (arg: unknown, selection: unknown): Promise<CompareHostMessage | undefined> => {
      const files = await pair(arg, selection);
      if (!files) return undefined;
      const [oa, ob] = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Comparing…') }, () =>
        Promise.all(files.map((uri) => service.analyze({ uri }))),
      );
      if (!oa || !ob) return undefined;
      if (!oa.ok || !ob.ok) {
        const bad = !oa.ok ? oa : ob;
        if (!bad.ok && !bad.cancelled) void vscode.window.showErrorMessage(bad.message);
        return undefined;
      }
      const [la, lb] = files.map((u) => vscode.workspace.asRelativePath(u)) as [string, string];
      const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, vscode.l10n.t('{0} ↔ {1}', la.split('/').pop() ?? la, lb.split('/').pop() ?? lb), vscode.ViewColumn.Active, {});
      panel.webview.options = webviewOptions(context.extensionUri);
      panel.webview.html = htmlFor(panel.webview, context.extensionUri, 'compare');
      const bundle = vscode.l10n.bundle;
      const init: CompareHostMessage = {
        type: 'compareInit',
        l10n: bundle ? { ...bundle } : null,
        a: { label: la, report: oa.report },
        b: { label: lb, report: ob.report },
        comparison: compareAnalyses(oa, ob),
      };
      const sub = panel.webview.onDidReceiveMessage((m: unknown) => {
        if (isCompareWebviewMessage(m)) void panel.webview.postMessage(init);
      });
      panel.onDidDispose(() => sub.dispose());
      return init;
    }),
  );
}
