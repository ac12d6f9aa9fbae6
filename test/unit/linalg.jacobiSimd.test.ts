import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRows, scale, transpose, type Matrix } from '../../src/core/matrix';
import { frobeniusNorm, jacobiSingularValues } from '../../src/core/linalg';
import { JACOBI_SIMD_MAX, jacobiSingularValuesSimd } from '../../src/core/linalg/jacobiSimd';
import { gaussianData } from '../../src/core/random';

interface Fixture {
  name: string;
  W: number[][];
  expected: { spectralNorm: number; frobeniusNorm: number };
}

const dir = join(__dirname, '..', 'fixtures', 'numeric');
const fixtures: Fixture[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && f !== 'index.json')
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture);

const randn = (rows: number, cols: number, seed: number): Matrix => ({ rows, cols, data: gaussianData(rows, cols, seed) });

function simd(a: Matrix): Float64Array {
  const r = jacobiSingularValuesSimd(a);
  assert.ok(r !== null, 'Node 20 has WebAssembly SIMD: the kernel must be used');
  return r;
}

/** Every value within `tol` of the reference, relative to the largest (absolute accuracy of Jacobi). */
function agree(actual: Float64Array, expected: Float64Array, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: count`);
  const top = Math.max(expected[0] ?? 0, Number.MIN_VALUE);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tol * top, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

describe('Jacobi singular values in the WebAssembly kernel', () => {
  for (const fx of fixtures) {
    it(`${fx.name}: sigma_max within 1e-9 of LAPACK, sum of squares = ||W||_F^2`, () => {
      const W = fromRows(fx.W);
      const copy = Float64Array.from(W.data);
      const sv = simd(W);
      assert.deepEqual(W.data, copy, 'input untouched');
      const err = Math.abs(sv[0]! - fx.expected.spectralNorm);
      assert.ok(err <= 1e-9 * fx.expected.spectralNorm || (fx.expected.spectralNorm === 0 && sv[0] === 0), `sigma_max ${sv[0]} vs ${fx.expected.spectralNorm}`);
      const ss = sv.reduce((acc, s) => acc + s * s, 0);
      const f2 = fx.expected.frobeniusNorm ** 2;
      assert.ok(Math.abs(ss - f2) <= 1e-12 * Math.max(f2, Number.MIN_VALUE), `sum of squares ${ss} vs ${f2}`);
    });
  }

  // Odd and even row lengths (the rows are padded to whole lanes), square, wide and tall.
  const shapes: [number, number][] = [[1, 1], [2, 3], [5, 5], [7, 4], [16, 33], [64, 64], [65, 65], [128, 128], [40, 9]];
  for (const [rows, cols] of shapes) {
    it(`${rows}x${cols}: the TypeScript sweeps' values to rounding, descending`, () => {
      const A = randn(rows, cols, 77 + rows * 1000 + cols);
      const sv = simd(A);
      agree(sv, jacobiSingularValues(A), 1e-13, `${rows}x${cols}`);
      for (let i = 1; i < sv.length; i++) assert.ok(sv[i]! <= sv[i - 1]!, 'descending');
      agree(simd(transpose(A)), sv, 1e-13, 'transpose');
    });
  }

  it('tiny and huge scales: sigma(cA) = |c| sigma(A), no underflow or overflow', () => {
    const A = randn(20, 20, 5);
    const sv = simd(A);
    for (const c of [1e-300, -1e300, 2 ** -1000]) {
      const scaled = simd(scale(A, c));
      for (let i = 0; i < sv.length; i++) assert.ok(Math.abs(scaled[i]! / Math.abs(c) - sv[i]!) <= 1e-13 * sv[0]!, `c = ${c}, value ${i}`);
    }
  });

  it('a rank-one matrix: one value ||u|| ||v||, the rest zero to rounding', () => {
    const u = [1, -2, 3, 0.5, 4];
    const v = [2, 1, -1, 0.25];
    const A = fromRows(u.map((x) => v.map((y) => x * y)));
    const sv = simd(A);
    assert.ok(Math.abs(sv[0]! - frobeniusNorm(A)) <= 1e-14 * sv[0]!);
    for (let i = 1; i < sv.length; i++) assert.ok(sv[i]! <= 1e-14 * sv[0]!, `value ${i} = ${sv[i]}`);
  });

  it('zero and non-finite input, and sizes past the limit', () => {
    assert.deepEqual(Array.from(simd(fromRows([[0, 0], [0, 0], [0, 0]]))), [0, 0]);
    assert.ok(simd(fromRows([[1, NaN], [0, 1]])).every((x) => Number.isNaN(x)));
    const n = JACOBI_SIMD_MAX + 1;
    assert.equal(jacobiSingularValuesSimd({ rows: n, cols: n, data: new Float64Array(n * n) }), null);
  });

  it('a larger matrix after a smaller one (a new memory), then a smaller one again', () => {
    const small = randn(8, 8, 1);
    const big = randn(200, 200, 2);
    const first = simd(small);
    agree(simd(big), jacobiSingularValues(big), 1e-13, '200x200');
    agree(simd(small), first, 0, 'again');
  });
});
