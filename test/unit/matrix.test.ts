import { strict as assert } from 'node:assert';
import { fromRows, toRows, transpose, rowBlock, identity } from '../../src/core/matrix';

describe('matrix', () => {
  it('round-trips rows and transposes', () => {
    const m = fromRows([[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(toRows(transpose(m)), [[1, 4], [2, 5], [3, 6]]);
    assert.deepEqual(toRows(rowBlock(m, 1, 2)), [[4, 5, 6]]);
    assert.deepEqual(toRows(identity(2)), [[1, 0], [0, 1]]);
  });
  it('refuses ragged rows, naming the row', () => {
    assert.throws(() => fromRows([[1, 2], [3]]), /row 2 has 1 values, expected 2/);
  });
});
