/** Invariants of the trajectories on random small matrices (fast-check, fixed seed for reproducibility). */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { boundSeries, clippingReport, defaultHiddenStates, linearTrajectory, projectUpstream, tanhTrajectory } from '../../src/core/analysis';
import { spectralNorm } from '../../src/core/linalg';
import type { Matrix } from '../../src/core/matrix';

/** Multiples of 1e-3 in [-r, r]: no subnormals, so scaling the inputs in the test is exact enough. */
const grid = (r: number): fc.Arbitrary<number> => fc.integer({ min: -1000 * r, max: 1000 * r }).map((x) => x / 1000);

const problem = fc
  .record({ n: fc.integer({ min: 1, max: 5 }), T: fc.integer({ min: 1, max: 40 }) })
  .chain(({ n, T }) =>
    fc.record({
      w: fc.array(grid(2), { minLength: n * n, maxLength: n * n }),
      d: fc.array(fc.array(grid(1), { minLength: n, maxLength: n }), { minLength: T, maxLength: T }),
      c: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
      tau: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
    }).map((x) => ({ ...x, n, T, W: { rows: n, cols: n, data: Float64Array.from(x.w) } as Matrix })),
  );

const params = { seed: 20260101, numRuns: 150 };

describe('analysis: trajectory invariants (property-based)', () => {
  it('the eq. (2)-(4) bound is never below the linear or the tanh trajectory', () => {
    fc.assert(
      fc.property(problem, ({ W, d }) => {
        const bound = boundSeries({ log10SpectralNorm: Math.log10(spectralNorm(W)), log10OutputNorm: 0, upstream: d, lossAt: 'every-step' });
        const lin = linearTrajectory(W, { upstream: d, lossAt: 'every-step' }).log10GradNorm;
        const u = projectUpstream(W.rows, { upstream: d, lossAt: 'every-step' });
        const th = tanhTrajectory(W, u, spectralNorm(W), 1).log10GradNorm;
        lin.forEach((g, t) => {
          if (g !== null) assert.ok(bound[t] !== null && g <= bound[t]! + 1e-9, `linear t=${t + 1}`);
          if (th[t] !== null) assert.ok(bound[t] !== null && th[t]! <= bound[t]! + 1e-9, `tanh t=${t + 1}`);
        });
      }),
      params,
    );
  });

  it('the linear trajectory is linear in dL/do: scaling every d_t by c shifts log10 ||g_t|| by log10 c', () => {
    fc.assert(
      fc.property(problem, ({ W, d, c }) => {
        const a = linearTrajectory(W, { upstream: d, lossAt: 'every-step' }).log10GradNorm;
        const b = linearTrajectory(W, { upstream: d.map((r) => r.map((x) => x * c)), lossAt: 'every-step' }).log10GradNorm;
        a.forEach((x, t) => {
          if (x === null) assert.equal(b[t], null);
          else assert.ok(Math.abs(b[t]! - x - Math.log10(c)) < 1e-9, `t=${t + 1}`);
        });
      }),
      params,
    );
  });

  it('clipping never raises a step, caps each at tau, and clip_grad_norm_ keeps the direction', () => {
    fc.assert(
      fc.property(problem, ({ W, d, tau }) => {
        const traj = linearTrajectory(W, { upstream: d, lossAt: 'every-step' });
        const r = clippingReport({ grads: traj.grads, hidden: defaultHiddenStates(1, d.length, W.rows), tau });
        assert.ok(r.log10Coef <= 0 && r.log10CoefD2l <= 0);
        assert.ok(r.log10CoefD2l >= r.log10Coef - 1e-9, 'the d2l form clips at most as much as PyTorch');
        r.log10GradNorm.forEach((x, t) => {
          const g = traj.log10GradNorm[t] ?? null;
          if (g === null) assert.equal(x, null);
          else assert.ok(x! <= Math.min(g, Math.log10(tau)) + 1e-9, `t=${t + 1}`);
        });
        if (r.log10TotalNorm !== null) assert.ok(Math.abs(r.directionCosine - 1) < 1e-12);
        assert.equal(r.vanishedStepsUnchanged, r.vanishedSteps);
      }),
      params,
    );
  });
});
