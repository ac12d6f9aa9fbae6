/**
 * Live matrices from real debuggers: Debian's debugpy (through the test-only `rgl-test-debugpy`
 * debug type, test/extension/debugpyAdapter) and VS Code's built-in JavaScript debugger stop at a
 * breakpoint in test/fixtures/debug; the matrix read from the paused frame must give exactly the
 * analysis of the same matrix read from its file.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { RnnGradientLensApi } from '../../src/extension/extension';
import { api, englishOnly, waitFor, workspaceUri, wsFile } from './editorHelpers';

const PYTHON = process.env.RGL_TEST_PYTHON ?? '/usr/bin/python3';
const HOSTILE = (marker: string): string => `x); import os; os.system("touch ${marker}")#`;

/** Debian's Python has the modules, and the test-only debug type that runs its debugpy is loaded. */
function pythonHas(...modules: string[]): boolean {
  if (!vscode.extensions.getExtension('rnn-gradient-lens-tests.rgl-test-debugpy')) return false;
  return spawnSync(PYTHON, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' }).status === 0;
}

function breakLine(program: vscode.Uri): number {
  const lines = fs.readFileSync(program.fsPath, 'utf8').split('\n');
  const i = lines.findIndex((l) => /[#/] BREAK$/.test(l));
  assert.ok(i >= 0, `${program.fsPath} marks a BREAK line`);
  return i;
}

/** Starts `config` with a breakpoint at the program's BREAK line; resolves once it is paused there. */
async function pausedAt(program: vscode.Uri, config: vscode.DebugConfiguration): Promise<vscode.DebugSession> {
  vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(program, new vscode.Position(breakLine(program), 0)))]);
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(await vscode.debug.startDebugging(folder, config), 'the debug session starts');
  const item = await waitFor(
    'the breakpoint',
    () => vscode.debug.activeStackItem,
    (i) => i instanceof vscode.DebugStackFrame,
    60_000,
  );
  assert.ok(item);
  return item.session;
}

