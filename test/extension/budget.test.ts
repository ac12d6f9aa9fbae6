/**
 * The time budget in a real extension host. The harness sets RNN_GRADIENT_LENS_TEST_SPIN, so a
 * matrix named `…__spin` keeps its worker busy forever once its ‖W^k‖ are in: a stand-in for an
 * input that makes a solver loop. Every feature must say "gave up" (with the numbers it had), and
 * a workspace scan must still report the healthy file beside it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TEST_SPIN_ENV } from '../../src/core/progress';
import { api, codeOf, copyTo, englishOnly, ours, scratchDir, setSetting, waitFor, wsFile } from './editorHelpers';

interface PanelStats {
  readonly panels: number;
  readonly notices: readonly string[];
}

const GAVE_UP = /analysis gave up after 1 s while computing the singular values of W_hh__spin/;
/** The panel's budget counts from the last progress, so its job ran at least the budget, often longer. */
const PANEL_GAVE_UP = /analysis gave up after (1|1\.\d+|[2-9](\.\d+)?) s while computing the singular values of W_hh__spin/;

describe('time budget: gave up', () => {
  let hang: vscode.Uri;
  let healthy: vscode.Uri;

  before(async function () {
    englishOnly(this);
    if (!process.env[TEST_SPIN_ENV]) this.skip(); // the hook is armed only by the test harness
    await api();
    const dir = await scratchDir('budget');
    hang = vscode.Uri.joinPath(dir, 'hang.json');
    await vscode.workspace.fs.writeFile(hang, new TextEncoder().encode(JSON.stringify({ W_hh__spin: [[1.1, 0.2], [0, 0.5]] })));
    healthy = await copyTo(wsFile('examples', 'exploding.json'), vscode.Uri.joinPath(dir, 'healthy.json'));
    await setSetting('timeBudget.hoverSeconds', 1);
    await setSetting('timeBudget.panelSeconds', 1);
  });

  after(async () => {
    for (const k of ['timeBudget.hoverSeconds', 'timeBudget.panelSeconds', 'diagnostics.include']) await setSetting(k, undefined);
    await vscode.commands.executeCommand('rnnGradientLens.clearDiagnostics');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('hover: says it gave up, and what it had computed, instead of loading forever', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', hang, new vscode.Position(0, 4));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).find((t) => t.includes('gave up'));
    assert.ok(text, 'a give-up hover');
    // Markdown-escaped in the hover: W\_hh\_\_spin.
    assert.match(text.replace(/\\(.)/g, '$1'), GAVE_UP);
    assert.match(text.replace(/\\(.)/g, '$1'), /W_hh__spin \(incomplete\): ρ = 1\.1, σ_max = /);
  });

  it('a workspace scan reports the healthy file and gives the hanging one its own finding', async () => {
    await setSetting('diagnostics.include', ['**/scratch-editor/budget/*.json']);
    await vscode.commands.executeCommand('rnnGradientLens.clearDiagnostics');
    const r = await vscode.commands.executeCommand<{ files: number; findings: number }>('rnnGradientLens.diagnoseWorkspace');
    assert.equal(r?.files, 2, `scanned ${JSON.stringify(r)}`);
    assert.deepEqual(ours(healthy).map(codeOf), ['exploding']);
    const [d, ...rest] = ours(hang);
    assert.equal(rest.length, 0);
    assert.equal(codeOf(d!), 'gaveUp');
    assert.equal(d!.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(d!.message, GAVE_UP);
    assert.match(d!.message, /computed so far: W_hh__spin \(incomplete\): ρ = 1\.1/);
  });

  it('status bar and panel: say it gave up; the next request gets a fresh worker', async () => {
    const a = await api();
    await vscode.window.showTextDocument(hang);
    await waitFor('the status bar for hang.json', () => a.statusText(), (t) => t !== undefined && GAVE_UP.test(t));
    await vscode.commands.executeCommand('rnnGradientLens.analyzeFile', hang);
    const stats = await waitFor(
      'the panel to say it gave up',
      async () => (await vscode.commands.executeCommand<PanelStats>('rnnGradientLens._panelStats')) ?? { panels: 0, notices: [] },
      (s) => s.notices.some((n) => PANEL_GAVE_UP.test(n)),
    );
    assert.match(stats.notices.find((n) => PANEL_GAVE_UP.test(n)) ?? '', /rnnGradientLens\.timeBudget\.panelSeconds/);
    await vscode.window.showTextDocument(healthy);
    await waitFor('the status bar for healthy.json', () => a.statusText(), (t) => t === '$(warning) ρ 1.10 · exploding');
  });
});
