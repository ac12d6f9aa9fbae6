/**
 * Arnoldi in blocks (blockArnoldi.ts): the basis's block operations, and the Krylov–Schur radius
 * with every block size against scipy's (test/fixtures/sparse, from scripts/make-sparse-fixtures.py).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWeightFile } from '../../src/core/readers';
import { BLOCK_MAX, krylovBasis, type KrylovBasis } from '../../src/core/sparse/basis';
import { orthonormaliseBlock, type BlockArnoldi } from '../../src/core/sparse/blockArnoldi';
import { csrFromTriplets, csrMatVec, type CsrMatrix } from '../../src/core/sparse/csr';
import { largestEigenvalues } from '../../src/core/sparse/krylovSchur';
import { SPARSE_EIGS } from '../../src/core/analysis';
import { mulberry32 } from '../../src/core/random';

const DIR = join(__dirname, '..', 'fixtures', 'sparse');
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, { spectralRadius: number }>;
const load = (file: string): CsrMatrix => {
  const a = readWeightFile(readFileSync(join(DIR, file)), file).matrices[0]?.sparse;
  assert.ok(a, `${file} read as sparse`);
  return a;
};
const dot = (x: Float64Array, y: Float64Array): number => x.reduce((acc, e, k) => acc + e * y[k]!, 0);

/** j orthonormal vectors, then bs random unit ones after them (returned as copies), each leaning `lean` on the one before. */
function setUp(b: KrylovBasis, n: number, j: number, bs: number, lean: number): Float64Array[] {
  const u = mulberry32(3);
  const h = new Float64Array(j + bs + 1);
  for (let i = 0; i < j; i++) {
    const x = b.vec(i);
    for (let k = 0; k < n; k++) x[k] = u() - 0.5;
    b.orthogonalise(i, h);
    b.normalise(i);
  }
  const ys: Float64Array[] = [];
  for (let i = 0; i < bs; i++) {
    const x = b.vec(j + i);
    // Each leans on v_0 and on the one before it (a block far from orthogonal, as A^k v is).
    for (let k = 0; k < n; k++) x[k] = u() - 0.5 + 3 * b.vec(0)[k]! + (i > 0 ? lean * b.vec(j + i - 1)[k]! : 0);
    b.normalise(j + i);
    ys.push(Float64Array.from(x));
  }
  return ys;
}

