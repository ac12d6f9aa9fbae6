import { strict as assert } from 'node:assert';
import { denseProducts } from '../../src/core/linalg/productKernels';
import { mul, mulT, toOperator } from '../../src/core/analysis/logspace';
import { gaussianData } from '../../src/core/random';

const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('linalg: A x and A^T x in WebAssembly', () => {
  it("equal logspace.ts's loops bit for bit: every row and column count mod 4, zero groups of x skipped alike", () => {
    for (const rows of [1, 2, 3, 4, 5, 7, 8, 9, 33, 64]) {
      for (const cols of [1, 2, 3, 4, 5, 6, 7, 9, 64, 65]) {
        const a = gaussianData(rows, cols, 31 * rows + cols);
        const k = denseProducts(a, rows, cols);
        assert.ok(k, 'Node 20 has WebAssembly SIMD: the kernels must be used');
        const A = { rows, cols, data: a };
        const x = gaussianData(1, cols, rows);
        const y = gaussianData(1, rows, cols);
        // Whole groups of four zeros (one of them -0) and single zeros in the tail rows.
        for (let i = 0; i < rows; i++) if (i % 8 < 4 || i === rows - 1) y[i] = i % 2 ? -0 : 0;
        assert.ok(sameBits(k.mul(x, new Float64Array(rows))!, mul(A, x, new Float64Array(rows))), `A x, ${rows}x${cols}`);
        assert.ok(sameBits(k.mulT(y, new Float64Array(cols))!, mulT(A, y, new Float64Array(cols))), `A^T y, ${rows}x${cols}`);
      }
    }
  });

  it('hands its memory to the next matrix: the earlier products return null and its operator falls back to the loops', () => {
    const a = gaussianData(5, 5, 1);
    const op = toOperator({ rows: 5, cols: 5, data: a });
    const first = denseProducts(a, 5, 5);
    assert.ok(first);
    denseProducts(gaussianData(5, 5, 2), 5, 5);
    const x = [1, -2, 3, 0.5, 4];
    assert.equal(first.mul(x, new Float64Array(5)), null);
    assert.ok(sameBits(op.mul(x, new Float64Array(5)), mul({ rows: 5, cols: 5, data: a }, x, new Float64Array(5))));
    assert.ok(sameBits(op.mulT(x, new Float64Array(5)), mulT({ rows: 5, cols: 5, data: a }, x, new Float64Array(5))));
  });
});
