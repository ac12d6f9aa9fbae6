/**
 * The analysis as a read-only custom editor for binary weights files: double-click opens it for
 * the formats the table marks so, Open With… offers it for the others. Each editor is an
 * AnalysisPanel on the webview VS Code gives us: the same page, messages and reruns as the panel.
 */
import * as vscode from 'vscode';
import { CHECKPOINT_EDITOR } from '../commandIds';
import { AnalysisPanel, type PanelHost } from './analysisPanel';

class CheckpointProvider implements vscode.CustomReadonlyEditorProvider {
  readonly editors = new Set<AnalysisPanel>();

  constructor(private readonly host: Omit<PanelHost, 'closed'>) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    // Nothing to hold: the analysis service reads the file (and caches it) for the editor.
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, webviewPanel: vscode.WebviewPanel): void {
    const host: PanelHost = { ...this.host, closed: (p) => this.editors.delete(p) };
    this.editors.add(new AnalysisPanel(host, webviewPanel, document.uri, undefined, undefined));
  }
}

/** Registers both view types; `editors` are the open ones (for the leak counts). */
export function registerCheckpointEditor(host: Omit<PanelHost, 'closed'>): { readonly editors: ReadonlySet<AnalysisPanel>; readonly disposable: vscode.Disposable } {
  const provider = new CheckpointProvider(host);
  const options = { supportsMultipleEditorsPerDocument: true, webviewOptions: { retainContextWhenHidden: false } };
  return {
    editors: provider.editors,
    disposable: vscode.Disposable.from(
      vscode.window.registerCustomEditorProvider(CHECKPOINT_EDITOR.default, provider, options),
      vscode.window.registerCustomEditorProvider(CHECKPOINT_EDITOR.option, provider, options),
      { dispose: () => [...provider.editors].forEach((p) => p.dispose()) },
    ),
  };
}
