/**
 * A status bar item for the active weights file: "ρ 1.04 · exploding", or for a model of modern
 * layers its worst layer ("24 layers · worst ρ 1 · non-decaying (4)"); a click opens the panel.
 */
import * as vscode from 'vscode';
import { extensionTest, FORMATS } from '../core/formats';
import type { AnalysisService } from './analysisService';
import { WEIGHTS_EXTENSIONS } from './analysisOptions';
import { activeResource } from './diagnostics';
import { gaveUpMessage } from './pure/gaveUpText';
import { rhoShort, verdictWord } from './pure/hoverText';
import { recurrenceStatus } from './pure/recurrenceText';
import { isEnabled, SECTION } from './settings';
import { COMMANDS } from './commandIds';

/** Files that are weights files by their name alone: binaries and tables (not JSON, not .txt). */
const BINARY_OR_TABLE = extensionTest(FORMATS.flatMap((f) => (f.binary || f.id === 'csv' ? f.extensions.filter((e) => e !== 'txt') : [])));

export class WeightsStatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('rnnGradientLens.status', vscode.StatusBarAlignment.Right, 100);
  private readonly subs: vscode.Disposable[] = [];
  private pending?: vscode.CancellationTokenSource;
  private visible = false;

  /** The text shown now, or undefined when hidden (for tests). */
  get shownText(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  constructor(private readonly service: AnalysisService) {
    this.item.name = vscode.l10n.t('RNN Gradient Lens');
    const update = (): void => void this.update();
    this.subs.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(update),
      vscode.window.tabGroups.onDidChangeTabs(update),
      vscode.workspace.onDidSaveTextDocument(update),
      service.onDidChangeFile(update),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) update();
      }),
    );
    update();
  }

  async update(): Promise<void> {
    this.pending?.cancel();
    this.pending?.dispose();
    this.pending = undefined;
    const uri = activeResource();
    if (!isEnabled('statusBar.enabled') || !uri || !WEIGHTS_EXTENSIONS.test(uri.path)) {
      this.hide();
      return;
    }
    const cts = (this.pending = new vscode.CancellationTokenSource());
    const outcome = await this.service.analyze({ uri, channel: 'statusBar' }, cts.token);
    if (cts.token.isCancellationRequested) return;
    if (!outcome.ok && outcome.gaveUp) {
      this.show('$(watch) ' + vscode.l10n.t('RNN Gradient Lens: {0}', gaveUpMessage(outcome.gaveUp.seconds, outcome.gaveUp.partial)), outcome.message, uri);
      return;
    }
    if (!outcome.ok) {
      // Binary and table files are weights files by their extension: say they could not be read.
      // A JSON file that does not read is usually some other JSON, so the item just hides.
      if (outcome.cancelled || !BINARY_OR_TABLE.test(uri.path)) this.hide();
      else this.show('$(error) ' + vscode.l10n.t('RNN Gradient Lens: unreadable'), outcome.message, uri);
      return;
    }
    const m = outcome.report.matrices[0];
    if (!m) {
      // A model of modern layers only: its worst layer.
      const s = recurrenceStatus(outcome.report.recurrences);
      if (s) this.show(`${s.warn ? '$(warning)' : '$(pulse)'} ${s.text}`, s.tooltip, uri);
      else this.hide();
      return;
    }
    const more = outcome.report.matrices.length > 1 ? ` +${outcome.report.matrices.length - 1}` : '';
    const icon = m.verdict === 'stable' && m.eigenvaluesConverged ? '$(pulse)' : '$(warning)';
    const tooltip = vscode.l10n.t('RNN Gradient Lens: {0} — click to open the analysis', m.name === '' ? vscode.workspace.asRelativePath(uri) : m.name);
    this.show(`${icon} ${rhoShort(m)} · ${verdictWord(m.verdict)}${more}`, tooltip, uri);
  }

  private show(text: string, tooltip: string, uri: vscode.Uri): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = { title: vscode.l10n.t('Open analysis'), command: COMMANDS.analyzeFile, arguments: [uri] };
    this.item.show();
    this.visible = true;
  }

  private hide(): void {
    this.item.hide();
    this.visible = false;
  }

  dispose(): void {
    this.pending?.cancel();
    this.pending?.dispose();
    for (const s of this.subs) s.dispose();
  }
}
