import { strict as assert } from 'node:assert';
import { fromRows, type Matrix } from '../../src/core/matrix';
import { jacobiSingularValues, matVec, powerNormsLog10 } from '../../src/core/linalg';
import { normArena, normWorkspace, type NormWorkspace } from '../../src/core/linalg/normLanczos';
import { gaussianData, mulberry32 } from '../../src/core/random';
import { bidiagonalTopSingularValues } from '../../src/core/linalg/tridiag';

const randn = (n: number, seed: number): Matrix => ({ rows: n, cols: n, data: gaussianData(n, n, seed) });

function workspace(n: number): NormWorkspace {
  const ws = normWorkspace(n);
  assert.ok(ws !== null, 'Node 20 has WebAssembly SIMD: the kernels must be used');
  return ws;
}

/** Straightforward product, the reference for the powers. */
function mul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let l = 0; l < n; l++) {
      const x = a[i * n + l]!;
      for (let j = 0; j < n; j++) c[i * n + j]! += x * b[l * n + j]!;
    }
  return c;
}

describe('sigma_max in the WebAssembly Lanczos kernels', () => {
  for (const n of [8, 9, 31, 64, 65, 128, 201]) {
    it(`n=${n}: Jacobi's sigma_max to 1e-13, a unit Ritz vector with ||A v|| = sigma`, () => {
      const A = randn(n, 500 + n);
      const ws = workspace(n);
      ws.load(A.data);
      const r = ws.sigmaMax(undefined, 1e-15);
      assert.ok(r !== null);
      const ref = jacobiSingularValues(A)[0]!;
      assert.ok(Math.abs(r.value - ref) <= 1e-13 * ref, `${r.value} vs ${ref}`);
      assert.equal(r.converged, true);
      assert.equal(r.vector.length, n);
      const unit = Math.hypot(...r.vector);
      assert.ok(Math.abs(unit - 1) <= 1e-13, `|v| = ${unit}`);
      const out = new Float64Array(n);
      matVec(A, r.vector, out);
      const av = Math.hypot(...out);
      assert.ok(Math.abs(av - ref) <= 1e-6 * ref, `||A v|| = ${av}, sigma = ${ref}`);
    });
  }

  it('a warm start from the previous power needs fewer steps and gives the same value', () => {
    const n = 48;
    const A = randn(n, 9);
    const A2 = mul(A.data, A.data, n);
    const ws = workspace(n);
    ws.load(A.data);
    const first = ws.sigmaMax(undefined, 1e-13)!;
    ws.load(A2);
    const cold = ws.sigmaMax(undefined, 1e-13)!;
    const warm = ws.sigmaMax(first.vector, 1e-13)!;
    const ref = jacobiSingularValues({ rows: n, cols: n, data: A2 })[0]!;
    for (const r of [cold, warm]) assert.ok(Math.abs(r.value - ref) <= 1e-12 * ref, `${r.value} vs ${ref}`);
    assert.ok(warm.steps <= cold.steps, `warm ${warm.steps} vs cold ${cold.steps} steps`);
  });

  it('an invariant subspace before the value settles (identity, rank one) returns null', () => {
    const n = 10;
    const eye = fromRows(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))));
    const ws = workspace(n);
    ws.load(eye.data);
    assert.equal(ws.sigmaMax(undefined, 1e-13), null);
    const u = Array.from({ length: n }, (_, i) => i - 4.5);
    ws.load(Float64Array.from(u.flatMap((x) => u.map((y) => x * y * 0.01))));
    assert.equal(ws.sigmaMax(undefined, 1e-13), null);
  });

  it('the power norms match explicit powers and Jacobi sigma_max: dense and Hessenberg routes, small and at the limit', function () {
    // Explicit powers up to n = 256 are the slow reference: ~4 s alone, far more on a busy machine.
    this.timeout(120000);
    for (const [n, K] of [[12, 20], [64, 20], [128, 12], [256, 4]] as const) {
      const A = randn(n, 40 + n);
      for (let i = 0; i < A.data.length; i++) A.data[i]! /= Math.sqrt(n);
      const dense = powerNormsLog10(A, K, { route: 'dense' });
      const hess = powerNormsLog10(A, K, { route: 'hessenberg' });
      explicitPowerNorms(A, K).forEach((expected, k) => {
        assert.ok(Math.abs(dense.values[k]! - expected) <= 1e-9, `n=${n} dense k=${k}: ${dense.values[k]} vs ${expected}`);
        assert.ok(Math.abs(hess.values[k]! - expected) <= 1e-9, `n=${n} hessenberg k=${k}: ${hess.values[k]} vs ${expected}`);
      });
    }
  });

  it('a released arena\'s memory serves the next one, its matrices cleared: a smaller matrix after a larger one keeps its norms', () => {
    // n = 70 pads its rows to 72 doubles: the padding holds what the 72 x 72 matrix left unless cleared.
    const big = randn(72, 3);
    for (let i = 0; i < big.data.length; i++) big.data[i]! *= 1e6;
    const first = normArena(72, 3, 72)!;
    first.release();
    assert.equal(normArena(70, 3, 70)!.f.buffer, first.f.buffer, 'released memory taken again');
    assert.notEqual(normArena(70, 3, 70)!.f.buffer, first.f.buffer, 'an unreleased arena keeps its own');
    const A = randn(70, 4);
    for (let i = 0; i < A.data.length; i++) A.data[i]! /= Math.sqrt(70);
    for (const route of ['dense', 'hessenberg'] as const) {
      powerNormsLog10(big, 8, { route });
      const r = powerNormsLog10(A, 8, { route });
      explicitPowerNorms(A, 8).forEach((expected, k) => assert.ok(Math.abs(r.values[k]! - expected) <= 1e-9, `${route} k=${k}: ${r.values[k]} vs ${expected}`));
    }
  });
});