async function stopAll(): Promise<void> {
  await vscode.debug.stopDebugging();
  vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

const variable = (session: vscode.DebugSession, name: string, evaluateName = name): unknown => ({
  sessionId: session.id,
  container: { name: 'Locals', variablesReference: 1, expensive: false },
  variable: { name, evaluateName, value: '', variablesReference: 0 },
});

/** The live panel's report once it has one, compared with the file's report of the same matrix. */
async function assertSameAsFile(lens: RnnGradientLensApi, title: string, file: vscode.Uri): Promise<void> {
  const panels = await waitFor('the live panel', () => lens.livePanels(), (ps) => ps.some((p) => p.title.startsWith(title) && p.report));
  const live = panels.find((p) => p.title.startsWith(title));
  const fromFile = await lens.service.analyze({ uri: file });
  assert.ok(fromFile.ok, 'the file reads');
  assert.ok(live?.report);
  assert.equal(live.report.matrices.length, 1);
  assert.deepEqual(live.report.matrices, fromFile.report.matrices, 'the live matrix gives exactly the file\'s analysis');
  assert.match(live.title, new RegExp(`^${title.replace(/[.[\]]/g, '\\$&')} @ \\w+\\.(py|js):\\d+$`), 'titled by expression and frame');
  assert.equal(live.banner.stale, false, 'the panel says the numbers are from the current stop');
}

describe('live matrices from a paused debugger', function () {
  this.timeout(120_000);
  let lens: RnnGradientLensApi;

  before(async () => {
    lens = await api();
  });
  afterEach(stopAll);

  it('debugpy: a NumPy W_hh in the paused frame analyses exactly like its .npy file, and refuses what is not a matrix', async function () {
    if (!pythonHas('debugpy', 'numpy')) this.skip();
    const program = wsFile('debug', 'numpy_step.py');
    const session = await pausedAt(program, { type: 'rgl-test-debugpy', name: 'numpy step', request: 'launch', program: program.fsPath, console: 'internalConsole', justMyCode: true });
    assert.equal(await vscode.commands.executeCommand('rnnGradientLens.analyzeVariable', variable(session, 'W_hh')), undefined);
    await assertSameAsFile(lens, 'W_hh', wsFile('debug', 'w_hh.npy'));
    // The same expression again refreshes its panel at the current stop instead of opening another.
    assert.equal(await vscode.commands.executeCommand('rnnGradientLens.analyzeExpression', 'W_hh'), undefined);
    assert.equal(lens.livePanels().length, 1);
    await assertSameAsFile(lens, 'W_hh', wsFile('debug', 'w_hh.npy'));

    // Not a matrix, not an array: one message each, and no panel.
    const oneD = await vscode.commands.executeCommand<string>('rnnGradientLens.analyzeExpression', 'h');
    const str = await vscode.commands.executeCommand<string>('rnnGradientLens.analyzeExpression', 'path');
    const missing = await vscode.commands.executeCommand<string>('rnnGradientLens.analyzeExpression', 'no_such_name');
    if (vscode.env.language.startsWith('en')) {
      assert.match(oneD, /h is not a 2-D matrix \(its shape is \(6\)\)/);
      assert.match(str, /path is not an array \(it is a builtins\.str\)/);
      assert.match(missing, /the debugger could not evaluate no_such_name: .*NameError/);
    } else [oneD, str, missing].forEach((m) => assert.equal(typeof m, 'string'));
    assert.equal(lens.livePanels().length, 1);

    // Continuing ends the program: the panel keeps its numbers and says they are the last ones.
    await vscode.commands.executeCommand('workbench.action.debug.continue');
    const after = await waitFor('the stale banner', () => lens.livePanels(), (ps) => ps[0]?.banner.stale === true);
    assert.ok(after[0]?.report, 'the last result stays');
  });

  it('debugpy: a hostile variable name is parsed as one expression and runs nothing', async function () {
    if (!pythonHas('debugpy', 'numpy')) this.skip();
    const marker = vscode.Uri.joinPath(workspaceUri(), 'debug', 'hostile-marker').fsPath;
    fs.rmSync(marker, { force: true });
    const program = wsFile('debug', 'numpy_step.py');
    const session = await pausedAt(program, { type: 'rgl-test-debugpy', name: 'hostile', request: 'launch', program: program.fsPath, console: 'internalConsole' });
    const viaMenu = await vscode.commands.executeCommand<string>('rnnGradientLens.analyzeVariable', variable(session, 'x', HOSTILE(marker)));
    const typed = await vscode.commands.executeCommand<string>('rnnGradientLens.analyzeExpression', HOSTILE(marker));
    for (const m of [viaMenu, typed]) {
      assert.equal(typeof m, 'string', 'refused with a message');
      if (vscode.env.language.startsWith('en')) assert.match(m, /could not evaluate .*SyntaxError/);
    }
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(fs.existsSync(marker), false, 'nothing ran in the debuggee');
    assert.equal(lens.livePanels().length, 0);
  });

  it('debugpy: an nn.LSTM weight_hh_l0 (a Parameter) analyses exactly like its .npy file (skipped without python3-torch)', async function () {
    if (!pythonHas('debugpy', 'numpy', 'torch')) this.skip();
    const program = wsFile('debug', 'torch_step.py');
    const session = await pausedAt(program, { type: 'rgl-test-debugpy', name: 'torch step', request: 'launch', program: program.fsPath, console: 'internalConsole' });
    assert.equal(await vscode.commands.executeCommand('rnnGradientLens.analyzeVariable', variable(session, 'weight_hh_l0', 'lstm.weight_hh_l0')), undefined);
    await assertSameAsFile(lens, 'lstm.weight_hh_l0', wsFile('debug', 'lstm_weight_hh_l0.npy'));
    const gates = lens.livePanels()[0]?.report?.matrices[0]?.gates?.map((g) => g.gate);
    assert.deepEqual(gates, ['i', 'f', 'g', 'o']);
  });

  it('js-debug: nested arrays and an array of Float64Array rows analyse exactly like the JSON file; statements are refused', async function () {
    if (!vscode.extensions.getExtension('ms-vscode.js-debug')) this.skip();
    englishOnly(this);
    const program = wsFile('debug', 'js_step.js');
    await pausedAt(program, { type: 'pwa-node', name: 'js step', request: 'launch', program: program.fsPath, console: 'internalConsole' });
    // js-debug reports the stop to its child session a moment after the stack item appears: until
    // then the command says the debugger is not paused, so wait for that to pass.
    let first = await vscode.commands.executeCommand<string | undefined>('rnnGradientLens.analyzeExpression', 'W_hh');
    for (let i = 0; i < 40 && typeof first === 'string' && /not paused/.test(first); i++) {
      await new Promise((r) => setTimeout(r, 250));
      first = await vscode.commands.executeCommand<string | undefined>('rnnGradientLens.analyzeExpression', 'W_hh');
    }
    assert.equal(first, undefined);
    await assertSameAsFile(lens, 'W_hh', wsFile('debug', 'w_hh.json'));
    assert.equal(await vscode.commands.executeCommand('rnnGradientLens.analyzeExpression', 'rows'), undefined);
    await assertSameAsFile(lens, 'rows', wsFile('debug', 'w_hh.json'));
    const marker = vscode.Uri.joinPath(workspaceUri(), 'debug', 'js-marker').fsPath;
    const hostile = await vscode.commands.executeCommand<string>('rnnGradientLens.analyzeExpression', `x); require("fs").writeFileSync(${JSON.stringify(marker)}, ""); (y`);
    assert.match(hostile, /is not a single expression/);
    assert.equal(fs.existsSync(marker), false);
  });
});
