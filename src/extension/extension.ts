import * as vscode from 'vscode';
import { createAnalysisService } from './analysisService';

export function activate(context: vscode.ExtensionContext): void {
  const service = createAnalysisService();
  context.subscriptions.push(service);
  // Features register here: panel (./panel), diagnostics, hover, CodeLens, status bar.
}

export function deactivate(): void {}
