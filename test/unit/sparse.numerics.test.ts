/**
 * The sparse route against scipy (test/fixtures/sparse, made by scripts/make-sparse-fixtures.py:
 * ARPACK eigs(k=6, tol=0) radii, svds sigma_max, numpy norms of dense powers).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWeightFile } from '../../src/core/readers';
import { analyzeSparse, SPARSE_EIGS, SPARSE_ROUTE_FROM, SPARSER_ROUTE, takesSparseRoute, squareTrajectory, csrOperator } from '../../src/core/analysis';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { csrFromTriplets, csrFrobenius, csrMatVec, csrToDense, csrTranspose, densityOf, nnzOf, type CsrMatrix } from '../../src/core/sparse/csr';
import { largestEigenvalues } from '../../src/core/sparse/krylovSchur';
import { sparsePowerNormsLog10, sparseSpectralNorm } from '../../src/core/sparse/sparseNorms';
import { mulberry32 } from '../../src/core/random';
import { gkl } from '../../src/core/linalg/lanczos';

const DIR = join(__dirname, '..', 'fixtures', 'sparse');
interface Expected {
  shape: [number, number];
  nnz: number;
  spectralRadius: number;
  spectralNorm: number;
  frobeniusNorm: number;
  log10PowerNorms?: (number | null)[];
}
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected>;
const load = (file: string): CsrMatrix => {
  const f = readWeightFile(readFileSync(join(DIR, file)), file);
  const a = f.matrices[0]?.sparse;
  assert.ok(a, `${file} read as sparse`);
  return a;
};
const rel = (x: number, y: number): number => Math.abs(x - y) / Math.abs(y);
const mtxFiles = Object.keys(expected).filter((k) => !k.includes('_csr') && !k.includes('_csc') && !k.includes('_coo') && k !== 'array_24');

describe('sparse: Krylov–Schur radius and Lanczos norms against scipy', function () {
  this.timeout(300000);
  for (const name of mtxFiles) {
    const e = expected[name]!;
    it(`${name}: rho to 1e-8 of eigs, sigma_max to 1e-9 of svds, Frobenius, nnz`, () => {
      const a = load(`${name}.mtx`);
      assert.deepEqual([a.rows, a.cols], e.shape);
      assert.equal(a.rowPtr[a.rows], e.nnz);
      const eig = largestEigenvalues(a.rows, (x, out) => csrMatVec(a, x, out), SPARSE_EIGS);
      assert.ok(eig.converged, 'converged');
      assert.ok(rel(eig.radius, e.spectralRadius) <= 1e-8, `rho ${eig.radius} vs ${e.spectralRadius}`);
      assert.ok(eig.residual <= 1e-9, `residual ${eig.residual}`);
      const s = sparseSpectralNorm(a, csrTranspose(a));
      assert.ok(s.converged && rel(s.value, e.spectralNorm) <= 1e-9, `sigma ${s.value} vs ${e.spectralNorm}`);
      assert.ok(rel(csrFrobenius(a), e.frobeniusNorm) <= 1e-12);
    });
  }
  for (const name of mtxFiles.filter((k) => expected[k]!.log10PowerNorms !== undefined)) {
    it(`${name}: log10 ||W^k|| exact for k <= 60, within 1e-9 of numpy`, () => {
      const a = load(`${name}.mtx`);
      const want = expected[name]!.log10PowerNorms!;
      const pn = sparsePowerNormsLog10(a, csrTranspose(a), want.length - 1);
      assert.equal(pn.method, 'exact');
      pn.values.forEach((v, k) => assert.ok(v !== null && Math.abs(v - want[k]!) <= 1e-9, `k = ${k}: ${v} vs ${want[k]}`));
    });
  }
  it('a bounded tail brackets the exact values and states its error', () => {
    const a = load('esn_1000_rho0.95.mtx');
    const want = expected['esn_1000_rho0.95']!.log10PowerNorms!;
    const pn = sparsePowerNormsLog10(a, csrTranspose(a), 60, { budget: 1, spectralRadius: expected['esn_1000_rho0.95']!.spectralRadius });
    assert.equal(pn.method, 'bounded');
    assert.equal(pn.exactUpTo, 1);
    for (let k = 2; k <= 60; k++) {
      const [lo, hi] = pn.intervals[k]!;
      assert.ok(lo <= want[k]! + 1e-9 && want[k]! <= hi + 1e-9, `k = ${k}: ${want[k]} outside [${lo}, ${hi}]`);
      assert.ok(Math.abs(pn.values[k]! - want[k]!) <= pn.maxLog10Error + 1e-9);
    }
  });
  it('the sparse route of the analysis (n >= SPARSE_ROUTE_FROM) reports scipy’s radius and says how', () => {
    const file = 'res_1500_uniform.mtx';
    const f = readWeightFile(readFileSync(join(DIR, file)), file);
    const m = f.matrices[0]!;
    assert.ok(m.matrix.rows >= SPARSE_ROUTE_FROM);
    const r = analyzeSparse(m, m.sparse!, DEFAULT_OPTIONS);
    assert.equal(r.sparse?.method, 'krylov-schur');
    assert.equal(r.sparse?.converged, true);
    assert.ok(rel(r.spectralRadius!, expected.res_1500_uniform!.spectralRadius) <= 1e-8);
    assert.ok(rel(r.spectralNorm!, expected.res_1500_uniform!.spectralNorm) <= 1e-9);
    assert.equal(r.sparse?.nnz, expected.res_1500_uniform!.nnz);
    assert.ok(r.eigenvalues.length >= 6 && Math.hypot(...r.eigenvalues[0]!) === r.spectralRadius);
  });
});

describe('sparse: the route taken', function () {
  this.timeout(120000);
  it('a sparser matrix below SPARSE_ROUTE_FROM takes the sparse route, with exact ||W^k|| equal to numpy', () => {
    const file = 'esn_1000_rho0.95.mtx';
    const f = readWeightFile(readFileSync(join(DIR, file)), file);
    const m = f.matrices[0]!;
    assert.ok(m.matrix.rows < SPARSE_ROUTE_FROM && m.matrix.rows >= SPARSER_ROUTE.from);
    assert.ok(densityOf(m.sparse!) <= SPARSER_ROUTE.density);
    const r = analyzeSparse(m, m.sparse!, DEFAULT_OPTIONS);
    assert.equal(r.sparse?.method, 'krylov-schur');
    assert.ok(rel(r.spectralRadius!, expected['esn_1000_rho0.95']!.spectralRadius) <= 1e-8);
    assert.equal(r.powerNormMethod.method, 'exact');
    const want = expected['esn_1000_rho0.95']!.log10PowerNorms!;
    want.forEach((w, k) => assert.ok(Math.abs(r.log10PowerNorms[k]! - w!) <= 1e-9, `k = ${k}`));
  });
  it('between 512 and SPARSE_ROUTE_FROM the density decides', () => {
    const n = 600;
    const banded = (perRow: number): CsrMatrix => {
      const ri: number[] = [];
      const ci: number[] = [];
      for (let i = 0; i < n; i++) {
        for (let d = 0; d < perRow; d++) {
          ri.push(i);
          ci.push((i + d) % n);
        }
      }
      return csrFromTriplets(n, n, Int32Array.from(ri), Int32Array.from(ci), new Float64Array(ri.length).fill(1));
    };
    assert.ok(takesSparseRoute(banded(10)), '10 per row: 1.7%');
    assert.ok(!takesSparseRoute(banded(20)), '20 per row: 3.3%');
    assert.ok(!takesSparseRoute(load('pattern_400.mtx')), 'below 512');
  });
});

describe('sparse: scipy.sparse.save_npz archives', function () {
  this.timeout(120000);
  for (const name of Object.keys(expected).filter((k) => /_(csr|csc|coo)/.test(k))) {
    it(`${name}.npz reads to the same CSR as the Matrix Market copy, and scipy's radius`, () => {
      const a = load(`${name}.npz`);
      const ref = load('esn_1000_rho0.95.mtx');
      assert.deepEqual([a.rows, a.cols], expected[name]!.shape);
      assert.deepEqual(Array.from(a.rowPtr), Array.from(ref.rowPtr));
      assert.deepEqual(Array.from(a.colIdx), Array.from(ref.colIdx));
      assert.deepEqual(Array.from(a.values), Array.from(ref.values));
      if (name.includes('csc')) {
        const eig = largestEigenvalues(a.rows, (x, out) => csrMatVec(a, x, out), SPARSE_EIGS);
        assert.ok(rel(eig.radius, expected[name]!.spectralRadius) <= 1e-8);
      }
    });
  }
});

describe('sparse: radius where the outer eigenvalues crowd a circle', function () {
  // Random reservoirs from scripts/make-sparse-fixtures.py --rim: numpy's dense radius, and what
  // scipy's eigs(k=6) returned from five start vectors (on some it missed the largest).
  this.timeout(120000);
  interface Rim { n: number; nnz: number; spectralRadius: number; arpackEigs6: number[] }
  const RIM = join(DIR, 'rim');
  const rims = JSON.parse(readFileSync(join(RIM, 'expected.json'), 'utf8')) as Record<string, Rim>;
  const missed = (e: Rim): number => e.arpackEigs6.filter((r) => rel(r, e.spectralRadius) > 1e-8).length;
  it('the set holds reservoirs on which eigs(k=6) missed the radius', () => {
    assert.ok(Object.values(rims).some((e) => missed(e) > 0));
  });
  for (const [name, e] of Object.entries(rims)) {
    it(`${name}: the radius to 1e-8 of numpy's from three start vectors (eigs(k=6) missed ${missed(e)} of 5)`, () => {
      const f = readWeightFile(readFileSync(join(RIM, `${name}.npz`)), `${name}.npz`);
      const a = f.matrices[0]!.sparse!;
      assert.equal(nnzOf(a), e.nnz);
      for (const seed of [1, 2, 3]) {
        const eig = largestEigenvalues(a.rows, (x, out) => csrMatVec(a, x, out), { ...SPARSE_EIGS, seed });
        assert.ok(eig.converged, `seed ${seed}`);
        assert.ok(rel(eig.radius, e.spectralRadius) <= 1e-8, `seed ${seed}: ${eig.radius} vs ${e.spectralRadius}`);
      }
    });
  }
});

describe('sparse: invariants', function () {
  this.timeout(120000);
  it('finds the outermost of eigenvalues crowded on an annulus (known by construction)', () => {
    // Rotation blocks r (cos t, -sin t; sin t, cos t) with radii in [0.9, 1], shuffled by a permutation.
    const u = mulberry32(11);
    const blocks = 500;
    const n = 2 * blocks;
    const perm = Array.from({ length: n }, (_, i) => i).sort(() => u() - 0.5);
    const ri: number[] = [], ci: number[] = [], v: number[] = [];
    let rmax = 0;
    for (let b = 0; b < blocks; b++) {
      const r = 0.9 + 0.1 * u();
      const t = Math.PI * u();
      rmax = Math.max(rmax, r);
      const [p, q] = [perm[2 * b]!, perm[2 * b + 1]!];
      for (const [i, j, x] of [[p, p, r * Math.cos(t)], [p, q, -r * Math.sin(t)], [q, p, r * Math.sin(t)], [q, q, r * Math.cos(t)]] as const) {
        ri.push(i);
        ci.push(j);
        v.push(x);
      }
    }
    const a = csrFromTriplets(n, n, Int32Array.from(ri), Int32Array.from(ci), Float64Array.from(v));
    const eig = largestEigenvalues(n, (x, out) => csrMatVec(a, x, out), SPARSE_EIGS);
    assert.ok(eig.converged);
    assert.ok(rel(eig.radius, rmax) <= 1e-10, `${eig.radius} vs ${rmax}`);
  });
  it('the basis in WebAssembly and in TypeScript give the same radius', () => {
    const a = load('pattern_400.mtx');
    const op = (x: Float64Array, out: Float64Array): void => csrMatVec(a, x, out);
    const [w, t] = [largestEigenvalues(a.rows, op), largestEigenvalues(a.rows, op, { wasm: false })];
    assert.ok(w.converged && t.converged && rel(w.radius, t.radius) <= 1e-12, `${w.radius} vs ${t.radius}`);
  });
  it('stops at the restart cap with converged false and no exception', () => {
    const a = load('res_1500_uniform.mtx');
    const eig = largestEigenvalues(a.rows, (x, out) => csrMatVec(a, x, out), { maxRestarts: 1 });
    assert.equal(eig.converged, false);
    assert.equal(eig.restarts, 1);
  });
  it('a run with a looser tolerance inside a tighter one gives what a run of its own gives, bit for bit', () => {
    const a = load('res_1500_uniform.mtx');
    const aT = csrTranspose(a);
    const fwd = (x: Float64Array, out: Float64Array): void => csrMatVec(a, x, out);
    const adj = (x: Float64Array, out: Float64Array): void => csrMatVec(aT, x, out);
    // Settled at the looser tolerance, and stopped by the looser step cap before settling.
    for (const looser of [{ tol: 1e-8, maxSteps: 500 }, { tol: 1e-12, maxSteps: 6 }]) {
      const both = gkl(a.rows, a.cols, fwd, adj, 1, { tol: 1e-15, maxSteps: 500, wantVector: true, looser });
      const alone = gkl(a.rows, a.cols, fwd, adj, 1, { ...looser, wantVector: true });
      assert.ok(both.looser && both.looser.steps < both.steps, `looser run of ${both.looser?.steps} steps inside ${both.steps}`);
      assert.deepEqual(both.looser, alone);
    }
  });
  it('the power norms after sigma_max (which leaves them ||W||) equal those of a run alone, bit for bit', () => {
    const a = load('esn_1000_rho0.95.mtx');
    const copy = { ...a };
    const alone = sparsePowerNormsLog10(copy, csrTranspose(copy), 60, { budget: 2e7 });
    const aT = csrTranspose(a);
    sparseSpectralNorm(a, aT);
    const shared = sparsePowerNormsLog10(a, aT, 60, { budget: 2e7 });
    assert.ok(alone.exactUpTo >= 2 && alone.method === 'bounded', `exact to ${alone.exactUpTo}`);
    assert.deepEqual(shared, alone);
  });
  it('the trajectories through sparse products equal the dense ones', () => {
    const a = load('integer_200.mtx');
    const o = { ...DEFAULT_OPTIONS, horizon: 40 };
    const sparse = squareTrajectory({ w: csrOperator(a), spectralNorm: 2, options: o, name: '' });
    const dense = squareTrajectory({ w: csrToDense(a), spectralNorm: 2, options: o, name: '' });
    const close = (x: (number | null)[], y: (number | null)[], tol: number): void =>
      x.forEach((xi, i) => assert.ok(xi !== null && y[i] !== null && Math.abs(xi - y[i]!) <= tol, `t = ${i + 1}`));
    close(sparse.log10GradNorm, dense.log10GradNorm, 1e-10);
    // Sums run in another order; the tanh forward pass carries that rounding through 40 steps.
    close(sparse.tanh!.log10GradNorm, dense.tanh!.log10GradNorm, 1e-8);
  });
});
