/** Clipping, eq. (5): PyTorch clip_grad_norm_ and the d2l/TF form on the gradient of W_hh. */
import { strict as assert } from 'node:assert';
import { clippingReport, d2lLog10Coef, defaultHiddenStates, defaultUpstream, linearTrajectory, pytorchLog10Coef, scaledVec } from '../../src/core/analysis';
import { fromRows } from '../../src/core/matrix';

const rows = (vs: Float64Array[]): number[][] => vs.map((v) => Array.from(v));
const close = (a: number | null | undefined, b: number, tol = 1e-12): void => {
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) <= tol, `${a} vs ${b}`);
};

describe('analysis: gradient clipping', () => {
  it('coef formulas on a hand-computed 1 x 1 case', () => {
    // W = [2], d_1 = d_2 = [1]: g_2 = 1, g_1 = 1 + 2 * 1 = 3; h_0 = h_1 = [1]: dL/dW = 3 + 1 = 4.
    const traj = linearTrajectory(fromRows([[2]]), { upstream: [[1], [1]], lossAt: 'every-step' });
    const r = clippingReport({ grads: traj.grads, hidden: [Float64Array.of(1), Float64Array.of(1)], tau: 1 });
    close(r.log10TotalNorm, Math.log10(4));
    close(r.log10Coef, Math.log10(1 / (4 + 1e-6)));
    close(r.log10CoefD2l, Math.log10(1 / 4));
    assert.equal(r.clipped, true);
    assert.equal(r.rule, 'pytorch');
    // Per-step: each g_t times min(1, tau / (||g_t|| + 1e-6)).
    close(r.log10GradNorm[0], Math.log10(3 / (3 + 1e-6)));
    close(r.log10GradNorm[1], Math.log10(1 / (1 + 1e-6)));
    // clip_grad_norm_ scales every step by the one coef.
    close(r.log10GradNormGlobal?.[0], Math.log10(3) + Math.log10(1 / (4 + 1e-6)));
  });

  it('d2l and PyTorch agree up to the epsilon, and neither clips below tau', () => {
    close(pytorchLog10Coef(Math.log10(0.5), 1), 0);
    close(d2lLog10Coef(Math.log10(0.5), 1), 0);
    close(pytorchLog10Coef(null, 1), 0);
    close(pytorchLog10Coef(300, 5), Math.log10(5) - 300);
    close(d2lLog10Coef(300, 5), Math.log10(5) - 300);
  });

  it('the total norm is ||sum_t g_t h_{t-1}^T||_F (2 x 2, hand-built)', () => {
    const grads = [scaledVec([3, 4]), scaledVec([1, 0])];
    const hidden = [Float64Array.of(0, 1), Float64Array.of(1, 0)];
    // sum = [[0,3],[0,4]] + [[1,0],[0,0]] = [[1,3],[0,4]]: Frobenius^2 = 26.
    const r = clippingReport({ grads, hidden, tau: 10 });
    close(r.log10TotalNorm, 0.5 * Math.log10(26));
    assert.equal(r.clipped, false);
    close(r.log10Coef, 0);
  });

  it('explosion is cut to tau, direction kept, vanished steps stay vanished', () => {
    // One exploding direction (3) and one vanishing direction (1e-3), last-step loss, T = 40.
    const w = fromRows([[3, 0], [0, 1e-3]]);
    const up = rows(defaultUpstream(4, 40, 2));
    const traj = linearTrajectory(w, { upstream: up, lossAt: 'last-step' });
    const hidden = [...Array(40)].map((_, t) => Float64Array.of(Math.cos(t), Math.sin(t)));
    const r = clippingReport({ grads: traj.grads, hidden, tau: 1 });
    assert.ok(r.log10TotalNorm! > 15, `total ${r.log10TotalNorm}`);
    assert.ok(r.clipped);
    // After clip_grad_norm_ the total norm is tau (up to the 1e-6 epsilon).
    close(r.log10TotalNorm! + r.log10Coef, 0, 1e-9);
    assert.ok(Math.abs(r.directionCosine - 1) < 1e-12, `cosine ${r.directionCosine}`);
    // Global clipping shifts the whole trajectory by log10 coef: the shape is the same.
    traj.log10GradNorm.forEach((g, t) => close(r.log10GradNormGlobal![t], g! + r.log10Coef, 1e-9));
    // Per-step clipping never raises a step, and caps each at tau.
    r.log10GradNorm.forEach((c, t) => assert.ok(c! <= Math.min(traj.log10GradNorm[t]!, 0) + 1e-12));
  });

  it('counts vanished steps: clipping leaves a vanishing gradient vanished', () => {
    // W = 1e-3 I with a last-step loss: ||g_t|| = 1e-3^(T-t); below 1e-8 of the largest for T - t >= 3.
    const w = fromRows([[1e-3, 0], [0, 1e-3]]);
    const up = rows(defaultUpstream(2, 10, 2));
    const traj = linearTrajectory(w, { upstream: up, lossAt: 'last-step' });
    const hidden = [...Array(10)].map(() => Float64Array.of(1, 0));
    const r = clippingReport({ grads: traj.grads, hidden, tau: 1e-3 });
    assert.ok(r.clipped);
    assert.equal(r.vanishedSteps, 7);
    assert.equal(r.vanishedStepsUnchanged, 7);
    // The smallest clipped step is still 1e-27 below the largest.
    close(r.log10GradNormGlobal![9]! - r.log10GradNormGlobal![0]!, 27, 1e-9);
  });

  it('with a loss at every step the long-range part dL_T/dh_t still vanishes, clipped or not', () => {
    const w = fromRows([[1e-3, 0], [0, 1e-3]]);
    const up = rows(defaultUpstream(2, 10, 2));
    const every = linearTrajectory(w, { upstream: up, lossAt: 'every-step' });
    const last = linearTrajectory(w, { upstream: up, lossAt: 'last-step' });
    const hidden = [...Array(10)].map(() => Float64Array.of(0, 1));
    const r = clippingReport({ grads: every.grads, hidden, tau: 1e-3, longRange: last.grads.map((g) => g.log10Scale) });
    assert.ok(r.clipped);
    assert.equal(r.vanishedSteps, 0);
    assert.equal(r.longRangeVanishedSteps, 7);
    assert.equal(r.longRangeVanishedStepsUnchanged, 7);
  });

  it('per-step clipping (unlike clip_grad_norm_) can turn the direction', () => {
    const grads = [scaledVec([100, 0]), scaledVec([0, 1])];
    const hidden = [Float64Array.of(1, 0), Float64Array.of(1, 0)];
    const r = clippingReport({ grads, hidden, tau: 1 });
    assert.ok(Math.abs(r.directionCosine - 1) < 1e-12);
    assert.ok(r.perStepDirectionCosine! < 0.8, `per-step cosine ${r.perStepDirectionCosine}`);
  });

  it('the Gram and the outer-product routes give the same numbers (T < n and T > n)', () => {
    for (const [n, T] of [[12, 5], [3, 40]] as const) {
      const w = fromRows([...Array(n)].map((_, i) => [...Array(n)].map((__, j) => Math.sin(3 * i + j) * (i === j ? 1.2 : 0.4))));
      const traj = linearTrajectory(w, { upstream: rows(defaultUpstream(8, T, n)), lossAt: 'every-step' });
      const hidden = defaultHiddenStates(8, T, n);
      const gram = clippingReport({ grads: traj.grads, hidden, tau: 0.5, method: 'gram' });
      const outer = clippingReport({ grads: traj.grads, hidden, tau: 0.5, method: 'outer' });
      close(gram.log10TotalNorm, outer.log10TotalNorm!, 1e-12);
      close(gram.perStepDirectionCosine, outer.perStepDirectionCosine!, 1e-12);
      close(gram.directionCosine, outer.directionCosine, 1e-12);
      assert.ok(gram.perStepDirectionCosine! < 1 - 1e-6, 'per-step clipping turned this gradient');
    }
  });

  it('refuses a non-positive tau', () => {
    assert.throws(() => clippingReport({ grads: [scaledVec([1])], hidden: [Float64Array.of(1)], tau: 0 }), /positive/);
  });
});
