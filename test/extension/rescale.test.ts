import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, copyTo, scratchDir, wsFile } from './editorHelpers';

describe('save rescaled copy', () => {
  it('writes a new JSON file keyed by the tensor names, with ρ = 0.99, and leaves the source alone', async () => {
    const { service } = await api();
    const dir = await scratchDir('rescale');
    const src = await copyTo(wsFile('examples', 'exploding.json'), vscode.Uri.joinPath(dir, 'source.json'));
    const before = await vscode.workspace.fs.readFile(src);
    const dest = vscode.Uri.joinPath(dir, 'copy.json');
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('rnnGradientLens.saveRescaledCopy', src, 'rnn.weight_hh_l0', dest);
    assert.equal(written?.toString(), dest.toString());
    const copy = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(dest))) as Record<string, number[][]>;
    assert.deepEqual(Object.keys(copy), ['rnn.weight_hh_l0']);
    const out = await service.analyze({ uri: dest });
    assert.ok(out.ok, out.ok ? '' : out.message);
    assert.ok(Math.abs((out.report.matrices[0]?.spectralRadius ?? 0) - 0.99) < 1e-9);
    assert.deepEqual(await vscode.workspace.fs.readFile(src), before, 'the analysed file is unchanged');
  });

  it('keeps a Keras kernel in its stored orientation', async () => {
    const { service } = await api();
    const dir = await scratchDir('rescale-keras');
    const dest = vscode.Uri.joinPath(dir, 'keras.rescaled.json');
    await vscode.commands.executeCommand('rnnGradientLens.saveRescaledCopy', wsFile('examples', 'keras_lstm.json'), undefined, dest);
    const copy = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(dest))) as Record<string, number[][]>;
    const [name, rows] = Object.entries(copy)[0] ?? [];
    assert.equal(name, 'lstm/recurrent_kernel');
    assert.ok(rows && rows[0] && rows[0].length === 4 * rows.length, 'H x 4H as stored');
    const out = await service.analyze({ uri: dest, options: {} });
    assert.ok(out.ok);
    const gates = out.report.matrices[0]?.gates ?? [];
    assert.ok(Math.abs(Math.max(...gates.map((g) => g.spectralRadius)) - 0.99) < 1e-9);
  });

  it('refuses to write over the analysed file or an existing one', async () => {
    const dir = await scratchDir('rescale-refuse');
    const src = await copyTo(wsFile('examples', 'exploding.json'), vscode.Uri.joinPath(dir, 'w.json'));
    const before = await vscode.workspace.fs.readFile(src);
    assert.equal(await vscode.commands.executeCommand('rnnGradientLens.saveRescaledCopy', src, undefined, src), undefined);
    const other = await copyTo(src, vscode.Uri.joinPath(dir, 'other.json'));
    assert.equal(await vscode.commands.executeCommand('rnnGradientLens.saveRescaledCopy', src, undefined, other), undefined);
    assert.deepEqual(await vscode.workspace.fs.readFile(src), before);
    assert.deepEqual(await vscode.workspace.fs.readFile(other), before);
  });
});