describe('the top singular value of a Lanczos bidiagonal in WebAssembly', () => {
  it("equals tridiag.ts's Sturm bisection bit for bit (graded, tiny, zero and repeated entries)", () => {
    const arena = normArena(64, 1, 64);
    assert.ok(arena);
    const { f, kernels } = arena;
    // Scratch in the arena's Lanczos basis: alpha, beta, then e.
    const base = arena.matrix(1);
    const rand = mulberry32(17);
    for (let t = 0; t < 400; t++) {
      const k = 1 + Math.floor(rand() * 60);
      const alpha = new Float64Array(k);
      const beta = new Float64Array(k);
      const kind = t % 4;
      for (let i = 0; i < k; i++) {
        alpha[i] = kind === 0 ? rand() : kind === 1 ? rand() * 2 ** (40 - 20 * i) : kind === 2 ? (i % 3 === 0 ? 0 : rand()) : 1;
        beta[i] = kind === 3 ? 1 : rand() * (kind === 1 ? 1e-200 : 1);
      }
      f.set(alpha, base / 8);
      f.set(beta, base / 8 + k);
      const got = kernels.topSingular(base, base + 8 * k, k, base + 16 * k);
      const want = bidiagonalTopSingularValues(alpha, beta, k, 1)[0]!;
      assert.ok(Object.is(got, want), `k=${k} kind ${kind}: ${got} vs ${want}`);
    }
    arena.release();
  });
});

/** log10 ||A^k|| for k = 1..K (index k) from explicit powers and Jacobi's sigma_max: no Lanczos at all. */
function explicitPowerNorms(A: Matrix, K: number): number[] {
  const n = A.rows;
  const out: number[] = [];
  let P: Float64Array = Float64Array.from(A.data);
  let logScale = 0;
  for (let k = 1; k <= K; k++) {
    out[k] = Math.log10(jacobiSingularValues({ rows: n, cols: n, data: P })[0]!) + logScale;
    P = mul(P, A.data, n);
    const m = P.reduce((acc, x) => Math.max(acc, Math.abs(x)), 0);
    for (let i = 0; i < P.length; i++) P[i]! /= m;
    logScale += Math.log10(m);
  }
  return out;
}
