/**
 * "Save Rescaled Copy (ρ = 0.99)…": writes a NEW file the user names in VS Code's save dialog
 * (which asks before replacing an existing file). Never writes the analysed file itself.
 */
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { activeResource } from './diagnostics';
import { rescaledCopy, rescaledName } from './pure/rescaledCopy';
import { COMMANDS } from './commandIds';

export const RESCALE_TARGET = 0.99;

export function registerRescaleCommand(service: AnalysisService): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.saveRescaledCopy, async (arg?: unknown, name?: unknown, target?: unknown) => {
    const uri = arg instanceof vscode.Uri ? arg : activeResource();
    if (!uri) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a weights file (JSON, CSV, .npy, .safetensors) first.'));
      return undefined;
    }
    const outcome = await service.analyze({ uri, ...(typeof name === 'string' && name !== '' ? { names: [name] } : {}) });
    if (!outcome.ok) {
      if (!outcome.cancelled) void vscode.window.showErrorMessage(outcome.message);
      return undefined;
    }
    const copy = rescaledCopy(outcome.file, outcome.report, RESCALE_TARGET);
    if (copy.scaled.length === 0) {
      void vscode.window.showWarningMessage(vscode.l10n.t('No matrix with a non-zero spectral radius to rescale.'));
      return undefined;
    }
    const base = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    // Tests pass the target URI; users always pick it in the dialog.
    const dest =
      target instanceof vscode.Uri
        ? target
        : await vscode.window.showSaveDialog({
            defaultUri: vscode.Uri.joinPath(uri, '..', rescaledName(base)),
            filters: { JSON: ['json'] },
            title: vscode.l10n.t('Save rescaled copy (ρ = 0.99)'),
            saveLabel: vscode.l10n.t('Save Copy'),
          });
    if (!dest) return undefined;
    if (dest.toString() === uri.toString()) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The rescaled copy must be a new file: the analysed file is never overwritten.'));
      return undefined;
    }
    if (target instanceof vscode.Uri && (await exists(dest))) {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} already exists; choose a new file name.', vscode.workspace.asRelativePath(dest)));
      return undefined;
    }
    await vscode.workspace.fs.writeFile(dest, new TextEncoder().encode(copy.json));
    const first = copy.scaled[0];
    const summary =
      copy.scaled.length === 1 && first
        ? vscode.l10n.t('Saved {0}: ρ {1} → {2} (×{3}).', vscode.workspace.asRelativePath(dest), first.rho.toFixed(4), RESCALE_TARGET, first.factor.toPrecision(4))
        : vscode.l10n.t('Saved {0}: {1} matrices rescaled to ρ = {2}.', vscode.workspace.asRelativePath(dest), copy.scaled.length, RESCALE_TARGET);
    const open = vscode.l10n.t('Open');
    void vscode.window.showInformationMessage(summary, open).then((pick) => {
      if (pick === open) void vscode.window.showTextDocument(dest);
    });
    return dest;
  });
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
