/**
 * The panel's live recomputation uses the core's own functions: at the report's options it must
 * reproduce the report's curves exactly, and a scale c must act as c·W would in a fresh analysis.
 */
import { strict as assert } from 'node:assert';
import { analyzeFile } from '../../src/core/analysis';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import type { Log10Series } from '../../src/core/report';
import type { WeightFile } from '../../src/core/weightFile';
import { Deriver } from '../../webview/derive';
import type { Model } from '../../webview/state';
import { sampleFixture, testMatrix } from './fixture';

function close(a: Log10Series, b: Log10Series, tol: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: length`);
  a.forEach((v, i) => {
    const w = b[i] ?? null;
    if (v === null || w === null) assert.equal(v, w, `${what}[${i}]`);
    else assert.ok(Math.abs(v - w) <= tol, `${what}[${i}]: ${v} vs ${w}`);
  });
}

function modelOf(f = sampleFixture()): Model {
  return { report: f.report, matrix: f.matrix, selected: f.report.matrices[0]!, controls: f.state.controls, file: f.state.file, interactive: true };
}

describe('panel recomputation', () => {
  it('reproduces the report exactly at the report\'s own options', () => {
    const model = modelOf();
    const m = model.selected;
    const d = new Deriver().derive(model);
    close(d.linear, m.trajectory.log10GradNorm, 0, 'linear');
    close(d.tanh, m.trajectory.tanh!.log10GradNorm, 0, 'tanh');
    close(d.clipped, m.trajectory.clipping!.log10GradNorm, 0, 'clipped');
    close(d.bound, m.trajectory.log10Bound, 1e-12, 'bound');
    close(d.lstm, m.trajectory.lstm!.cellPathLog10, 1e-12, 'lstm');
    close(d.powerNorms, m.log10PowerNorms, 0, 'power norms');
    assert.equal(d.verdict, m.verdict);
  });

  it('a scale c matches a fresh analysis of c·W', () => {
    const n = 16;
    const c = 0.8;
    const model = modelOf();
    const d = new Deriver().derive({ ...model, controls: { ...model.controls, scale: c } });
    const wf: WeightFile = {
      format: 'json',
      matrices: [{ name: 'W', shape: [n, n], matrix: { rows: n, cols: n, data: testMatrix(n, 1.05, 0.6) }, role: 'rnn', layout: 'pytorch', dtype: 'float32', score: 1 }],
      others: [],
    };
    const fresh = analyzeFile(wf, 'w.json', { ...DEFAULT_OPTIONS, horizon: 50, scale: c }).matrices[0]!;
    close(d.linear, fresh.trajectory.log10GradNorm, 1e-9, 'linear');
    close(d.tanh, fresh.trajectory.tanh!.log10GradNorm, 1e-9, 'tanh');
    close(d.powerNorms, fresh.log10PowerNorms, 1e-9, 'power norms');
    assert.ok(Math.abs(d.rho! - fresh.spectralRadius!) < 1e-9);
    assert.ok(Math.abs(d.sigma! - fresh.spectralNorm!) < 1e-9);
    assert.equal(d.verdict, fresh.verdict);
  });

  it('τ changes only the clipped curve; the LSTM path follows the forget bias', () => {
    const model = modelOf();
    const der = new Deriver();
    const a = der.derive(model);
    const b = der.derive({ ...model, controls: { ...model.controls, clipTau: 1e-3, forgetBias: 3 } });
    assert.deepEqual(b.linear, a.linear);
    assert.notDeepEqual(b.clipped, a.clipped);
    b.clipped.forEach((v) => assert.ok(v === null || v <= -3 + 1e-9));
    const T = model.controls.horizon;
    assert.ok(Math.abs(b.lstm[0]! - (T - 1) * Math.log10(1 / (1 + Math.exp(-3)))) < 1e-12);
  });

  it('asks for nothing it cannot show: beyond the report\'s horizon the growth is unknown, not guessed', () => {
    const model = modelOf();
    const d = new Deriver().derive({ ...model, controls: { ...model.controls, horizon: 80 } });
    assert.equal(d.linear.length, 80);
    assert.equal(d.powerNorms.length, 51);
    assert.equal(d.growth, null);
  });
});