describe('sparse: Arnoldi in blocks', function () {
  this.timeout(120000);
  const n = 3001; // odd: the pad entry; past one stretch of the block sweeps
  const j = 13;
  /** Checks Q orthonormal and orthogonal to V, R upper triangular, and Y = V C + Q R. */
  function check(b: KrylovBasis, ys: Float64Array[], c: Float64Array, r: Float64Array, bs: number): void {
    for (let i = 0; i < bs; i++) {
      for (let q = 0; q < j; q++) assert.ok(Math.abs(dot(b.vec(j + i), b.vec(q))) <= 1e-14, `q${i} . v${q}`);
      for (let l = 0; l <= i; l++) {
        const g = dot(b.vec(j + i), b.vec(j + l));
        assert.ok(Math.abs(g - (l === i ? 1 : 0)) <= 1e-14, `q${i} . q${l} = ${g}`);
      }
      for (let l = i + 1; l < bs; l++) assert.equal(r[l * bs + i], 0, 'R is upper triangular');
      const y = ys[i]!;
      let worst = 0;
      for (let k = 0; k < n; k++) {
        let acc = 0;
        for (let q = 0; q < j; q++) acc += c[q * bs + i]! * b.vec(q)[k]!;
        for (let l = 0; l <= i; l++) acc += r[l * bs + i]! * b.vec(j + l)[k]!;
        worst = Math.max(worst, Math.abs(acc - y[k]!));
      }
      assert.ok(worst <= 1e-14, `y${i}: |V C + Q R - Y| = ${worst}`);
    }
  }
  for (const wasm of [true, false]) {
    for (const bs of [1, 2, 3, 4, 5, 8]) {
      it(`one pass, project + within (${wasm ? 'WebAssembly' : 'TypeScript'}, block ${bs}), on a well-conditioned block`, () => {
        const b = krylovBasis(n, j + 8 + 1, wasm);
        const ys = setUp(b, n, j, bs, 0.3);
        const c = new Float64Array(j * bs);
        const r = new Float64Array(bs * bs);
        b.project(j, bs, c);
        b.within(j, bs, r);
        check(b, ys, c, r, bs);
      });
      it(`orthonormaliseBlock (${wasm ? 'WebAssembly' : 'TypeScript'}, block ${bs}): a second pass where the block is far from orthogonal`, () => {
        const b = krylovBasis(n, j + 8 + 1, wasm);
        const ys = setUp(b, n, j, bs, 3);
        const m = j + 8;
        const a: BlockArnoldi = {
          m, basis: b, apply: () => undefined, s: new Float64Array(0),
          c: new Float64Array((m + 1) * BLOCK_MAX), c2: new Float64Array((m + 1) * BLOCK_MAX),
          r: new Float64Array(BLOCK_MAX * BLOCK_MAX), r2: new Float64Array(BLOCK_MAX * BLOCK_MAX),
          nu: new Float64Array(BLOCK_MAX), col: new Float64Array(m + 2),
        };
        orthonormaliseBlock(a, j, bs);
        check(b, ys, a.c, a.r, bs);
      });
    }
  }

  it('normalise returns the norm and leaves a unit vector; a zero vector stays zero', () => {
    for (const wasm of [true, false]) {
      const b = krylovBasis(n, 3, wasm);
      const x = b.vec(1);
      for (let k = 0; k < n; k++) x[k] = k % 7 === 0 ? 2 : 0;
      const expect = Math.sqrt(4 * Math.ceil(n / 7));
      const got = b.normalise(1);
      assert.ok(Math.abs(got - expect) <= 1e-14 * expect, `${got} vs ${expect} (wasm ${wasm})`);
      assert.ok(Math.abs(dot(x, x) - 1) <= 1e-14, `|x|^2 = ${dot(x, x)}`);
      b.vec(2).fill(0);
      assert.equal(b.normalise(2), 0);
      assert.ok(b.vec(2).every((e) => e === 0));
    }
  });

  for (const file of ['esn_1000_rho0.95.mtx', 'res_1500_uniform.mtx']) {
    const name = file.replace('.mtx', '');
    for (const block of [1, 2, 3, 4, 8]) {
      it(`${name}, block ${block}: scipy's radius to 1e-8 and a leading residual <= 1e-11 from fresh products`, () => {
        const a = load(file);
        for (const wasm of [true, false]) {
          const eig = largestEigenvalues(a.rows, (x, out) => csrMatVec(a, x, out), { ...SPARSE_EIGS, block, wasm });
          assert.ok(eig.converged, `converged (wasm ${wasm})`);
          const want = expected[name]!.spectralRadius;
          assert.ok(Math.abs(eig.radius - want) <= 1e-8 * want, `${eig.radius} vs ${want} (wasm ${wasm})`);
          assert.ok(eig.residual <= 1e-11, `residual ${eig.residual} (wasm ${wasm})`);
        }
      });
    }
  }

  it('a Krylov space that closes after three vectors (three distinct eigenvalues) still gives the radius', () => {
    const size = 700;
    const values = [2, -1.5, 0.5];
    const idx = Int32Array.from({ length: size }, (_, i) => i);
    const a = csrFromTriplets(size, size, idx, idx, Float64Array.from(idx, (i) => values[i % 3]!));
    for (const block of [1, 4]) {
      const eig = largestEigenvalues(size, (x, out) => csrMatVec(a, x, out), { nev: 2, block });
      assert.ok(eig.converged, `converged (block ${block})`);
      assert.ok(Math.abs(eig.radius - 2) <= 1e-12, `${eig.radius} (block ${block})`);
    }
  });
});
