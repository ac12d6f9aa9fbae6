/**
 * Sparse matrices that are triangular up to a permutation: the eigenvalues are the diagonal
 * entries, checked against the dense QR of the same matrices and, for a shift, by construction.
 */
import { strict as assert } from 'node:assert';
import { analyzeSparse } from '../../src/core/analysis';
import { eigenvalues } from '../../src/core/linalg/eigen';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { csrFromTriplets, csrToDense, type CsrMatrix } from '../../src/core/sparse/csr';
import { permutedTriangularDiagonal } from '../../src/core/sparse/triangular';
import { mulberry32 } from '../../src/core/random';
import type { NamedMatrix } from '../../src/core/weightFile';

/**
 * P T P^T for T upper triangular with `perRow` entries of size up to `off` a row past the diagonal
 * (the first of them on the next index, so every later index is reachable), P a random
 * permutation; `extra` adds entries (i, j, x) in T's numbering. Returns the matrix and T's diagonal.
 */
function permutedTriangular(n: number, perRow: number, off: number, seed: number, extra: [number, number, number][] = []): { a: CsrMatrix; d: number[] } {
  const u = mulberry32(seed);
  const perm = Array.from({ length: n }, (_, i) => i).sort(() => u() - 0.5);
  const r: number[] = [], c: number[] = [], v: number[] = [], d: number[] = [];
  for (let i = 0; i < n; i++) {
    d.push(2 * u() - 1);
    r.push(perm[i]!); c.push(perm[i]!); v.push(d[i]!);
    for (let k = 0; k < perRow && i + 1 < n; k++) {
      r.push(perm[i]!); c.push(perm[k === 0 ? i + 1 : i + 1 + Math.floor(u() * (n - i - 1))]!); v.push(off * (2 * u() - 1));
    }
  }
  for (const [i, j, x] of extra) { r.push(perm[i]!); c.push(perm[j]!); v.push(x); }
  return { a: csrFromTriplets(n, n, Int32Array.from(r), Int32Array.from(c), Float64Array.from(v)), d };
}

const moduli = (re: ArrayLike<number>, im: ArrayLike<number>): number[] =>
  Array.from(re, (x, i) => Math.hypot(x, im[i]!)).sort((a, b) => b - a);

describe('sparse: triangular up to a permutation', () => {
  it('the diagonal is the spectrum: exactly the diagonal built, and the moduli of the dense QR', () => {
    const { a, d } = permutedTriangular(200, 3, 1, 4);
    const got = permutedTriangularDiagonal(a);
    assert.ok(got);
    assert.deepEqual([...got].sort((x, y) => x - y), [...d].sort((x, y) => x - y));
    // Small off-diagonal entries keep the QR's eigenvalues well-conditioned enough to compare.
    const mild = permutedTriangular(200, 2, 0.01, 6);
    const qr = eigenvalues(csrToDense(mild.a));
    const want = moduli(qr.re, qr.im);
    moduli(mild.d, new Float64Array(200)).forEach((x, i) => assert.ok(Math.abs(x - want[i]!) <= 1e-12, `|lambda_${i}| ${x} vs ${want[i]}`));
  });
  it('one entry closing a cycle: not triangular; an explicit zero there: still triangular', () => {
    assert.equal(permutedTriangularDiagonal(permutedTriangular(200, 3, 1, 5, [[150, 20, 0.1]]).a), null);
    assert.ok(permutedTriangularDiagonal(permutedTriangular(200, 3, 1, 5, [[150, 20, 0]]).a));
  });
  it('a nilpotent shift of 2000: rho = 0 exactly, ||W^k|| = 0.5^k, converged, and the report says how', () => {
    const n = 2000;
    const idx = Int32Array.from({ length: n - 1 }, (_, i) => i);
    const a = csrFromTriplets(n, n, idx, Int32Array.from(idx, (i) => i + 1), new Float64Array(n - 1).fill(0.5));
    const m: NamedMatrix = { name: 'w', role: 'matrix', layout: 'pytorch', dtype: 'float64', shape: [n, n], matrix: { rows: n, cols: n, data: new Float64Array(0) }, score: 0 };
    const r = analyzeSparse(m, a, { ...DEFAULT_OPTIONS, horizon: 40 });
    assert.equal(r.spectralRadius, 0);
    assert.equal(r.sparse?.method, 'triangular');
    assert.equal(r.eigenvaluesConverged, true);
    assert.match(r.notes[0]!, /triangular up to a permutation/);
    r.log10PowerNorms.forEach((x, k) => assert.ok(x !== null && Math.abs(x - k * Math.log10(0.5)) <= 1e-12, `k = ${k}: ${x}`));
  });
});
