/**
 * Golub–Kahan–Lanczos on matrices with a null space: once a random direction of the space not yet
 * spanned has a zero image, every singular value is known (values by construction).
 */
import { strict as assert } from 'node:assert';
import { gkl } from '../../src/core/linalg/lanczos';
import { csrFromTriplets, csrMatVec, csrTranspose, type CsrMatrix } from '../../src/core/sparse/csr';

const n = 3000;
const run = (a: CsrMatrix, count: number, start?: Float64Array): ReturnType<typeof gkl> => {
  const t = csrTranspose(a);
  return gkl(n, n, (x, out) => csrMatVec(a, x, out), (y, out) => csrMatVec(t, y, out), count, start ? { start } : {});
};
const diagonal = (entries: readonly (readonly [number, number, number])[]): CsrMatrix =>
  csrFromTriplets(n, n, Int32Array.from(entries, (e) => e[0]), Int32Array.from(entries, (e) => e[1]), Float64Array.from(entries, (e) => e[2]));

describe('linalg: Lanczos where most of the space is null', () => {
  it('the zero matrix: sigma_max = 0, settled at once instead of a fresh direction per step', () => {
    const r = run(diagonal([]), 1);
    assert.equal(r.converged, true);
    assert.equal(r.values[0], 0);
    assert.ok(r.steps <= 2, `${r.steps} steps`);
  });
  it('a single entry (rank one, nilpotent): sigma_max is its modulus', () => {
    const r = run(diagonal([[0, 1, -3]]), 1);
    assert.equal(r.converged, true);
    assert.ok(Math.abs(r.values[0]! - 3) <= 4 * Number.EPSILON * 3, `${r.values[0]}`);
    assert.ok(r.steps <= 4, `${r.steps} steps`);
  });
  it('five entries on the diagonal: the three largest moduli, in a few steps', () => {
    const r = run(diagonal([[3, 3, 0.5], [10, 10, -4], [20, 20, 2], [30, 30, 1], [40, 40, -0.25]]), 3);
    assert.equal(r.converged, true);
    [4, 2, 1].forEach((want, i) => assert.ok(Math.abs(r.values[i]! - want) <= 8 * Number.EPSILON * 4, `value ${i}: ${r.values[i]}`));
    assert.ok(r.steps <= 12, `${r.steps} steps`);
  });
  it('a warm start in the null space is not taken for a random one: sigma_max still found', () => {
    const start = new Float64Array(n);
    start[0] = 1;
    const r = run(diagonal([[5, 5, 2], [7, 7, 1]]), 1, start);
    assert.equal(r.converged, true);
    assert.ok(Math.abs(r.values[0]! - 2) <= 8 * Number.EPSILON * 2, `${r.values[0]}`);
  });
});
