/** The analysis panel inside a real extension host: one panel per file, and nothing left once closed. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, panelStats, waitFor, wsFile } from './editorHelpers';

describe('panel', () => {
  before(async () => {
    await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens one panel per file, focuses it on reopen, and releases everything when closed', async () => {
    const start = await panelStats();
    assert.equal(start.panels, 0, 'no panel is open before the test');

    await vscode.commands.executeCommand('rnnGradientLens.analyzeFile', wsFile('examples', 'exploding.json'));
    await waitFor('the first panel', panelStats, (s) => s.panels === 1);
    await vscode.commands.executeCommand('rnnGradientLens.analyzeFile', wsFile('examples', 'exploding.json'));
    assert.equal((await panelStats()).panels, 1, 'reopening the same file focuses its panel');

    await vscode.commands.executeCommand('rnnGradientLens.analyzeMatrix', wsFile('examples', 'lstm_forget1.json'), 'lstm.weight_hh_l0');
    const open = await waitFor('a second panel', panelStats, (s) => s.panels === 2);
    assert.ok(open.resources > 0, 'open panels hold their watchers and listeners');

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const closed = await waitFor('all panels closed', panelStats, (s) => s.panels === 0);
    assert.equal(closed.resources, 0, 'closing the panels disposes their watchers, listeners and timers');
  });
});
