/** Linear BPTT (eq. 1), its bound (eqs. 2-4), overflow safety and determinism. */
import { strict as assert } from 'node:assert';
import { boundSeries, defaultUpstream, linearTrajectory } from '../../src/core/analysis';
import { fromRows, scale, type Matrix } from '../../src/core/matrix';
import { spectralNorm } from '../../src/core/linalg';

/** Straight float64 reference: g_t = sum_{k>=t} (W^T)^(k-t) W_qh^T d_k (small, well-scaled cases only). */
function reference(w: Matrix, d: number[][], wqh?: Matrix): number[] {
  const n = w.rows;
  const proj = (x: number[]): number[] => {
    if (wqh === undefined) return x.slice();
    const out = new Array<number>(n).fill(0);
    for (let i = 0; i < wqh.rows; i++) for (let j = 0; j < n; j++) out[j]! += wqh.data[i * n + j]! * x[i]!;
    return out;
  };
  const out: number[] = [];
  let g: number[] | undefined;
  for (let t = d.length - 1; t >= 0; t--) {
    const u = proj(d[t]!);
    if (g !== undefined) {
      const prev = g;
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) u[j]! += w.data[i * n + j]! * prev[i]!;
    }
    g = u;
    out[t] = Math.log10(Math.hypot(...g));
  }
  return out;
}

const rows = (vs: Float64Array[]): number[][] => vs.map((v) => Array.from(v));

describe('analysis: linear BPTT', () => {
  const w = fromRows([[0.5, 1.2, 0], [-0.3, 0.8, 0.1], [0.2, 0, 0.9]]);
  const d = rows(defaultUpstream(7, 12, 3));

  it('matches a direct float64 evaluation of eq. (1)', () => {
    const got = linearTrajectory(w, { upstream: d, lossAt: 'every-step' }).log10GradNorm;
    reference(w, d).forEach((e, t) => assert.ok(Math.abs(got[t]! - e) < 1e-12, `t=${t + 1}: ${got[t]} vs ${e}`));
  });

  it('uses W_qh^T d_t when an output matrix is given (q != n)', () => {
    const wqh = fromRows([[1, 2, 0], [0, -1, 3]]);
    const d2 = rows(defaultUpstream(3, 8, 2));
    const got = linearTrajectory(w, { upstream: d2, wqh, lossAt: 'every-step' }).log10GradNorm;
    reference(w, d2, wqh).forEach((e, t) => assert.ok(Math.abs(got[t]! - e) < 1e-12, `t=${t + 1}`));
  });

  it('last-step loss: ||g_t|| = ||(W^T)^(T-t) d_T||', () => {
    const only = d.map((x, t) => (t === d.length - 1 ? x : [0, 0, 0]));
    const got = linearTrajectory(w, { upstream: d, lossAt: 'last-step' }).log10GradNorm;
    reference(w, only).forEach((e, t) => assert.ok(Math.abs(got[t]! - e) < 1e-12));
  });

  it('rho = 3, T = 1000: finite, and the slope tends to log10 3 per step', () => {
    const w3 = fromRows([[3, 1], [0, -2]]);
    const up = rows(defaultUpstream(1, 1000, 2));
    const g = linearTrajectory(w3, { upstream: up, lossAt: 'every-step' }).log10GradNorm;
    assert.equal(g.length, 1000);
    for (const x of g) assert.ok(x !== null && Number.isFinite(x));
    const slope = (g[0]! - g[100]!) / 100;
    assert.ok(Math.abs(slope - Math.log10(3)) < 1e-6, `slope ${slope}`);
    assert.ok(g[0]! > 470, `log10 ||g_1|| = ${g[0]}`);
  });

  it('decay over 1000 steps stays finite instead of underflowing to zero', () => {
    const tiny = scale(fromRows([[0.5, 0.1], [0, 0.4]]), 1e-3);
    const g = linearTrajectory(tiny, { upstream: rows(defaultUpstream(2, 1000, 2)), lossAt: 'last-step' }).log10GradNorm;
    const first = g[0] ?? null;
    assert.ok(first !== null && first < -3000, `log10 ||g_1|| = ${first}`);
  });

  it('null only for an exact zero: a nilpotent W with a last-step loss', () => {
    const shift = fromRows([[0, 1, 0], [0, 0, 1], [0, 0, 0]]);
    const g = linearTrajectory(shift, { upstream: rows(defaultUpstream(1, 6, 3)), lossAt: 'last-step' }).log10GradNorm;
    assert.deepEqual(g.slice(0, 3), [null, null, null]);
    for (const x of g.slice(3)) assert.ok(x !== null);
  });

  it('the default upstream is deterministic, unit-norm, and a prefix of a longer horizon', () => {
    const a = defaultUpstream(5, 10, 4);
    const b = defaultUpstream(5, 20, 4);
    const c = defaultUpstream(6, 10, 4);
    a.forEach((v, t) => {
      assert.deepEqual(Array.from(v), Array.from(b[t]!));
      assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-15);
    });
    assert.notDeepEqual(Array.from(a[0]!), Array.from(c[0]!));
  });

  it('the bound of eqs. (2)-(4) is above the trajectory and exact for a scaled orthogonal W', () => {
    const up = rows(defaultUpstream(9, 30, 3));
    const sigma = spectralNorm(w);
    const g = linearTrajectory(w, { upstream: up, lossAt: 'every-step' }).log10GradNorm;
    const b = boundSeries({ log10SpectralNorm: Math.log10(sigma), log10OutputNorm: 0, upstream: up, lossAt: 'every-step' });
    g.forEach((x, t) => assert.ok(x! <= b[t]! + 1e-12, `t=${t + 1}`));
    // Last-step loss with W = c Q (Q orthogonal): ||g_t|| = c^(T-t) exactly, so bound and trajectory coincide.
    const rot = scale(fromRows([[0.6, -0.8], [0.8, 0.6]]), 1.7);
    const up2 = rows(defaultUpstream(1, 50, 2));
    const g2 = linearTrajectory(rot, { upstream: up2, lossAt: 'last-step' }).log10GradNorm;
    const b2 = boundSeries({ log10SpectralNorm: Math.log10(1.7), log10OutputNorm: 0, upstream: up2, lossAt: 'last-step' });
    g2.forEach((x, t) => assert.ok(Math.abs(x! - b2[t]!) < 1e-12));
    assert.ok(Math.abs(b2[0]! - 49 * Math.log10(1.7)) < 1e-12);
  });
});
