/**
 * *Compare With…* inside a real extension host: two checkpoints of the committed run (as the
 * explorer passes two selected files), both analyses, Δρ and ‖W_a − W_b‖_F / ‖W_a‖_F against
 * numpy's (test/fixtures/run/expected.json, from scripts/fixtures/make_run_fixtures.py).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CompareHostMessage } from '../../src/compareProtocol';
import { api, waitFor, wsFile } from './editorHelpers';

interface RunExpected {
  readonly steps: readonly number[];
  readonly series: Readonly<Record<string, readonly { readonly spectralRadius: number }[]>>;
  readonly compare: { readonly a: number; readonly b: number; readonly relativeChange: Readonly<Record<string, number>> };
}

/** Numbers computed from float32 files: numpy and ours agree to this (relative, absolute below 1). */
const TOL = 1e-8;
const close = (x: number | null | undefined, want: number, what: string): void =>
  assert.ok(typeof x === 'number' && Math.abs(x - want) <= TOL * Math.max(1, Math.abs(want)), `${what}: ${String(x)} vs numpy ${want}`);

describe('compare with', () => {
  before(async () => {
    await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('two selected checkpoints: both analyses, Δρ per matrix and gate and the relative change as numpy', async () => {
    const expected = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(wsFile('run-expected.json')))) as RunExpected;
    const { a, b, relativeChange } = expected.compare;
    const ua = wsFile('run', `step_${a}.safetensors`);
    const ub = wsFile('run', `step_${b}.safetensors`);
    const init = await vscode.commands.executeCommand<CompareHostMessage | undefined>('rnnGradientLens.compareWith', ua, [ua, ub]);
    assert.ok(init && init.type === 'compareInit', 'the command opened a comparison');
    assert.deepEqual([init.a.label, init.b.label], [`run/step_${a}.safetensors`, `run/step_${b}.safetensors`]);
    const names = Object.keys(relativeChange).sort();
    assert.deepEqual(init.a.report.matrices.map((m) => m.name).sort(), names);
    assert.deepEqual(init.b.report.matrices.map((m) => m.name).sort(), names);
    assert.deepEqual(init.comparison.matrices.map((m) => m.name).sort(), names);
    const [ia, ib] = [expected.steps.indexOf(a), expected.steps.indexOf(b)];
    for (const m of init.comparison.matrices) {
      close(m.relativeChange, relativeChange[m.name] as number, `${m.name} ‖W_a − W_b‖_F / ‖W_a‖_F`);
      const lines = m.gates ? m.gates.map((g) => ({ id: `${m.name} [${g.gate}]`, delta: g.deltaRadius })) : [{ id: m.name, delta: m.deltaRadius }];
      for (const l of lines) {
        const s = expected.series[l.id];
        assert.ok(s, l.id);
        close(l.delta, (s[ib]?.spectralRadius ?? NaN) - (s[ia]?.spectralRadius ?? NaN), `${l.id} Δρ`);
      }
    }
    // The tab model follows the panel asynchronously.
    const viewTypes = (): string[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs).flatMap((t) => (t.input instanceof vscode.TabInputWebview ? [t.input.viewType] : []));
    await waitFor('the comparison panel open', viewTypes, (v) => v.some((t) => t.endsWith('rnnGradientLens.compare')));
  });
});
