/** Gate stacks (LSTM eq. 6, GRU): per-gate analysis, the forget/update path and where its bias comes from. */
import { strict as assert } from 'node:assert';
import { analyzeMatrix, defaultUpstream, gruInputs, sigmoid, spectrumOf } from '../../src/core/analysis';
import { gaussian } from '../../src/core/random';
import { rowBlock, zeros, type Matrix } from '../../src/core/matrix';
import { gateBlocks } from '../../src/core/analysis/gates';
import { productScaled } from '../../src/core/analysis/logspace';
import { DEFAULT_OPTIONS, DEFAULT_THRESHOLDS, type AnalyzeOptions } from '../../src/core/options';
import type { NamedMatrix } from '../../src/core/weightFile';

function randomStack(gates: number, H: number, seed: number, std: number): Matrix {
  const m = zeros(gates * H, H);
  const next = gaussian(seed);
  for (let i = 0; i < m.data.length; i++) m.data[i] = next() * std;
  return m;
}

function stackOf(role: 'lstm' | 'gru', matrix: Matrix, extra: Partial<NamedMatrix> = {}): NamedMatrix {
  return { name: `${role}.weight_hh_l0`, shape: [matrix.rows, matrix.cols], matrix, role, layout: 'pytorch', dtype: 'float32', score: 1, ...extra };
}

/** Every number anywhere in a report must be finite (JSON.stringify would hide NaN as null). */
function nonFinitePaths(x: unknown, path = '$'): string[] {
  if (typeof x === 'number') return Number.isFinite(x) ? [] : [path];
  if (x === null || typeof x !== 'object') return [];
  return Object.entries(x).flatMap(([k, v]) => nonFinitePaths(v, `${path}.${k}`));
}

const opts = (o: Partial<AnalyzeOptions> = {}): AnalyzeOptions => ({ ...DEFAULT_OPTIONS, horizon: 30, ...o });

function assertCellPath(path: readonly (number | null)[], gate: number): void {
  const T = path.length;
  path.forEach((x, i) => assert.ok(Math.abs(x! - (T - 1 - i) * Math.log10(gate)) < 1e-12, `t=${i + 1}: ${x}`));
}

