/**
 * Binary weights files as an editor, inside a real extension host: double-click (vscode.open)
 * opens the analysis for .npy/.safetensors, Open With… offers it for names shared with other files
 * (.bin), and the status bar and diagnostics follow the editor.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FORMATS } from '../../src/core/formats';
import { isReadable } from '../../src/core/readers/registry';
import { api, codeOf, copyTo, englishOnly, ours, panelStats, scratchDir, waitFor, wsFile } from './editorHelpers';

/** The view type of the active tab when it is a custom editor. */
function activeViewType(): string | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom ? input.viewType : undefined;
}

/** ρ numpy gives for a fixture (formats/expected.json in the test workspace). */
async function fixtureRho(name: string): Promise<number> {
  const table = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(wsFile('formats', 'expected.json')))) as Record<
    string,
    { matrices: { spectralRadius?: number | null }[] }
  >;
  const rho = table[name]?.matrices.find((m) => m.spectralRadius != null)?.spectralRadius;
  assert.ok(typeof rho === 'number', `expected.json has no ρ for ${name}`);
  return rho;
}

describe('checkpoint editor', () => {
  before(async () => {
    await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('every editor closed', panelStats, (s) => s.panels === 0);
  });

  for (const file of ['float64.npy', 'model.safetensors']) {
    it(`opens ${file} in the analysis on double-click, with its ρ in the status bar`, async () => {
      const a = await api();
      await vscode.commands.executeCommand('vscode.open', wsFile('formats', file));
      await waitFor('the analysis editor', () => activeViewType(), (v) => v === 'rnnGradientLens.checkpoint');
      await waitFor('its panel', panelStats, (s) => s.panels === 1 && s.resources > 0);
      const rho = await fixtureRho(file);
      await waitFor('the status bar', () => a.statusText() ?? '', (t) => t.includes(`ρ ${rho.toFixed(2)}`));
    });
  }

  it('is only an Open With… choice for .bin, and reads the file by its content there', async () => {
    const dir = await scratchDir('checkpoint-editor');
    const bin = await copyTo(wsFile('formats', 'float64.npy'), vscode.Uri.joinPath(dir, 'weights.bin'));
    await vscode.commands.executeCommand('vscode.open', bin);
    await new Promise((r) => setTimeout(r, 500));
    assert.notEqual(activeViewType(), 'rnnGradientLens.checkpoint');
    assert.equal((await panelStats()).panels, 0, 'double-clicking a .bin keeps VS Code’s own editor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    await vscode.commands.executeCommand('vscode.openWith', bin, 'rnnGradientLens.checkpointOpenWith');
    await waitFor('the analysis editor', () => activeViewType(), (v) => v === 'rnnGradientLens.checkpointOpenWith');
    await waitFor('its panel', panelStats, (s) => s.panels === 1);
    const rho = await fixtureRho('float64.npy');
    const a = await api();
    await waitFor('the status bar', () => a.statusText() ?? '', (t) => t.includes(`ρ ${rho.toFixed(2)}`));
  });

  it('diagnoses the active binary editor, findings at the start of the file', async () => {
    const npy = wsFile('examples', 'vanishing.npy');
    await vscode.commands.executeCommand('vscode.open', npy);
    await waitFor('the analysis editor', () => activeViewType(), (v) => v === 'rnnGradientLens.checkpoint');
    await vscode.commands.executeCommand('rnnGradientLens.diagnoseActiveFile');
    const [d] = await waitFor('a finding', () => ours(npy), (ds) => ds.length > 0);
    assert.equal(codeOf(d as vscode.Diagnostic), 'vanishing');
    assert.deepEqual([d?.range.start.line, d?.range.start.character], [0, 0]);
    await vscode.commands.executeCommand('rnnGradientLens.clearDiagnostics');
  });

  it('reads an ONNX model’s external data beside it, and refuses a missing or escaping one where it is named', async () => {
    type Gates = { matrices: { gateSpectralRadius?: Record<string, number> }[] };
    const table = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(wsFile('onnx', 'expected.json')))) as Record<string, Gates>;
    const want = table['lstm_external.onnx']?.matrices[0]?.gateSpectralRadius ?? {};
    const a = await api();
    const outcome = await a.service.analyze({ uri: wsFile('onnx', 'lstm_external.onnx') });
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    const gates = outcome.report.matrices[0]?.gates ?? [];
    assert.deepEqual(gates.map((g) => g.gate), Object.keys(want));
    for (const g of gates) {
      const rho = want[g.gate] ?? NaN;
      assert.ok(Math.abs(g.spectralRadius - rho) <= 1e-9 * rho, `gate ${g.gate}: ${g.spectralRadius} vs numpy ${rho}`);
    }
    await vscode.commands.executeCommand('vscode.openWith', wsFile('onnx', 'lstm_external.onnx'), 'rnnGradientLens.checkpointOpenWith');
    await waitFor('its panel', panelStats, (s) => s.panels === 1 && s.resources > 0);
    const top = Math.max(...Object.values(want));
    await waitFor('the status bar', () => a.statusText() ?? '', (t) => t.includes(`ρ ${top.toFixed(2)}`));

    for (const [file, why] of [
      ['bad_external_missing.onnx', /external file 'bad_external_missing\.onnx\.data', which is not beside the model/],
      ['bad_external_escape.onnx', /external file '\.\.\/\.\.\/secret\.bin', which is not a plain file name/],
    ] as const) {
      const uri = wsFile('onnx', file);
      const refused = await a.service.analyze({ uri });
      assert.ok(!refused.ok && why.test(refused.message), refused.ok ? `${file} read` : refused.message);
      await vscode.commands.executeCommand('rnnGradientLens.diagnoseActiveFile', uri);
      const [d] = await waitFor(`a finding on ${file}`, () => ours(uri), (ds) => ds.length > 0);
      assert.match(d?.message ?? '', why);
    }
    await vscode.commands.executeCommand('rnnGradientLens.clearDiagnostics');
  });

  it('reads an ONNX model again when its external data appears beside it', async () => {
    const dir = await scratchDir('onnx-external');
    const model = await copyTo(wsFile('onnx', 'lstm_external.onnx'), vscode.Uri.joinPath(dir, 'lstm_external.onnx'));
    const a = await api();
    const refused = await a.service.analyze({ uri: model });
    assert.ok(!refused.ok && /external file 'lstm_external\.onnx\.data', which is not beside the model/.test(refused.message), refused.ok ? 'read' : refused.message);
    await vscode.commands.executeCommand('vscode.openWith', model, 'rnnGradientLens.checkpointOpenWith');
    await waitFor('its panel', panelStats, (s) => s.panels === 1);

    // Only the data file is written; the model's own bytes and time stay as they were.
    const changed = new Promise<void>((resolve) => {
      const sub = a.service.onDidChangeFile((u) => u.toString() === model.toString() && (sub.dispose(), resolve()));
    });
    await copyTo(wsFile('onnx', 'lstm_external.onnx.data'), vscode.Uri.joinPath(dir, 'lstm_external.onnx.data'));
    await changed;
    const outcome = await a.service.analyze({ uri: model });
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    const top = Math.max(...(outcome.report.matrices[0]?.gates ?? []).map((g) => g.spectralRadius));
    await waitFor('the status bar', () => a.statusText() ?? '', (t) => t.includes(`ρ ${top.toFixed(2)}`));
  });

  it('names a format that has no reader yet, in the editor and in the status bar', async function () {
    englishOnly(this);
    // Any binary format of the table still without a reader (none left: nothing to check).
    const format = FORMATS.find((f) => f.binary && !isReadable(f.id));
    if (!format) this.skip();
    const dir = await scratchDir('checkpoint-unread');
    const ext = format.extensions[0] ?? '';
    const file = vscode.Uri.joinPath(dir, `model.${ext}`);
    await vscode.workspace.fs.writeFile(file, new Uint8Array([0x08, 0x07, 0x12, 0x00]));
    const a = await api();
    const outcome = await a.service.analyze({ uri: file });
    assert.ok(!outcome.ok && outcome.message.endsWith(`reading ${format.label} files is not supported yet`), outcome.ok ? 'read' : outcome.message);
    const viewType = format.openWithOnly?.includes(ext) ? 'rnnGradientLens.checkpointOpenWith' : 'rnnGradientLens.checkpoint';
    await vscode.commands.executeCommand('vscode.openWith', file, viewType);
    await waitFor('the status bar', () => a.statusText() ?? '', (t) => t.includes('unreadable'));
  });
});
