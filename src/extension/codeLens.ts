/** CodeLens above each matrix in a JSON file ("ρ 1.04 · exploding · Analyze") and each modern layer. */
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { lensTitle } from './pure/hoverText';
import { gaveUpMessage } from './pure/gaveUpText';
import { matrixRange, recurrenceRange } from './placement';
import { recurrenceLensTitle } from './pure/recurrenceText';
import { isEnabled, SECTION } from './settings';
import { COMMANDS } from './commandIds';

export class WeightsCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subs: vscode.Disposable[];

  constructor(private readonly service: AnalysisService) {
    this.subs = [
      this.changed,
      service.onDidChangeFile(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) this.changed.fire();
      }),
    ];
  }

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!isEnabled('codeLens.enabled')) return [];
    const outcome = await this.service.analyze({ uri: doc.uri }, token);
    if (token.isCancellationRequested) return [];
    if (!outcome.ok) {
      if (!outcome.gaveUp) return [];
      // One lens at the top: the give-up, and the panel (with its longer budget) one click away.
      return [
        new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
          title: `$(watch) ${gaveUpMessage(outcome.gaveUp.seconds, outcome.gaveUp.partial)} · ${vscode.l10n.t('Analyze')}`,
          tooltip: outcome.message,
          command: 'rnnGradientLens.analyzeFile',
          arguments: [doc.uri],
        }),
      ];
    }
    const layers = outcome.report.recurrences.map((r) => {
      const line = recurrenceRange(outcome, r).start.line;
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: recurrenceLensTitle(r),
        tooltip: vscode.l10n.t('Open the analysis of this file’s recurrent layers'),
        command: COMMANDS.analyzeFile,
        arguments: [doc.uri],
      });
    });
    const matrices = outcome.report.matrices.map((m) => {
      const line = matrixRange(outcome, m.name).start.line;
      const args = m.name === '' ? [doc.uri] : [doc.uri, m.name];
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: lensTitle(m),
        tooltip: vscode.l10n.t('Open the gradient analysis of this matrix'),
        command: m.name === '' ? COMMANDS.analyzeFile : COMMANDS.analyzeMatrix,
        arguments: args,
      });
    });
    return [...matrices, ...layers];
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}

export function registerCodeLens(service: AnalysisService): vscode.Disposable {
  const provider = new WeightsCodeLensProvider(service);
  return vscode.Disposable.from(provider, vscode.languages.registerCodeLensProvider([{ language: 'json' }, { language: 'jsonc' }], provider));
}
