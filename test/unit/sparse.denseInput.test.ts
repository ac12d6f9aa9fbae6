/**
 * Dense files that are mostly zeros take the sparse route (SPARSER_ROUTE) and agree with the
 * dense route; scipy's numbers come from test/fixtures/sparse (scripts/make-sparse-fixtures.py).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWeightFile } from '../../src/core/readers';
import { analyzeMatrix, SPARSER_ROUTE } from '../../src/core/analysis';
import { analyzeSquare } from '../../src/core/analysis/square';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { csrToDense } from '../../src/core/sparse/csr';
import { mulberry32 } from '../../src/core/random';
import type { Matrix } from '../../src/core/matrix';
import type { NamedMatrix } from '../../src/core/weightFile';

const DIR = join(__dirname, '..', 'fixtures', 'sparse');
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, { spectralRadius: number; spectralNorm: number }>;
const named = (matrix: Matrix): NamedMatrix => ({ name: 'w', role: 'matrix', layout: 'pytorch', dtype: 'float64', shape: [matrix.rows, matrix.cols], matrix, score: 0 });

/** An n x n matrix with about `density` n^2 uniform non-zero entries (seeded). */
function random(n: number, density: number, seed: number): Matrix {
  const u = mulberry32(seed);
  const data = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) if (u() < density) data[k] = 2 * u() - 1;
  return { rows: n, cols: n, data };
}

describe('sparse: dense files that are mostly zeros', function () {
  this.timeout(120000);
  const o = { ...DEFAULT_OPTIONS, horizon: 30 };

  it("a dense copy of esn_1000 takes the sparse route and gives scipy's radius and sigma_max", () => {
    const a = readWeightFile(readFileSync(join(DIR, 'esn_1000_rho0.95.mtx')), 'esn_1000_rho0.95.mtx').matrices[0]!.sparse!;
    const r = analyzeMatrix(named(csrToDense(a)), o);
    assert.equal(r.sparse?.method, 'krylov-schur');
    assert.match(r.notes[0]!, /stored dense with 1\.0% of its entries non-zero: analysed through sparse products/);
    const want = expected['esn_1000_rho0.95']!;
    assert.ok(Math.abs(r.spectralRadius! - want.spectralRadius) <= 1e-8 * want.spectralRadius, `${r.spectralRadius}`);
    assert.ok(Math.abs(r.spectralNorm! - want.spectralNorm) <= 1e-9 * want.spectralNorm, `${r.spectralNorm}`);
  });

  it('at 1% the sparse route agrees with the dense one (radius, sigma_max, ||W^k||); above 2% the dense route answers', () => {
    const n = SPARSER_ROUTE.from + 88;
    const w = random(n, 0.01, 7);
    const viaFile = analyzeMatrix(named(w), o);
    const dense = analyzeSquare(named(w), w, o);
    assert.equal(viaFile.sparse?.method, 'krylov-schur');
    assert.equal(dense.sparse, undefined);
    const [rs, rd] = [viaFile.spectralRadius!, dense.spectralRadius!];
    assert.ok(Math.abs(rs - rd) <= 1e-10 * rd, `${rs} vs ${rd}`);
    assert.ok(Math.abs(viaFile.spectralNorm! - dense.spectralNorm!) <= 1e-10 * dense.spectralNorm!);
    viaFile.log10PowerNorms.forEach((x, k) => assert.ok(x !== null && Math.abs(x - dense.log10PowerNorms[k]!) <= 1e-8, `k = ${k}`));
    const denser = analyzeMatrix(named(random(n, 0.03, 8)), o);
    assert.equal(denser.sparse, undefined);
    assert.ok(!denser.notes.some((x) => x.startsWith('stored dense')));
  });

  it('below n = 512 a mostly-zero matrix stays dense', () => {
    const r = analyzeMatrix(named(random(SPARSER_ROUTE.from - 12, 0.01, 9)), o);
    assert.equal(r.sparse, undefined);
  });

  it('a nilpotent shift stored dense: triangular up to a permutation, so rho = 0 exactly', () => {
    const n = SPARSER_ROUTE.from + 88;
    const data = new Float64Array(n * n);
    for (let i = 0; i + 1 < n; i++) data[i * n + i + 1] = 0.5;
    const r = analyzeMatrix(named({ rows: n, cols: n, data }), o);
    assert.equal(r.sparse?.method, 'triangular');
    assert.equal(r.spectralRadius, 0);
    assert.equal(r.eigenvaluesConverged, true);
  });

  it('where Krylov–Schur does not converge (every eigenvalue on one circle) the dense route answers, and says so', () => {
    // 0.5 times a cyclic permutation: its n eigenvalues are 0.5 times the n-th roots of unity.
    const n = SPARSER_ROUTE.from + 88;
    const data = new Float64Array(n * n);
    for (let i = 0; i < n; i++) data[i * n + ((i + 1) % n)] = 0.5;
    const r = analyzeMatrix(named({ rows: n, cols: n, data }), o);
    assert.equal(r.sparse, undefined);
    assert.ok(Math.abs(r.spectralRadius! - 0.5) <= 1e-12, `${r.spectralRadius}`);
    assert.match(r.notes[0]!, /the sparse route's eigenvalue iteration did not converge, so the dense route answered/);
  });
});
