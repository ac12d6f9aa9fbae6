/**
 * The real Schur form the early deflation relies on, checked as LAPACK's test suite checks it:
 * residual ||Z T Z^T - H|| / (n eps ||H||) and orthogonality ||Z^T Z - I|| / (n eps), each
 * below 30 (LAPACK's threshold in dhst01-style tests), on random Hessenberg matrices.
 */
import { strict as assert } from 'node:assert';
import { francisQR } from '../../src/core/linalg/francis';
import { hessenbergInPlace } from '../../src/core/linalg/hessenberg';
import { gaussianData } from '../../src/core/random';
import { swapBlocks } from '../../src/core/linalg/schurSwap';

const EPS = Number.EPSILON;
const THRESHOLD = 30;

const fro = (a: Float64Array): number => Math.sqrt(a.reduce((s, x) => s + x * x, 0));

/** A random n x n upper Hessenberg matrix (row-major). */
function randomHessenberg(n: number, seed: number): Float64Array {
  const h = gaussianData(n, n, seed);
  hessenbergInPlace(h, n);
  return h;
}

/** Z as an ordinary row-major matrix, from either storage (zt holds Z transposed). */
const zFrom = (z: Float64Array, n: number, transposed: boolean): ((r: number, c: number) => number) =>
  transposed ? (r, c) => z[c * n + r]! : (r, c) => z[r * n + c]!;

/** ||Z T Z^T - H0||_F / (n eps ||H0||_F) and ||Z^T Z - I||_F / (n eps). */
function ratios(h0: Float64Array, t: Float64Array, Z: (r: number, c: number) => number, n: number): { residual: number; orthogonality: number } {
  const zt = new Float64Array(n * n); // Z T
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += Z(i, k) * t[k * n + j]!;
    zt[i * n + j] = s;
  }
  const r = new Float64Array(n * n);
  const o = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    let q = 0;
    for (let k = 0; k < n; k++) {
      s += zt[i * n + k]! * Z(j, k);
      q += Z(k, i) * Z(k, j);
    }
    r[i * n + j] = s - h0[i * n + j]!;
    o[i * n + j] = q - (i === j ? 1 : 0);
  }
  return { residual: fro(r) / (n * EPS * fro(h0)), orthogonality: fro(o) / (n * EPS) };
}

/** Quasi-upper-triangular: zero below the subdiagonal, and no two subdiagonals in a row. */
function assertQuasiTriangular(t: Float64Array, n: number): void {
  for (let i = 2; i < n; i++) for (let j = 0; j < i - 1; j++) assert.equal(t[i * n + j], 0, `T(${i},${j})`);
  for (let i = 1; i + 1 < n; i++) assert.ok(t[i * n + i - 1] === 0 || t[(i + 1) * n + i] === 0, `2x2 blocks overlap at ${i}`);
}

describe('real Schur form: residual and orthogonality within n eps ||H||', () => {
  for (const n of [2, 5, 16, 41, 90]) {
    for (const transposed of [false, true]) {
      it(`n = ${n}, Z kept ${transposed ? 'transposed (as the early deflation keeps it)' : 'as is'}`, () => {
        const h0 = randomHessenberg(n, 700 + n);
        const t = Float64Array.from(h0);
        const z = new Float64Array(n * n);
        for (let i = 0; i < n; i++) z[i * n + i] = 1;
        const r = francisQR(t, n, new Float64Array(n), new Float64Array(n), transposed ? { wantT: true, zt: z } : { wantT: true, z });
        assert.equal(r.converged, true);
        assertQuasiTriangular(t, n);
        const q = ratios(h0, t, zFrom(z, n, transposed), n);
        assert.ok(q.residual < THRESHOLD, `residual ratio ${q.residual}`);
        assert.ok(q.orthogonality < THRESHOLD, `orthogonality ratio ${q.orthogonality}`);
      });
    }
  }

  it('a capped iteration says converged: false and leaves a similar matrix (H0 = Z H Z^T)', () => {
    const n = 30;
    const h0 = randomHessenberg(n, 31);
    const t = Float64Array.from(h0);
    const z = new Float64Array(n * n);
    for (let i = 0; i < n; i++) z[i * n + i] = 1;
    const r = francisQR(t, n, new Float64Array(n), new Float64Array(n), { wantT: true, z, maxIterations: 3 });
    assert.equal(r.converged, false);
    assert.ok(r.iterations <= 4, `${r.iterations} sweeps past a cap of 3`);
    const q = ratios(h0, t, zFrom(z, n, false), n);
    assert.ok(q.residual < THRESHOLD && q.orthogonality < THRESHOLD, JSON.stringify(q));
  });

  it('reordering the Schur form (block swaps) keeps both ratios small', () => {
    const n = 24;
    const h0 = randomHessenberg(n, 77);
    const t = Float64Array.from(h0);
    const zt = new Float64Array(n * n);
    for (let i = 0; i < n; i++) zt[i * n + i] = 1;
    assert.equal(francisQR(t, n, new Float64Array(n), new Float64Array(n), { wantT: true, zt }).converged, true);
    // Move the last block to the top, one neighbour at a time, as the early deflation does.
    const blockAt = (end: number): number => (end > 0 && t[end * n + end - 1] !== 0 ? 2 : 1);
    let here = n - blockAt(n - 1);
    const size = blockAt(n - 1);
    let swaps = 0;
    while (here > 0) {
      const pb = blockAt(here - 1);
      if (!swapBlocks(t, n, zt, n, here - pb, pb, size)) break;
      here -= pb;
      swaps++;
    }
    assert.ok(swaps > 5, `${swaps} swaps`);
    assertQuasiTriangular(t, n);
    const q = ratios(h0, t, zFrom(zt, n, true), n);
    assert.ok(q.residual < THRESHOLD, `residual ratio ${q.residual}`);
    assert.ok(q.orthogonality < THRESHOLD, `orthogonality ratio ${q.orthogonality}`);
  });
});
