import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWeightFile } from '../../src/core/readers';
import { WeightFileError } from '../../src/core/errors';

/** Files written by numpy itself (test/fixtures/generated/make.py), with the values numpy reads back. */
const dir = join(__dirname, '..', 'fixtures', 'generated');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, { shape: [number, number]; dtype: string; data: number[][] }>;
const bytes = (f: string): Uint8Array => new Uint8Array(readFileSync(join(dir, f)));

describe('readers: files written by numpy read back exactly as numpy reads them', () => {
  it('covers .npy v1/v2/v3 in both byte orders, f8/f4/f2, C and Fortran, and text from savetxt/json.dump', () => {
    const names = Object.keys(expected);
    assert.equal(names.filter((n) => n.endsWith('.npy') && /^v[123]_/.test(n)).length, 36);
    assert.ok(names.some((n) => n.endsWith('.csv')) && names.some((n) => n.endsWith('.tsv')) && names.some((n) => n.endsWith('.json')));
  });
  for (const [file, want] of Object.entries(expected)) {
    it(file, () => {
      const m = readWeightFile(bytes(file), file).matrices[0];
      assert.ok(m);
      assert.deepEqual(m.shape, want.shape);
      assert.equal(m.dtype, want.dtype);
      // Object.is comparison: -0, subnormals and the largest finite values must survive exactly.
      assert.deepStrictEqual(Array.from(m.matrix.data), want.data.flat());
    });
  }
  it('json.dump of a state dict: the LSTM stack with its bias', () => {
    const m = readWeightFile(bytes('json_dump_tolist.json'), 'json_dump_tolist.json').matrices[0];
    assert.deepEqual([m?.name, m?.role, m?.biasHH?.length], ['rnn.weight_hh_l0', 'lstm', 8]);
  });
  it('refuses 1-D, 3-D and complex arrays with the shape or dtype, at a byte', () => {
    const cases: [string, RegExp][] = [
      ['refused_1d.npy', /1-D, shape \(9,\)/],
      ['refused_3d.npy', /3-D, shape \(2, 3, 4\)/],
      ['refused_complex.npy', /dtype '<c16' is not supported/],
    ];
    for (const [file, re] of cases) {
      assert.throws(() => readWeightFile(bytes(file), file), (e: unknown) => e instanceof WeightFileError && re.test(e.message) && e.place.kind === 'byte');
    }
  });
});
