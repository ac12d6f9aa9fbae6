import { strict as assert } from 'node:assert';
import { isHostMessage, isWebviewMessage, isPanelState, type PanelState } from '../../src/panelProtocol';
import { sampleFixture } from '../webview/fixture';

const state: PanelState = {
  file: 'file:///w/model.json',
  matrix: 'W_hh',
  controls: { horizon: 50, clipTau: 1, scale: 1, mode: 'linear', forgetBias: 1, lossAt: 'every-step' },
};

describe('protocol: webview → host', () => {
  it('accepts each well-formed message', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'openFile' },
      { type: 'setOptions', state },
      { type: 'selectMatrix', name: 'rnn.weight_hh_l0' },
      { type: 'export', kind: 'markdown', data: '# x', suggestedName: 'r.md' },
      { type: 'export', kind: 'png', data: 'data:image/png;base64,AAAA', suggestedName: 'c.png' },
    ]) assert.equal(isWebviewMessage(m), true, JSON.stringify(m));
  });

  it('ignores unknown, malformed and hostile messages', () => {
    for (const m of [
      null,
      undefined,
      42,
      'ready',
      [],
      {},
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'export', kind: 'exe', data: '', suggestedName: 'x' },
      { type: 'export', kind: 'json', data: 5, suggestedName: 'x' },
      { type: 'export', kind: 'json', data: '{}' },
      { type: 'selectMatrix' },
      { type: 'selectMatrix', name: 'x'.repeat(5000) },
      { type: 'setOptions', state: { ...state, controls: { ...state.controls, horizon: 0 } } },
      { type: 'setOptions', state: { ...state, controls: { ...state.controls, horizon: 2.5 } } },
      { type: 'setOptions', state: { ...state, controls: { ...state.controls, clipTau: -1 } } },
      { type: 'setOptions', state: { ...state, controls: { ...state.controls, scale: Number.NaN } } },
      { type: 'setOptions', state: { ...state, controls: { ...state.controls, mode: 'relu' } } },
      { type: 'setOptions', state: { ...state, controls: { ...state.controls, lossAt: 'sometimes' } } },
      { type: 'setOptions', state: { ...state, file: 7 } },
    ]) assert.equal(isWebviewMessage(m), false, JSON.stringify(m));
  });
});

describe('protocol: host → webview', () => {
  const f = sampleFixture({ n: 6, horizon: 10 });
  const init = { type: 'init', report: f.report, matrix: f.matrix, l10n: { Verdict: 'Kết luận' }, state: f.state, interactive: true };

  it('accepts init, update, error, progress and exported built from a real report', () => {
    assert.equal(isHostMessage(init), true);
    assert.equal(isHostMessage({ ...init, l10n: null, matrix: null }), true);
    const gate = { gate: 'f', spectralRadius: 0.5, spectralNorm: 0.7, frobeniusNorm: 1, eigenvalues: [[0.5, 0]], log10PowerNorms: [0, null], verdict: 'vanishing' };
    assert.equal(isHostMessage({ ...init, report: { ...f.report, matrices: [{ ...f.report.matrices[0]!, gates: [gate] }] } }), true);
    assert.equal(isHostMessage({ type: 'update', report: f.report, matrix: f.matrix, state: f.state }), true);
    assert.equal(isHostMessage({ type: 'error', message: 'bad', place: 'model.json:3:4' }), true);
    assert.equal(isHostMessage({ type: 'progress', active: true, message: null }), true);
    assert.equal(isHostMessage({ type: 'exported', kind: 'svg', target: '/tmp/x.svg' }), true);
  });

  it('rejects a report or matrix with the wrong shape', () => {
    const m0 = f.report.matrices[0]!;
    const bad = [
      { ...init, report: { ...f.report, tool: 'other' } },
      { ...init, report: { ...f.report, matrices: [{ ...m0, log10PowerNorms: [0, 'x'] }] } },
      { ...init, report: { ...f.report, matrices: [{ ...m0, eigenvalues: [[1]] }] } },
      { ...init, report: { ...f.report, matrices: [{ ...m0, spectralRadius: Number.POSITIVE_INFINITY }] } },
      { ...init, report: { ...f.report, matrices: [{ ...m0, scale: '2' }] } },
      { ...init, report: { ...f.report, matrices: [{ ...m0, gates: [{ gate: 'i', spectralRadius: 'x', spectralNorm: 1, frobeniusNorm: 1, eigenvalues: [], log10PowerNorms: [], verdict: 'stable' }] }] } },
      { ...init, report: { ...f.report, matrices: [{ ...m0, gates: {} }] } },
      { ...init, matrix: { ...f.matrix, values: f.matrix.values.slice(1) } },
      { ...init, matrix: { ...f.matrix, rows: -1 } },
      { ...init, l10n: { a: 1 } },
      { ...init, interactive: 'yes' },
      { ...init, state: { ...f.state, controls: undefined } },
      { type: 'error', message: 3, place: null },
      { type: 'progress', active: 'no', message: null },
      { type: 'exported', kind: 'html', target: null },
      { type: 'eval', code: 'alert(1)' },
    ];
    for (const m of bad) assert.equal(isHostMessage(m), false, JSON.stringify(m).slice(0, 120));
  });

  it('checks a saved state before it is trusted', () => {
    assert.equal(isPanelState(state), true);
    assert.equal(isPanelState({ ...state, controls: { ...state.controls, forgetBias: Infinity } }), false);
    assert.equal(isPanelState(undefined), false);
  });
});
