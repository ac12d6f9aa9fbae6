/**
 * The tanh, LSTM and GRU backward passes against central finite differences of an independent
 * forward pass: L = sum_t d_t . h_t (so dL/do_t = d_t, W_qh = I), and dL/dh_t is the derivative of
 * L when h_t alone is nudged after step t.
 */
import { strict as assert } from 'node:assert';
import {
  defaultUpstream, gruGradient, gruInputs, lstmGradient, lstmInputs, scaledVec, tanhInputs, tanhTrajectory, sigmoid,
} from '../../src/core/analysis';
import { fromRows, type Matrix } from '../../src/core/matrix';

type Cell = (h: number[], x: Float64Array, t: number) => number[];

/** Runs the cell over T steps; `nudge` adds eps to unit j of h_t right after step t. */
function loss(cell: Cell, inputs: Float64Array[], d: Float64Array[], H: number, nudge?: { t: number; j: number; eps: number }): number {
  let h = new Array<number>(H).fill(0);
  let L = 0;
  inputs.forEach((x, t) => {
    h = cell(h, x, t);
    if (nudge !== undefined && nudge.t === t) h[nudge.j]! += nudge.eps;
    for (let j = 0; j < H; j++) L += d[t]![j]! * h[j]!;
  });
  return L;
}

function fdLog10Norms(cell: Cell, inputs: Float64Array[], d: Float64Array[], H: number): number[] {
  const eps = 1e-6;
  return inputs.map((_, t) => {
    const g = [...Array(H)].map((__, j) => (loss(cell, inputs, d, H, { t, j, eps }) - loss(cell, inputs, d, H, { t, j, eps: -eps })) / (2 * eps));
    return Math.log10(Math.hypot(...g));
  });
}

const rowOf = (m: Matrix, r: number, h: number[]): number => h.reduce((s, x, j) => s + m.data[r * m.cols + j]! * x, 0);

function assertSeriesClose(got: readonly (number | null)[], want: number[], tol: number): void {
  assert.equal(got.length, want.length);
  want.forEach((w, t) => assert.ok(Math.abs(got[t]! - w) < tol, `t=${t + 1}: ${got[t]} vs ${w}`));
}

describe('analysis: recurrent cells against finite differences', () => {
  const T = 7;

  it('tanh RNN', () => {
    const w = fromRows([[0.9, -0.6, 0.3], [0.4, 1.1, -0.2], [-0.5, 0.2, 0.8]]);
    const n = 3;
    const d = defaultUpstream(3, T, n);
    const inputs = tanhInputs(11, T, n);
    const cell: Cell = (h, x) => h.map((_, i) => Math.tanh(rowOf(w, i, h) + x[i]!));
    const r = tanhTrajectory(w, d.map((v) => scaledVec(v)), 1.5, 11);
    assertSeriesClose(r.log10GradNorm, fdLog10Norms(cell, inputs, d, n), 1e-6);
  });

  it('LSTM (PyTorch gate order i, f, g, o, with biases)', () => {
    const H = 2;
    const stack = fromRows([[0.5, -0.4], [0.3, 0.8], [1.2, 0.1], [-0.7, 0.6], [0.9, -1.1], [0.2, 0.4], [-0.3, 0.5], [0.6, 0.6]]);
    const bias = Float64Array.of(0.1, -0.2, 1, 1.5, 0, 0.3, -0.1, 0.2);
    const d = defaultUpstream(5, T, H);
    const inputs = lstmInputs(21, T, H);
    let c = [0, 0];
    const cell: Cell = (h, x, t) => {
      if (t === 0) c = [0, 0];
      const a = (gate: number, k: number): number => rowOf(stack, gate * H + k, h) + bias[gate * H + k]! + x[gate * H + k]!;
      const next = [0, 0];
      c = c.map((cp, k) => {
        const cn = sigmoid(a(1, k)) * cp + sigmoid(a(0, k)) * Math.tanh(a(2, k));
        next[k] = sigmoid(a(3, k)) * Math.tanh(cn);
        return cn;
      });
      return next;
    };
    const got = lstmGradient({ stack, order: { i: 0, f: 1, g: 2, o: 3 }, bias, upstream: d.map((v) => scaledVec(v)), seed: 21 });
    assertSeriesClose(got, fdLog10Norms(cell, inputs, d, H), 1e-6);
  });

  it('GRU (PyTorch gate order r, z, n, b_hn inside the reset)', () => {
    const H = 2;
    const stack = fromRows([[0.5, -0.4], [0.3, 0.8], [1.2, 0.1], [-0.7, 0.6], [0.9, -1.1], [0.2, 0.4]]);
    const biasHH = Float64Array.of(0.1, -0.2, 0.5, 1, 0.3, -0.4);
    const biasIH = Float64Array.of(0.2, 0.1, 0, 0.5, -0.3, 0.6);
    const d = defaultUpstream(6, T, H);
    const inputs = gruInputs(31, T, H);
    const cell: Cell = (h, x) =>
      h.map((hk, k) => {
        const pre = (g: number): number => rowOf(stack, g * H + k, h) + biasHH[g * H + k]! + biasIH[g * H + k]! + x[g * H + k]!;
        const r = sigmoid(pre(0));
        const z = sigmoid(pre(1));
        const n = Math.tanh(x[2 * H + k]! + biasIH[2 * H + k]! + r * (rowOf(stack, 2 * H + k, h) + biasHH[2 * H + k]!));
        return (1 - z) * n + z * hk;
      });
    const got = gruGradient({ stack, order: { r: 0, z: 1, n: 2 }, biasHH, biasIH, upstream: d.map((v) => scaledVec(v)), seed: 31 });
    assertSeriesClose(got, fdLog10Norms(cell, inputs, d, H), 1e-6);
  });
});
