import { strict as assert } from 'node:assert';
import { fromRows, transpose, scale, type Matrix } from '../../src/core/matrix';
import {
  eigenvalues, frobeniusNorm, jacobiSingularValues, lanczosSingularValues, matMul, matTVec, matVec, powerNormsLog10,
  singularValues, spectralNorm, spectralRadius,
} from '../../src/core/linalg';
import { gaussianData } from '../../src/core/random';
import { exactCost } from '../../src/core/linalg/powerNorms';

const randn = (rows: number, cols: number, seed: number): Matrix => ({ rows, cols, data: gaussianData(rows, cols, seed) });
const rho = (a: Matrix): number => {
  const e = eigenvalues(a);
  assert.equal(e.converged, true);
  return spectralRadius(e);
};
const rel = (x: number, y: number): number => Math.abs(x - y) / Math.max(Math.abs(y), Number.MIN_VALUE);

/** Straightforward triple loop, the reference for the blocked product. */
function naiveMul(a: Matrix, b: Matrix): Float64Array {
  const c = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < b.cols; j++) {
      let s = 0;
      for (let k = 0; k < a.cols; k++) s += a.data[i * a.cols + k]! * b.data[k * b.cols + j]!;
      c[i * b.cols + j] = s;
    }
  return c;
}

describe('linalg invariants on seeded random matrices', () => {
  const sizes = [3, 7, 20, 50, 120];
  for (const n of sizes) {
    const A = randn(n, n, 1000 + n);
    it(`n=${n}: ρ(Aᵀ) = ρ(A), ρ(cA) = |c| ρ(A), σ_max(Aᵀ) = σ_max(A) >= ρ(A)`, () => {
      const r = rho(A);
      assert.ok(rel(rho(transpose(A)), r) < 1e-10);
      assert.ok(rel(rho(scale(A, -3.5)), 3.5 * r) < 1e-10);
      assert.ok(rel(rho(scale(A, 1e-200)), 1e-200 * r) < 1e-10);
      const s = spectralNorm(A);
      assert.ok(rel(spectralNorm(transpose(A)), s) < 1e-13);
      assert.ok(s >= r * (1 - 1e-12));
    });
    it(`n=${n}: similarity keeps ρ, and trace = Σλ`, () => {
      // S = I + 0.1 G is well conditioned; S^-1 from solving with the upper triangular L U is
      // avoided by using an orthogonal-free similarity: diagonal D with spread entries.
      const d = Array.from({ length: n }, (_, i) => 2 ** ((i % 7) - 3));
      const B: Matrix = { rows: n, cols: n, data: A.data.map((v, k) => (v * d[Math.floor(k / n)]!) / d[k % n]!) };
      assert.ok(rel(rho(B), rho(A)) < 1e-10);
      // A shear similarity S = I + e_0 e_1^T, S^-1 = I - e_0 e_1^T.
      const S = fromRows(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : i === 0 && j === 1 % n ? 0.5 : 0))));
      const Si = fromRows(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : i === 0 && j === 1 % n ? -0.5 : 0))));
      assert.ok(rel(rho(matMul(matMul(S, A), Si)), rho(A)) < 1e-10);
      const e = eigenvalues(A);
      let tr = 0;
      for (let i = 0; i < n; i++) tr += A.data[i * n + i]!;
      const sumRe = e.re.reduce((x, y) => x + y, 0);
      const sumIm = e.im.reduce((x, y) => x + y, 0);
      assert.ok(Math.abs(sumRe - tr) < 1e-10 * n * frobeniusNorm(A), `Σλ ${sumRe} vs trace ${tr}`);
      assert.ok(Math.abs(sumIm) < 1e-10 * n * frobeniusNorm(A));
    });
  }

  it('a rotation has eigenvalues ±i, +i listed first', () => {
    const e = eigenvalues(fromRows([[0, -1], [1, 0]]));
    assert.deepEqual([e.re[0], e.im[0], e.re[1], e.im[1]], [0, 1, 0, -1]);
    const th = 0.3;
    const r = eigenvalues(fromRows([[Math.cos(th), -Math.sin(th), 0], [Math.sin(th), Math.cos(th), 0], [0, 0, 0.5]]));
    assert.ok(Math.abs(r.re[0]! - Math.cos(th)) < 1e-15 && Math.abs(r.im[0]! - Math.sin(th)) < 1e-15);
    assert.ok(Math.abs(r.im[1]! + Math.sin(th)) < 1e-15 && r.re[2] === 0.5 && r.im[2] === 0);
  });

  it('an iteration cap reports converged: false instead of a wrong answer', () => {
    const A = randn(40, 40, 7);
    const capped = eigenvalues(A, { maxIterations: 3 });
    assert.equal(capped.converged, false);
    assert.ok(capped.iterations <= 4);
    const full = eigenvalues(A);
    assert.equal(full.converged, true);
    assert.ok(full.iterations > 3);
  });

  it('non-finite input gives converged: false and never throws', () => {
    const e = eigenvalues(fromRows([[1, NaN], [0, 1]]));
    assert.equal(e.converged, false);
  });

  it('zero and rectangular matrices: σ_max, all singular values', () => {
    assert.equal(spectralNorm(fromRows([[0, 0, 0], [0, 0, 0]])), 0);
    assert.deepEqual(Array.from(singularValues(fromRows([[0, 0], [0, 0]]))), [0, 0]);
    for (const [m, n] of [[30, 7], [7, 30], [200, 60], [1, 9]] as const) {
      const A = randn(m, n, m * 100 + n);
      const all = jacobiSingularValues(A);
      assert.equal(all.length, Math.min(m, n));
      assert.ok(rel(spectralNorm(A), all[0]!) < 1e-13, `${m}x${n}`);
      assert.ok(rel(spectralNorm(transpose(A)), all[0]!) < 1e-13);
      // Σσ² = ||A||_F².
      const ss = all.reduce((x, y) => x + y * y, 0);
      assert.ok(rel(Math.sqrt(ss), frobeniusNorm(A)) < 1e-13);
    }
    // A diagonal matrix's singular values are |d| sorted.
    assert.deepEqual(Array.from(singularValues(fromRows([[0, 0, 3], [0, -5, 0]]))), [5, 3]);
  });

  it('singularValues(max) by Lanczos agrees with Jacobi', () => {
    const A = randn(300, 260, 99);
    const all = jacobiSingularValues(A);
    const top = singularValues(A, 5);
    assert.equal(top.length, 5);
    top.forEach((s, i) => assert.ok(rel(s, all[i]!) < 1e-12, `σ${i}: ${s} vs ${all[i]}`));
  });

  it('all singular values beyond the Jacobi size (Lanczos to completion) agree with Jacobi', () => {
    const A = randn(270, 258, 77);
    const all = jacobiSingularValues(A);
    const lz = singularValues(A);
    assert.equal(lz.length, 258);
    lz.forEach((s, i) => assert.ok(Math.abs(s - all[i]!) <= 1e-12 * all[0]!, `σ${i}: ${s} vs ${all[i]}`));
  });

  it('the Lanczos Ritz vector is the top right singular vector (||A v|| = σ_max)', () => {
    const A = randn(90, 70, 31);
    const r = lanczosSingularValues(A, 1, { wantVector: true });
    const v = r.vector!;
    const Av = new Float64Array(90);
    matVec(A, v, Av);
    const nv = Math.hypot(...v);
    assert.ok(Math.abs(nv - 1) < 1e-12);
    assert.ok(rel(Math.hypot(...Av), r.values[0]!) < 1e-10);
    // Warm-started from it, the norm is found again in a few steps.
    const again = lanczosSingularValues(A, 1, { start: v });
    assert.ok(rel(again.values[0]!, r.values[0]!) < 1e-14 && again.steps < r.steps);
  });

  it('Frobenius and spectral norms do not overflow', () => {
    const A = fromRows([[1e300, 1e300], [1e300, -1e300]]);
    assert.ok(rel(frobeniusNorm(A), 2e300) < 1e-15);
    assert.ok(rel(spectralNorm(A), Math.SQRT2 * 1e300) < 1e-14);
    assert.ok(rel(frobeniusNorm(fromRows([[3e-310, 4e-310]])), 5e-310) < 1e-10);
  });

  it('matMul, matVec and matTVec agree with the plain triple loop', () => {
    const A = randn(67, 300, 3);
    const B = randn(300, 45, 4);
    const C = matMul(A, B);
    const ref = naiveMul(A, B);
    C.data.forEach((v, i) => assert.ok(Math.abs(v - ref[i]!) < 1e-12 * 300));
    const x = gaussianData(300, 1, 5);
    const y = new Float64Array(67);
    matVec(A, x, y);
    const yr = naiveMul(A, { rows: 300, cols: 1, data: x });
    y.forEach((v, i) => assert.ok(Math.abs(v - yr[i]!) < 1e-12));
    const z = new Float64Array(300);
    const u = gaussianData(67, 1, 6);
    matTVec(A, u, z);
    const zr = naiveMul(transpose(A), { rows: 67, cols: 1, data: u });
    z.forEach((v, i) => assert.ok(Math.abs(v - zr[i]!) < 1e-12));
    assert.throws(() => matMul(A, A), /matMul: 67x300 times 67x300/);
  });
});

