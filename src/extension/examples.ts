/** "Open Example": opens one of the bundled example weights files (used by the walkthrough). */
import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';

export const EXAMPLES = ['exploding.json', 'vanishing.json', 'transient-growth.json', 'orthogonal.json', 'lstm_forget0.json', 'lstm_forget1.json', 'keras_lstm.json', 'exploding.csv', 'vanishing.npy'];

export function registerOpenExample(extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.openExample, async (name?: unknown) => {
    let pick = typeof name === 'string' && EXAMPLES.includes(name) ? name : undefined;
    pick ??= await vscode.window.showQuickPick(EXAMPLES, { title: vscode.l10n.t('Open an example weights file') });
    if (!pick) return undefined;
    const uri = vscode.Uri.joinPath(extensionUri, 'examples', pick);
    await vscode.commands.executeCommand('vscode.open', uri);
    return uri;
  });
}
