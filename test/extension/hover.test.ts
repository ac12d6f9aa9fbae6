import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, englishOnly, rangeOf, scratchDir, setSetting, waitFor, wsFile } from './editorHelpers';

/** Our hover text at a position (other providers' hovers filtered out). */
async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string | undefined> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  const texts = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
  return texts.find((t) => t.includes('ρ (spectral radius'));
}

describe('hover', () => {
  before(async function () {
    englishOnly(this);
    await api();
  });
  after(async () => {
    await setSetting('hover.enabled', undefined);
  });

  it('summarises a JSON matrix under the mouse, with a trusted link to the panel', async () => {
    const uri = wsFile('examples', 'exploding.json');
    const key = await rangeOf(uri, '"rnn.weight_hh_l0"');
    const text = await hoverText(uri, key.start.translate(0, 3));
    assert.ok(text, 'a hover on the key');
    assert.match(text, /\*\*`rnn\.weight_hh_l0`\*\* · 32×32 · rnn · \*\*exploding\*\*/);
    assert.match(text, /ρ \(spectral radius\): 1\.1\b/);
    assert.match(text, /σ_max \(spectral norm\): [0-9.]+/);
    assert.match(text, /growth over T = 60: ‖W\^T‖ = 3\.0e\+02/);
    assert.match(text, /\(command:rnnGradientLens\.analyzeMatrix\?/);
    // Inside the value too, many lines below the key.
    assert.ok(await hoverText(uri, key.start.translate(40, 4)));
  });

  it('trusts only this extension\'s commands, and shows hostile tensor names as inert code', async () => {
    const dir = await scratchDir('hostile');
    const name = '[run](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> `x`';
    const uri = vscode.Uri.joinPath(dir, 'names.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify({ [name]: [[2, 0], [0, 0.5]] })));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 5));
    const md = hovers.flatMap((h) => h.contents).find((c): c is vscode.MarkdownString => typeof c !== 'string' && 'value' in c && c.value.includes('ρ (spectral radius'));
    assert.ok(md, 'a hover on the hostile key');
    const trusted = md.isTrusted;
    assert.ok(typeof trusted === 'object' && trusted !== null, 'trust is limited to a command list, never `true`');
    assert.ok(trusted.enabledCommands.every((c) => c.startsWith('rnnGradientLens.')), trusted.enabledCommands.join());
    assert.ok(md.value.includes("**`[run](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> 'x'`**"), md.value);
    assert.equal(md.supportHtml, false);
  });

  it('says nothing outside the matrices of a JSON file', async () => {
    const uri = wsFile('examples', 'exploding.json');
    assert.equal(await hoverText(uri, new vscode.Position(0, 0)), undefined);
  });

  it('shows each tensor of a state dict on its own, with its gates', async () => {
    const uri = wsFile('examples', 'lstm_forget1.json');
    const key = await rangeOf(uri, '"lstm.weight_hh_l0"');
    const text = await hoverText(uri, key.start.translate(0, 2));
    assert.ok(text);
    assert.match(text, /`lstm\.weight_hh_l0`/);
    for (const g of ['i', 'f', 'g', 'o']) assert.match(text, new RegExp(`gate ${g}: ρ = [0-9.]+, σ_max = [0-9.]+`));
    const ih = await rangeOf(uri, '"lstm.weight_ih_l0"');
    assert.equal(await hoverText(uri, ih.start.translate(0, 2)), undefined, 'the input weights are not a recurrent matrix');
  });

  it('answers anywhere in a CSV or TSV file', async () => {
    const csv = await hoverText(wsFile('examples', 'exploding.csv'), new vscode.Position(5, 10));
    assert.match(csv ?? '', /ρ \(spectral radius\): 1\.1\b/);
    const tsv = await hoverText(wsFile('formats', 'tabs.tsv'), new vscode.Position(2, 3));
    assert.match(tsv ?? '', /ρ \(spectral radius\): 0\.95\b/);
  });

  it('reads numeric matrix literals in Python and TypeScript, comments included', async () => {
    const py = await vscode.workspace.openTextDocument({
      language: 'python',
      content: 'import numpy as np\n# W = np.array([[5, 0], [0, 5]])\nW = np.array([[0.9, 0.5],   # first row\n              [0.0, 0.9]])\n',
    });
    const pyText = await hoverText(py.uri, new vscode.Position(3, 20));
    assert.match(pyText ?? '', /ρ \(spectral radius\): 0\.9\b/);
    assert.match(pyText ?? '', /2×2/);
    assert.equal(await hoverText(py.uri, new vscode.Position(1, 20)), undefined, 'a commented-out literal has no hover');

    const ts = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'const w = [\n  [2, 0],\n  [0, 0.5],\n];\n' });
    const tsText = (await hoverText(ts.uri, new vscode.Position(1, 4))) ?? '';
    assert.match(tsText, /ρ \(spectral radius\): 2\b/);
    assert.match(tsText, /\*\*exploding\*\*/);
    const ragged = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'const r = [[1, 2], [3]];\n' });
    assert.equal(await hoverText(ragged.uri, new vscode.Position(0, 14)), undefined);
  });

  it('can be switched off', async () => {
    await setSetting('hover.enabled', false);
    const uri = wsFile('examples', 'exploding.csv');
    assert.equal(await hoverText(uri, new vscode.Position(1, 1)), undefined);
    await setSetting('hover.enabled', undefined);
    assert.ok(await hoverText(uri, new vscode.Position(1, 1)));
  });
});

