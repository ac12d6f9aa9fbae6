/**
 * Exports from the panel go to a new file the user picks in the save dialog (which asks before
 * overwriting). The analysed weights file is never a valid target.
 */
import * as vscode from 'vscode';
import type { ExportKind } from '../../panelProtocol';
import { exportBytes, safeFileName } from '../pure/exportData';

const FILTERS: Record<ExportKind, Record<string, string[]>> = {
  markdown: { Markdown: ['md'] },
  json: { JSON: ['json'] },
  png: { 'PNG image': ['png'] },
  svg: { 'SVG image': ['svg'] },
};

/** Asks where to save and writes; returns the written URI, or undefined when cancelled or refused. */
export async function saveExport(source: vscode.Uri, kind: ExportKind, data: string, suggestedName: string): Promise<vscode.Uri | undefined> {
  const bytes = exportBytes(kind, data);
  if (!bytes) {
    void vscode.window.showErrorMessage(vscode.l10n.t('RNN Gradient Lens: the export data was not valid {0}.', kind));
    return undefined;
  }
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(source, '..', safeFileName(suggestedName, kind)),
    filters: FILTERS[kind],
    title: vscode.l10n.t('Export analysis'),
  });
  if (!target) return undefined;
  if (target.toString() === source.toString()) {
    void vscode.window.showErrorMessage(vscode.l10n.t('RNN Gradient Lens never writes to the weights file it analyses; choose another file.'));
    return undefined;
  }
  await vscode.workspace.fs.writeFile(target, bytes);
  return target;
}
