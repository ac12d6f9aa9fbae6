/** The run panel inside a real extension host: a folder's every checkpoint, live additions, nothing left once closed. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, copyTo, scratchDir, waitFor, wsFile } from './editorHelpers';

interface RunStats {
  readonly panels: number;
  readonly points: readonly number[];
  readonly resources: number;
}

const runStats = async (): Promise<RunStats> =>
  (await vscode.commands.executeCommand<RunStats>('rnnGradientLens._runPanelStats')) ?? { panels: -1, points: [], resources: -1 };

describe('run panel', () => {
  before(async () => {
    await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('tracks a folder: every checkpoint becomes a point, and closing releases everything', async () => {
    const files = (await vscode.workspace.fs.readDirectory(wsFile('run'))).filter(([n]) => n.endsWith('.safetensors'));
    assert.ok(files.length >= 5);
    await vscode.commands.executeCommand('rnnGradientLens.trackFolder', wsFile('run'));
    await waitFor('every checkpoint on the chart', runStats, (s) => s.panels === 1 && s.points[0] === files.length, 60_000);
    await vscode.commands.executeCommand('rnnGradientLens.trackFolder', wsFile('run'));
    assert.equal((await runStats()).panels, 1, 'reopening the same folder focuses its panel');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const closed = await waitFor('the panel closed', runStats, (s) => s.panels === 0);
    assert.equal(closed.resources, 0);
  });

  it('follows the folder: a new checkpoint and one written in two halves each become a point', async () => {
    const dir = await scratchDir('run-live');
    await copyTo(wsFile('run', 'step_2.safetensors'), vscode.Uri.joinPath(dir, 'step_2.safetensors'));
    await copyTo(wsFile('run', 'step_5.safetensors'), vscode.Uri.joinPath(dir, 'step_5.safetensors'));
    await vscode.commands.executeCommand('rnnGradientLens.trackFolder', dir);
    await waitFor('the first two points', runStats, (s) => s.points[0] === 2, 60_000);
    await copyTo(wsFile('run', 'step_10.safetensors'), vscode.Uri.joinPath(dir, 'step_10.safetensors'));
    await waitFor('the new checkpoint', runStats, (s) => s.points[0] === 3, 20_000);
    const bytes = await vscode.workspace.fs.readFile(wsFile('run', 'step_20.safetensors'));
    const target = vscode.Uri.joinPath(dir, 'step_20.safetensors');
    await vscode.workspace.fs.writeFile(target, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await new Promise((r) => setTimeout(r, 60));
    await vscode.workspace.fs.writeFile(target, bytes);
    await waitFor('the checkpoint written in two halves', runStats, (s) => s.points[0] === 4, 20_000);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(dir, 'step_2.safetensors'));
    await waitFor('the deleted checkpoint gone', runStats, (s) => s.points[0] === 3, 20_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the panel closed', runStats, (s) => s.panels === 0 && s.resources === 0);
  });
});
