/** The panel's webview options and HTML: scripts only from dist/webview with a fresh nonce. */
import * as vscode from 'vscode';
import { makeNonce, panelHtml } from '../pure/webviewHtml';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
    retainContextWhenHidden: false,
  };
}

/** `entry` names the page's bundle in dist/webview: `main` (a file's analysis) or `run` (a folder over training) or `compare` (two files). */
export function htmlFor(webview: vscode.Webview, extensionUri: vscode.Uri, entry: 'main' | 'run' | 'compare' = 'main'): string {
  const asset = (name: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name)).toString();
  return panelHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: asset(`${entry}.js`),
    styleUri: asset(`${entry}.css`),
    lang: vscode.env.language,
    title: 'RNN Gradient Lens',
  });
}
