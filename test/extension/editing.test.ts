import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeOf, englishOnly, copyTo, ours, scratchDir, waitFor, wsFile } from './editorHelpers';

async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string | undefined> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).find((t) => t.includes('ρ (spectral radius'));
}

/** Replaces the whole text of an open document without saving it. */
async function replaceAll(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

describe('editing weights files', () => {
  before(async function () {
    englishOnly(this);
    await api();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('hovers on the unsaved text of a file being edited', async () => {
    const dir = await scratchDir('edit-hover');
    const uri = vscode.Uri.joinPath(dir, 'w.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('{"W_hh": [[0.5, 0], [0, 0.5]]}\n'));
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match((await hoverText(uri, new vscode.Position(0, 3))) ?? '', /ρ \(spectral radius\): 0\.5\b/);
    await replaceAll(doc, '{\n  "W_hh": [[3, 0], [0, 0.5]]\n}\n');
    assert.ok(doc.isDirty);
    const text = await hoverText(uri, new vscode.Position(1, 5));
    assert.match(text ?? '', /ρ \(spectral radius\): 3\b/);
    assert.equal(await hoverText(uri, new vscode.Position(0, 0)), undefined, 'the new layout moved the matrix off line 0');
    await vscode.commands.executeCommand('workbench.action.files.revert', uri).then(undefined, () => undefined);
  });

  it('re-diagnoses a diagnosed file when it is saved', async () => {
    const dir = await scratchDir('edit-save');
    const uri = await copyTo(wsFile('examples', 'orthogonal.json'), vscode.Uri.joinPath(dir, 'w.json'));
    await vscode.commands.executeCommand('rnnGradientLens.diagnoseActiveFile', uri);
    assert.equal(ours(uri).length, 0);
    const doc = await vscode.workspace.openTextDocument(uri);
    await replaceAll(doc, '{"W_hh": [[1.5, 0], [0, 0.2]]}\n');
    assert.ok(await doc.save());
    const found = await waitFor('the saved file to be re-diagnosed', () => ours(uri).map(codeOf), (k) => k.length > 0);
    assert.deepEqual(found, ['exploding']);
    assert.match(ours(uri)[0]?.message ?? '', /^ρ = 1\.500: gradients grow ×/);
  });

  it('opens a bundled example from the walkthrough command', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('rnnGradientLens.openExample', 'transient-growth.json');
    assert.ok(uri?.path.endsWith('/examples/transient-growth.json'));
    await waitFor('the example to open', () => vscode.window.activeTextEditor?.document.uri.path, (p) => p === uri.path);
  });

  it('hovers on a matrix literal in a notebook cell', async function () {
    let nb: vscode.NotebookDocument;
    try {
      const cell = new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'import numpy as np\nW = np.array([[0.5, 2.0],\n              [0.0, 0.5]])\n', 'python');
      nb = await vscode.workspace.openNotebookDocument('jupyter-notebook', new vscode.NotebookData([cell]));
    } catch {
      this.skip(); // no notebook serializer in this VS Code build
      return;
    }
    const cellDoc = nb.cellAt(0).document;
    const text = await hoverText(cellDoc.uri, new vscode.Position(2, 18));
    assert.match(text ?? '', /ρ \(spectral radius\): 0\.5\b/);
    assert.match(text ?? '', /2×2/);
  });
});