describe('analysis: gate stacks', () => {
  const H = 4;
  const lstm = randomStack(4, H, 8, 0.4);

  it('LSTM: each gate block analysed as a square matrix, top-level radius null', () => {
    const r = analyzeMatrix(stackOf('lstm', lstm, { gates: ['i', 'f', 'g', 'o'] }), opts());
    assert.equal(r.spectralRadius, null);
    assert.equal(r.spectralNorm, null);
    assert.deepEqual(r.gates!.map((g) => g.gate), ['i', 'f', 'g', 'o']);
    r.gates!.forEach((g, k) => {
      const s = spectrumOf(rowBlock(lstm, k * H, (k + 1) * H), { horizon: 30, thresholds: DEFAULT_THRESHOLDS });
      assert.equal(g.spectralRadius, s.spectralRadius);
      assert.equal(g.spectralNorm, s.spectralNorm);
      assert.deepEqual(g.log10PowerNorms, s.log10PowerNorms);
      assert.equal(g.verdict, s.verdict);
      assert.equal(g.meanBias, undefined);
    });
    assert.equal(r.powerNormsKind, 'gate-stack-gain');
    assert.equal(r.log10PowerNorms.length, 31);
    assert.equal(r.log10PowerNorms[0], 0);
    assert.equal(r.trajectory.log10GradNorm.length, 30);
    assert.deepEqual(r.trajectory.lstm!.fullLog10GradNorm, r.trajectory.log10GradNorm);
  });

  it('LSTM cell path: (T - t) log10 sigma(b) for a constant forget gate; default b = 1', () => {
    const byDefault = analyzeMatrix(stackOf('lstm', lstm), opts()).trajectory.lstm!;
    assert.equal(byDefault.forgetBiasSource, 'default');
    assert.equal(byDefault.forgetBias, 1);
    assert.equal(byDefault.gate, 'f');
    assertCellPath(byDefault.cellPathLog10, sigmoid(1));
    const given = analyzeMatrix(stackOf('lstm', lstm), opts({ forgetBias: 3 })).trajectory.lstm!;
    assert.equal(given.forgetBiasSource, 'option');
    assert.equal(given.forgetGate, sigmoid(3));
    assertCellPath(given.cellPathLog10, sigmoid(3));
  });

  it('LSTM forget bias read from the file: mean of b_hh + b_ih over the forget block', () => {
    const biasHH = Float64Array.from({ length: 4 * H }, (_, i) => (i >= H && i < 2 * H ? 0.5 + 0.25 * (i - H) : -1));
    const biasIH = Float64Array.from({ length: 4 * H }, (_, i) => (i >= H && i < 2 * H ? 1 : 2));
    const m = stackOf('lstm', lstm, { biasHH, biasIH });
    const fromFile = analyzeMatrix(m, opts());
    const l = fromFile.trajectory.lstm!;
    assert.equal(l.forgetBiasSource, 'file');
    // Forget block: b_hh = 0.5, 0.75, 1, 1.25 and b_ih = 1: mean 1.875.
    assert.ok(Math.abs(l.forgetBias - 1.875) < 1e-15);
    assertCellPath(l.cellPathLog10, sigmoid(1.875));
    assert.ok(Math.abs(fromFile.gates![1]!.meanBias! - 1.875) < 1e-15);
    assert.equal(fromFile.gates![0]!.meanBias, 1);
    // The option still wins over the file, and changes the real LSTM's gradient.
    const overridden = analyzeMatrix(m, opts({ forgetBias: -2 }));
    assert.equal(overridden.trajectory.lstm!.forgetBiasSource, 'option');
    assert.notDeepEqual(overridden.trajectory.log10GradNorm, fromFile.trajectory.log10GradNorm);
  });

  it('a larger forget bias carries the LSTM gradient further back', () => {
    const small = randomStack(4, H, 9, 0.05);
    const at = (b: number): number => analyzeMatrix(stackOf('lstm', small), opts({ forgetBias: b, lossAt: 'last-step' })).trajectory.log10GradNorm[0]!;
    assert.ok(at(4) > at(1) && at(1) > at(-2), `${at(4)} ${at(1)} ${at(-2)}`);
  });

  it('Keras order (i, f, c, o) reads the forget block by name', () => {
    const biasHH = new Float64Array(4 * H).fill(0);
    biasHH.fill(2, H, 2 * H);
    const r = analyzeMatrix(stackOf('lstm', lstm, { gates: ['i', 'f', 'c', 'o'], layout: 'keras', biasHH }), opts());
    assert.equal(r.trajectory.lstm!.forgetBias, 2);
    assert.deepEqual(r.gates!.map((g) => g.gate), ['i', 'f', 'c', 'o']);
  });

  it('GRU: three gates, the update-gate path from the z block', () => {
    const gru = randomStack(3, H, 10, 0.4);
    const biasHH = new Float64Array(3 * H);
    biasHH.fill(0.5, H, 2 * H);
    const r = analyzeMatrix(stackOf('gru', gru, { gates: ['r', 'z', 'n'], biasHH }), opts());
    assert.deepEqual(r.gates!.map((g) => g.gate), ['r', 'z', 'n']);
    const l = r.trajectory.lstm!;
    assert.equal(l.gate, 'z');
    assert.equal(l.forgetBiasSource, 'file');
    assert.equal(l.forgetBias, 0.5);
    assertCellPath(l.cellPathLog10, sigmoid(0.5));
    assert.equal(r.trajectory.log10GradNorm.length, 30);
  });

  it('the stack gain over k steps: a GRU with W_hh = 0 carries d through prod_s diag(z_s) exactly', () => {
    const H3 = 3;
    const horizon = 10;
    const r = analyzeMatrix(stackOf('gru', zeros(3 * H3, H3)), opts({ horizon, seed: 5 }));
    // The gain run has horizon + 1 steps, z_s = sigma(1 + x_s) (default update bias 1, seeded inputs).
    const x = gruInputs(5, horizon + 1, H3);
    const d = defaultUpstream(5, horizon, H3)[horizon - 1]!;
    const v = Array.from(d);
    for (let k = 0; k <= horizon; k++) {
      assert.ok(Math.abs(r.log10PowerNorms[k]! - Math.log10(Math.hypot(...v))) < 1e-12, `k=${k}`);
      const zs = x[horizon - k]!;
      for (let j = 0; j < H3; j++) v[j]! *= sigmoid(1 + zs[H3 + j]!);
    }
  });

  it('stays finite for stacks with entries near 1e300, 1e-300 and zero', () => {
    for (const role of ['lstm', 'gru'] as const) {
      for (const c of [1e300, 1e-300, 0]) {
        const m = randomStack(role === 'lstm' ? 4 : 3, 3, 12, 1);
        for (let i = 0; i < m.data.length; i++) m.data[i]! *= c;
        const r = analyzeMatrix(stackOf(role, m), opts({ horizon: 200 }));
        assert.deepEqual(nonFinitePaths(r), [], `${role} x ${c}`);
        assert.equal(r.log10PowerNorms.length, 201);
      }
    }
  });

  it('a zero dL/do_T still gives a gain series (seeded direction) and a null last gradient', () => {
    const upstream = [[1, 0, 0, 0], [0, 0, 0, 0]];
    const r = analyzeMatrix(stackOf('lstm', lstm), opts({ upstream }));
    assert.equal(r.trajectory.log10GradNorm[1], null);
    assert.ok(r.log10PowerNorms.every((x) => x !== null));
    assert.equal(r.trajectory.upstream, 'given');
  });

  it('gate blocks are views of the stack\'s rows, and analysing them leaves the stack as it was', () => {
    const stack = randomStack(4, 6, 21, 0.5);
    const before = Float64Array.from(stack.data);
    gateBlocks(stack, 4).forEach((b, k) => {
      assert.equal(b.data.buffer, stack.data.buffer);
      assert.deepEqual(b.data, rowBlock(stack, 6 * k, 6 * (k + 1)).data);
    });
    analyzeMatrix(stackOf('lstm', stack), opts());
    assert.deepEqual(stack.data, before);
  });

  it('the cells multiply by the stack itself in the middle of the range, by a scaled copy near its ends', () => {
    for (const c of [1, 2 ** 800, 2 ** -800, 2 ** 950, 2 ** -950]) {
      const m = randomStack(4, 3, 13, c);
      const big = m.data.reduce((a, x) => Math.max(a, Math.abs(x)), 0);
      const s = productScaled(m);
      if (big <= 2 ** 900 && big >= 2 ** -900) {
        assert.equal(s.unit, m, `x ${c}`);
        assert.equal(s.log10Scale, 0);
      } else {
        assert.equal(s.unit.data.reduce((a, x) => Math.max(a, Math.abs(x)), 0), 1, `x ${c}`);
        assert.ok(Math.abs(s.log10Scale - Math.log10(big)) < 1e-12);
      }
    }
  });

  it('refuses a stack of the wrong height', () => {
    assert.throws(() => analyzeMatrix(stackOf('lstm', randomStack(3, 4, 1, 1)), opts()), /LSTM stack must be 16 x 4/);
  });

  it('a plain W_hh gets the what-if LSTM for forget biases 0, 1, 2, 3', () => {
    const w = randomStack(1, 3, 11, 0.5);
    const l = analyzeMatrix({ ...stackOf('lstm', w), role: 'rnn' }, opts()).trajectory.lstm!;
    assert.deepEqual(l.whatIf!.map((x) => x.forgetBias), [0, 1, 2, 3]);
    for (const x of l.whatIf!) {
      assert.equal(x.forgetGate, sigmoid(x.forgetBias));
      assertCellPath(x.cellPathLog10, sigmoid(x.forgetBias));
    }
    assert.equal(l.forgetBiasSource, 'default');
  });
});