describe('powerNormsLog10 beyond the fixtures', () => {
  it('ρ = 3, K = 1000: finite values whose slope tends to log10 3', () => {
    const A = fromRows([[3, 1], [0, 0.5]]);
    const r = powerNormsLog10(A, 1000);
    assert.equal(r.values.length, 1001);
    assert.ok(r.values.every((v) => v !== null && Number.isFinite(v)));
    const slope = (r.values[1000]! - r.values[900]!) / 100;
    assert.ok(Math.abs(slope - Math.log10(3)) < 1e-12, `slope ${slope}`);
  });

  it('a tiny budget switches to bounded values that contain the exact ones', () => {
    const A = scale(randn(12, 12, 42), 0.4);
    const exact = powerNormsLog10(A, 80);
    const budget = 10 * exactCost(12, 'dense').step(1); // ten exact steps
    assert.equal(exact.method, 'exact');
    const b = powerNormsLog10(A, 80, { budgetFlops: budget });
    assert.equal(b.method, 'bounded');
    assert.ok(b.maxLog10Error > 0 && Number.isFinite(b.maxLog10Error));
    assert.match(b.note, /exact for k <= 10;/);
    exact.values.forEach((v, k) => {
      const g = b.values[k]!;
      assert.ok(Math.abs(g - v!) <= b.maxLog10Error + 1e-9, `k=${k}: ${g} vs ${v} ± ${b.maxLog10Error}`);
    });
    // The exact prefix is exact.
    for (let k = 0; k <= 10; k++) assert.ok(Math.abs(b.values[k]! - exact.values[k]!) < 1e-12);
    // Knowing ρ can only tighten the bound.
    const withRho = powerNormsLog10(A, 80, { budgetFlops: budget, spectralRadius: rho(A) });
    assert.ok(withRho.maxLog10Error <= b.maxLog10Error + 1e-12);
  });

  it('k = 0 is the identity; a nilpotent matrix gives null from its index on', () => {
    const N = fromRows([[0, 2, 0], [0, 0, 3], [0, 0, 0]]);
    const r = powerNormsLog10(N, 5);
    assert.deepEqual(r.values.slice(3), [null, null, null]);
    assert.equal(r.values[0], 0);
    assert.ok(Math.abs(r.values[1]! - Math.log10(3)) < 1e-14 && Math.abs(r.values[2]! - Math.log10(6)) < 1e-14);
    assert.throws(() => powerNormsLog10(fromRows([[1, 2]]), 3), /not square/);
  });

  it('the Hessenberg route equals the dense products (n = 150, K = 60, also past k = n on n = 70)', () => {
    for (const [n, K, seed, c] of [[150, 60, 8, 1.02], [70, 90, 9, 0.97]] as const) {
      const A = scale(randn(n, n, seed), c / Math.sqrt(n));
      const dense = powerNormsLog10(A, K, { route: 'dense' });
      const hess = powerNormsLog10(A, K, { route: 'hessenberg' });
      assert.equal(hess.method, 'exact');
      dense.values.forEach((v, k) => assert.ok(Math.abs(hess.values[k]! - v!) < 1e-11, `n=${n} k=${k}: ${hess.values[k]} vs ${v}`));
    }
  });

  it('the Hessenberg form kept by eigenvalues serves the power norms only when balancing changed nothing', () => {
    const A = scale(randn(120, 120, 11), 1 / Math.sqrt(120));
    const e = eigenvalues(A, { keepHessenberg: true });
    assert.ok(e.hessenberg !== undefined);
    const own = powerNormsLog10(A, 60);
    const shared = powerNormsLog10(A, 60, { hessenberg: e.hessenberg });
    assert.deepEqual(shared.values, own.values);
    // A badly scaled similarity D A D^-1: balancing rescales it, so no form is handed out.
    const B = fromRows(Array.from({ length: 120 }, (_, i) => Array.from({ length: 120 }, (_, j) => A.data[i * 120 + j]! * 2 ** ((i - j) % 20))));
    assert.equal(eigenvalues(B, { keepHessenberg: true }).hessenberg, undefined);
  });

  it('non-normal transient growth: a 200 x 200 upper-triangular Jordan-like matrix', () => {
    // 0.9 on the diagonal, 1 above: ||W^k|| rises far above 1 before it decays.
    const n = 200;
    const W = fromRows(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j === i ? 0.9 : j === i + 1 ? 1 : 0))));
    const dense = powerNormsLog10(W, 60, { route: 'dense' });
    const hess = powerNormsLog10(W, 60);
    dense.values.forEach((v, k) => assert.ok(Math.abs(hess.values[k]! - v!) < 1e-9, `k=${k}`));
    assert.ok(Math.max(...dense.values.map((v) => v ?? -Infinity)) > 10);
  });

  it('bounded values on the Hessenberg route (n = 100) contain the exact ones', () => {
    const n = 100;
    const A = scale(randn(n, n, 64), 1.1 / Math.sqrt(n));
    const exact = powerNormsLog10(A, 120);
    assert.equal(exact.method, 'exact');
    const { setup, step } = exactCost(n, 'hessenberg');
    let budget = setup;
    for (let k = 1; k <= 20; k++) budget += step(k);
    const b = powerNormsLog10(A, 120, { budgetFlops: budget, spectralRadius: rho(A) });
    assert.equal(b.method, 'bounded');
    assert.match(b.note, /exact for k <= 20;/);
    exact.values.forEach((v, k) => assert.ok(Math.abs(b.values[k]! - v!) <= b.maxLog10Error + 1e-9, `k=${k}`));
    assert.ok(b.maxLog10Error < 3, `error bound ${b.maxLog10Error}`);
  });
});