describe('CodeLens and status bar', () => {
  before(async function () {
    englishOnly(this);
    await api();
  });
  after(async () => {
    await setSetting('codeLens.enabled', undefined);
  });

  async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
    await vscode.workspace.openTextDocument(uri); // the command needs the text model loaded
    const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    return all.filter((l) => l.command?.command.startsWith('rnnGradientLens.'));
  }

  it('titles each JSON matrix with ρ, the verdict and Analyze, on the key line', async () => {
    const uri = wsFile('examples', 'exploding.json');
    const [l, ...rest] = await lenses(uri);
    assert.equal(rest.length, 0);
    assert.equal(l?.command?.title, 'ρ 1.10 · exploding · Analyze');
    assert.equal(l?.command?.command, 'rnnGradientLens.analyzeMatrix');
    assert.equal(l?.range.start.line, (await rangeOf(uri, '"rnn.weight_hh_l0"')).start.line);
    const [t] = await lenses(wsFile('examples', 'transient-growth.json'));
    assert.equal(t?.command?.title, 'ρ 0.90 · transient growth · Analyze');
    const [s] = await lenses(wsFile('examples', 'lstm_forget0.json'));
    assert.match(s?.command?.title ?? '', /^[ifgo]: ρ 0\.\d\d · vanishing · Analyze$/);
  });

  it('can be switched off', async () => {
    await setSetting('codeLens.enabled', false);
    assert.equal((await lenses(wsFile('examples', 'exploding.json'))).length, 0);
  });
});

describe('status bar', () => {
  before(function () {
    englishOnly(this);
  });
  after(async () => {
    await setSetting('statusBar.enabled', undefined);
  });

  it('shows the active weights file’s ρ and verdict, and hides for other files', async () => {
    const a = await api();
    await vscode.window.showTextDocument(wsFile('examples', 'exploding.json'));
    await waitFor('the status bar for exploding.json', () => a.statusText(), (t) => t === '$(warning) ρ 1.10 · exploding');
    await vscode.window.showTextDocument(wsFile('examples', 'orthogonal.json'));
    await waitFor('the status bar for orthogonal.json', () => a.statusText(), (t) => t === '$(pulse) ρ 1.00 · stable');
    await vscode.window.showTextDocument(wsFile('formats', 'bad_word.csv'));
    await waitFor('the status bar for an unreadable table', () => a.statusText(), (t) => t === '$(error) RNN Gradient Lens: unreadable');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'python', content: 'x = 1\n' }));
    await waitFor('the status bar to hide', () => a.statusText(), (t) => t === undefined);
    await vscode.window.showTextDocument(wsFile('examples', 'exploding.json'));
    await setSetting('statusBar.enabled', false);
    await waitFor('the status bar to hide when switched off', () => a.statusText(), (t) => t === undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
