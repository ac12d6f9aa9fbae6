import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeOf, englishOnly, copyTo, ours, rangeOf, scratchDir, setSetting, waitFor, wsFile } from './editorHelpers';

const diagnose = (uri: vscode.Uri): Thenable<number | undefined> => vscode.commands.executeCommand<number | undefined>('rnnGradientLens.diagnoseActiveFile', uri);

describe('diagnostics', () => {
  before(async function () {
    englishOnly(this);
    await api();
    await vscode.commands.executeCommand('rnnGradientLens.clearDiagnostics');
  });
  afterEach(async () => {
    for (const k of ['severity.exploding', 'horizon']) await setSetting(k, undefined);
  });

  it('puts an exploding finding on the JSON key, with ρ and the growth over T', async () => {
    const uri = wsFile('examples', 'exploding.json');
    assert.equal(await diagnose(uri), 1);
    const [d, ...rest] = ours(uri);
    assert.ok(d);
    assert.equal(rest.length, 0);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(codeOf(d), 'exploding');
    assert.match(d.message, /^ρ = 1\.100: gradients grow ×3\.0e\+02 over T = 60$/);
    assert.ok(d.range.isEqual(await rangeOf(uri, '"rnn.weight_hh_l0"')), `range ${JSON.stringify(d.range)}`);
  });

  it('reports vanishing with the tanh condition, and transient growth with its peak', async () => {
    const van = wsFile('examples', 'vanishing.json');
    await diagnose(van);
    const kinds = ours(van).map((d) => [codeOf(d), d.severity]).sort();
    assert.deepEqual(kinds, [['tanhCondition', vscode.DiagnosticSeverity.Hint], ['vanishing', vscode.DiagnosticSeverity.Warning]]);
    const v = ours(van).find((d) => codeOf(d) === 'vanishing');
    assert.match(v?.message ?? '', /^ρ = 0\.800: gradients shrink ×1\.5e-06 over T = 60$/);
    assert.match(ours(van).find((d) => codeOf(d) === 'tanhCondition')?.message ?? '', /^σ_max = [0-9.]+ < 1\/γ = 1: with tanh/);

    const tg = wsFile('examples', 'transient-growth.json');
    await diagnose(tg);
    const [t] = ours(tg);
    assert.equal(t?.severity, vscode.DiagnosticSeverity.Information);
    assert.match(t?.message ?? '', /^ρ = 0\.900 < 1, yet ‖W\^k‖ peaks at ×[0-9.]+e\+\d\d at k = \d+ before it decays/);
    assert.ok(t?.range.isEqual(await rangeOf(tg, '"W_hh"')));
  });

  it('finds nothing in an orthogonal matrix', async () => {
    const uri = wsFile('examples', 'orthogonal.json');
    assert.equal(await diagnose(uri), 0);
    assert.equal(ours(uri).length, 0);
  });

  it('covers the whole table in CSV and the file start in binary files', async () => {
    const csv = wsFile('examples', 'exploding.csv');
    await diagnose(csv);
    const doc = await vscode.workspace.openTextDocument(csv);
    const [c] = ours(csv);
    assert.equal(codeOf(c!), 'exploding');
    assert.deepEqual([c!.range.start.line, c!.range.start.character], [0, 0]);
    assert.equal(c!.range.end.line, doc.lineCount - (doc.getText().endsWith('\n') ? 2 : 1));

    const npy = wsFile('examples', 'vanishing.npy');
    await diagnose(npy);
    const n = ours(npy).find((d) => codeOf(d) === 'vanishing');
    assert.ok(n?.range.isEqual(new vscode.Range(0, 0, 0, 0)));
  });

  it('locates refusals: a NaN at its line and column, a bad CSV cell, a truncated .npy', async () => {
    const nan = wsFile('formats', 'bad_nan.json');
    await diagnose(nan);
    const [a] = ours(nan);
    assert.equal(codeOf(a!), 'nonFinite');
    assert.equal(a!.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(a!.range.isEqual(await rangeOf(nan, 'NaN')));
    assert.match(a!.message, /^row 1, col 2: NaN is not valid JSON/);

    const word = wsFile('formats', 'bad_word.csv');
    await diagnose(word);
    const [b] = ours(word);
    assert.equal(codeOf(b!), 'unreadable');
    assert.ok(b!.range.isEqual(await rangeOf(word, 'abc')));
    assert.match(b!.message, /^row 2, col 2: "abc" is not a number/);

    const npy = wsFile('formats', 'bad_truncated.npy');
    await diagnose(npy);
    const [c] = ours(npy);
    assert.equal(codeOf(c!), 'unreadable');
    assert.match(c!.message, /^byte \d+: the data ends early/);
    assert.ok(c!.range.isEqual(new vscode.Range(0, 0, 0, 0)));
  });

  it('names each tensor of a state dict and puts the finding on its key', async () => {
    const uri = wsFile('formats', 'lstm_state_dict.json');
    await diagnose(uri);
    for (const d of ours(uri)) assert.ok(d.range.isEqual(await rangeOf(uri, '"rnn.weight_hh_l0"')));
  });

  it('applies the severity settings, including off', async () => {
    const uri = wsFile('examples', 'exploding.json');
    await setSetting('severity.exploding', 'error');
    await diagnose(uri);
    assert.equal(ours(uri)[0]?.severity, vscode.DiagnosticSeverity.Error);
    await setSetting('severity.exploding', 'off');
    await diagnose(uri);
    assert.equal(ours(uri).length, 0);
  });

  it('follows the horizon setting in the message', async () => {
    const uri = wsFile('examples', 'exploding.json');
    await setSetting('horizon', 100);
    await diagnose(uri);
    assert.match(ours(uri)[0]?.message ?? '', /over T = 100$/);
  });

  it('scans the workspace, skipping JSON files that hold no matrix', async () => {
    const r = await vscode.commands.executeCommand<{ files: number; findings: number }>('rnnGradientLens.diagnoseWorkspace');
    assert.ok(r && r.files >= 20, `scanned ${JSON.stringify(r)}`);
    assert.ok(ours(wsFile('examples', 'exploding.json')).length === 1);
    assert.ok(ours(wsFile('formats', 'bad_truncated.json')).length === 1);
    assert.equal(ours(wsFile('formats', 'expected.json')).length, 0, 'expected.json is not a weights file');
    assert.equal(ours(wsFile('examples', 'orthogonal.json')).length, 0);
  });

  it('respects the exclude setting and files.exclude in a workspace scan', async () => {
    await vscode.commands.executeCommand('rnnGradientLens.clearDiagnostics');
    const files = vscode.workspace.getConfiguration('files');
    await setSetting('diagnostics.exclude', ['**/formats/**']);
    await files.update('exclude', { '**/examples/vanishing.json': true }, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('rnnGradientLens.diagnoseWorkspace');
      assert.equal(ours(wsFile('examples', 'exploding.json')).length, 1);
      assert.equal(ours(wsFile('examples', 'vanishing.json')).length, 0, 'files.exclude is respected');
      assert.equal(ours(wsFile('formats', 'bad_nan.json')).length, 0, 'the exclude setting is respected');
    } finally {
      await setSetting('diagnostics.exclude', undefined);
      await files.update('exclude', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('offers Quick Fixes to open the analysis and to save a rescaled copy', async () => {
    const uri = wsFile('examples', 'exploding.json');
    await diagnose(uri);
    const d = ours(uri)[0];
    assert.ok(d);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const mine = actions.filter((a) => a.command?.command.startsWith('rnnGradientLens.'));
    assert.deepEqual(mine.map((a) => a.title), ['Open analysis', 'Save rescaled copy (ρ = 0.99)…']);
    assert.equal(mine[0]?.command?.command, 'rnnGradientLens.analyzeMatrix');
    assert.equal(mine[1]?.command?.command, 'rnnGradientLens.saveRescaledCopy');
    assert.ok(mine.every((a) => a.edit === undefined), 'no Quick Fix edits the file');
  });

  it('refreshes on external change and clears when the file is deleted', async () => {
    const dir = await scratchDir('refresh');
    const live = await copyTo(wsFile('examples', 'exploding.json'), vscode.Uri.joinPath(dir, 'live.json'));
    await diagnose(live);
    assert.equal(codeOf(ours(live)[0]!), 'exploding');
    await vscode.workspace.fs.writeFile(live, await vscode.workspace.fs.readFile(wsFile('examples', 'orthogonal.json')));
    await waitFor('the orthogonal rewrite to clear the finding', () => ours(live).map((d) => d.message), (m) => m.length === 0);
    await vscode.workspace.fs.writeFile(live, await vscode.workspace.fs.readFile(wsFile('examples', 'vanishing.json')));
    await waitFor('the vanishing rewrite to be diagnosed', () => ours(live).map(codeOf).sort().join(), (s) => s === 'tanhCondition,vanishing');
    await vscode.workspace.fs.delete(live);
    await waitFor('the deleted file to lose its findings', () => vscode.languages.getDiagnostics(live).length, (n) => n === 0);
  });

  it('clears every finding on request', async () => {
    await diagnose(wsFile('examples', 'exploding.json'));
    await vscode.commands.executeCommand('rnnGradientLens.clearDiagnostics');
    const left = vscode.languages.getDiagnostics().filter(([, ds]) => ds.some((d) => d.source === 'RNN Gradient Lens'));
    assert.equal(left.length, 0);
  });
});
