import { strict as assert } from 'node:assert';
import { readWeightFile } from '../../src/core/readers';
import { WeightFileError, type ErrorPlace } from '../../src/core/errors';
import { csrToDense, type CsrMatrix } from '../../src/core/sparse/csr';
import type { WeightFile } from '../../src/core/weightFile';

const enc = new TextEncoder();
const read = (text: string, name = 'w.mtx'): WeightFile => readWeightFile(enc.encode(text), name);
const sparseOf = (f: WeightFile): CsrMatrix => {
  const a = f.matrices[0]?.sparse;
  assert.ok(a, 'read as sparse');
  return a;
};
const denseRows = (a: CsrMatrix): number[][] => {
  const d = csrToDense(a);
  return Array.from({ length: d.rows }, (_, i) => Array.from(d.data.subarray(i * d.cols, (i + 1) * d.cols)));
};
function refused(text: string): { message: string; place: ErrorPlace } {
  try {
    read(text);
  } catch (e) {
    assert.ok(e instanceof WeightFileError, String(e));
    return { message: e.message, place: e.place };
  }
  assert.fail('accepted');
}
const at = (p: ErrorPlace): [number, number] => {
  assert.equal(p.kind, 'text');
  return p.kind === 'text' ? [p.line, p.column] : [0, 0];
};

const HEAD = '%%MatrixMarket matrix coordinate real general\n';

describe('readers: Matrix Market', () => {
  it('reads a general coordinate file as CSR, summing duplicates and skipping comments', () => {
    const f = read(`${HEAD}% a comment\n\n3 3 4\n1 1 1.5\n3 2 -2\n1 3 4e-1\n1 1 0.5\n`);
    assert.equal(f.format, 'mtx');
    const a = sparseOf(f);
    assert.deepEqual(denseRows(a), [[2, 0, 0.4], [0, 0, 0], [0, -2, 0]]);
    assert.equal(a.rowPtr[a.rows], 3, 'the duplicate (1, 1) is summed into one stored entry');
  });
  it('mirrors symmetric and skew-symmetric storage and reads pattern and integer fields', () => {
    const sym = read('%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 1 3\n2 1 5\n');
    assert.deepEqual(denseRows(sparseOf(sym)), [[3, 5], [5, 0]]);
    const skew = read('%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n2 1 5\n');
    assert.deepEqual(denseRows(sparseOf(skew)), [[0, -5], [5, 0]]);
    const pat = read('%%MatrixMarket matrix coordinate pattern general\n2 2 2\n1 2\n2 1\n');
    assert.deepEqual(denseRows(sparseOf(pat)), [[0, 1], [1, 0]]);
    const int = read('%%MatrixMarket matrix coordinate integer general\r\n2 2 1\r\n2 2 -7\r\n');
    assert.deepEqual(denseRows(sparseOf(int)), [[0, 0], [0, -7]]);
  });
  it('reads the array format (column major, lower triangle when symmetric) as a dense matrix', () => {
    const f = read('%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n');
    assert.equal(f.matrices[0]?.sparse, undefined);
    assert.deepEqual(Array.from(f.matrices[0]?.matrix.data ?? []), [1, 3, 2, 4]);
    const s = read('%%MatrixMarket matrix array real symmetric\n2 2\n1\n2\n4\n');
    assert.deepEqual(Array.from(s.matrices[0]?.matrix.data ?? []), [1, 2, 2, 4]);
  });
  it('is detected by its banner whatever the file name', () => {
    assert.equal(read(`${HEAD}1 1 1\n1 1 2\n`, 'weights.txt').format, 'mtx');
  });
  it('refuses a non-square sparse matrix: there is nothing to analyse', () => {
    assert.match(refused(`${HEAD}2 3 1\n1 3 1\n`).message, /2x3 array is neither square nor a gate stack/);
  });
  it('refuses bad files at the line and column of the problem', () => {
    const cases: [string, RegExp, [number, number]][] = [
      ['%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n', /complex matrices are not read/, [1, 34]],
      ['%%MatrixMarket tensor coordinate real general\n', /only "matrix" objects/, [1, 16]],
      [`${HEAD}2 2 1\n3 1 1\n`, /row index 3 is outside 1\.\.2/, [3, 1]],
      [`${HEAD}2 2 1\n1 x 1\n`, /column index "x" is not a whole number/, [3, 3]],
      [`${HEAD}2 2 1\n1 1 NaN\n`, /value "NaN" is not a finite number/, [3, 5]],
      [`${HEAD}2 2 1\n1 1\n`, /missing the value/, [3, 4]],
      [`${HEAD}2 2 2\n1 1 1\n`, /ends after 1 of the 2 entries/, [4, 1]],
      [`${HEAD}2 2 1\n1 1 1\n2 2 2\n`, /more entries than the 1/, [4, 1]],
      [`${HEAD}2 2 1\n1 1 1 9\n`, /unexpected "9" after the value/, [3, 7]],
      ['%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 2 1\n', /only entries on or below the diagonal; row 1, col 2/, [3, 1]],
      ['%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 1.5\n', /not a whole number \(the file's field is integer\)/, [3, 5]],
      ['%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n', /ends before the value at row 2, col 2/, [6, 1]],
      ['MatrixMarket matrix coordinate real general\n', /starts with "%%MatrixMarket/, [1, 1]],
    ];
    for (const [text, message, place] of cases) {
      const r = refused(text);
      assert.match(r.message, message, text);
      assert.deepEqual(at(r.place), place, `${text} -> ${r.message}`);
    }
  });
});
