/** The panel's webview options and HTML: scripts only from dist/webview with a fresh nonce. */
import * as vscode from 'vscode';
import { makeNonce, panelHtml } from './webviewHtml';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
    retainContextWhenHidden: false,
  };
}

export function htmlFor(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const asset = (name: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name)).toString();
  return panelHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: asset('main.js'),
    styleUri: asset('main.css'),
    lang: vscode.env.language,
    title: 'RNN Gradient Lens',
  });
}
