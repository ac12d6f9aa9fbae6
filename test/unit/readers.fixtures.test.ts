import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWeightFile } from '../../src/core/readers';
import { WeightFileError, type ErrorPlace } from '../../src/core/errors';
import type { WeightFile } from '../../src/core/weightFile';

const dir = join(__dirname, '..', 'fixtures', 'formats');
const bytes = (f: string): Uint8Array => new Uint8Array(readFileSync(join(dir, f)));
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<
  string,
  { note: string; matrices: { shape: [number, number]; role: string; name?: string; gateSpectralRadius?: Record<string, number> }[] }
>;
/** The 5x5 matrix every single-matrix fixture holds, parsed here independently of the readers. */
const reference = (JSON.parse(readFileSync(join(dir, 'nested.json'), 'utf8')) as number[][]).flat();

function refusal(file: string): WeightFileError {
  try {
    readWeightFile(bytes(file), file);
  } catch (e) {
    assert.ok(e instanceof WeightFileError, `${file}: threw ${String(e)}`);
    return e;
  }
  assert.fail(`${file} was accepted`);
}

describe('readers: reference fixtures (test/fixtures/formats)', () => {
  for (const [file, want] of Object.entries(expected)) {
    if (file.startsWith('bad_')) continue;
    it(`${file}: ${want.note}`, () => {
      const got: WeightFile = readWeightFile(bytes(file), file);
      assert.equal(got.matrices.length, want.matrices.length);
      want.matrices.forEach((w, i) => {
        const m = got.matrices[i];
        assert.ok(m);
        assert.deepEqual(m.shape, w.shape);
        assert.equal(m.role, w.role);
        if (w.name !== undefined) assert.equal(m.name, w.name);
        if (w.gateSpectralRadius) assert.deepEqual(m.gates, Object.keys(w.gateSpectralRadius));
      });
    });
  }

  it('every bad_* fixture is listed in expected.json with no matrices', () => {
    const bad = Object.keys(expected).filter((f) => f.startsWith('bad_'));
    assert.ok(bad.length >= 8);
    for (const f of bad) assert.deepEqual(expected[f]?.matrices, []);
  });

  it('text fixtures of the same matrix read back exactly the same float64 values', () => {
    for (const f of ['nested.json', 'keyed.json', 'flat_shape.json', 'comma.csv', 'header.csv', 'tabs.tsv', 'savetxt_default.csv', 'float64.npy']) {
      const m = readWeightFile(bytes(f), f).matrices[0];
      assert.ok(m, f);
      assert.deepEqual(Array.from(m.matrix.data), reference, f);
    }
  });

  it('reads from a view into a larger buffer (a Node Buffer from the pool, a subarray)', () => {
    for (const f of ['float64.npy', 'float32.npy', 'model.safetensors', 'comma.csv', 'nested.json']) {
      const own = bytes(f);
      const pool = new Uint8Array(own.length + 13);
      pool.fill(0x7f);
      pool.set(own, 5);
      const view = pool.subarray(5, 5 + own.length);
      assert.deepEqual(Array.from(readWeightFile(view, f).matrices[0]?.matrix.data ?? []), Array.from(readWeightFile(own, f).matrices[0]?.matrix.data ?? []), f);
      const buffer = readFileSync(join(dir, f));
      assert.deepEqual(Array.from(readWeightFile(buffer, f).matrices[0]?.matrix.data ?? []), Array.from(readWeightFile(own, f).matrices[0]?.matrix.data ?? []), f);
    }
  });

  it('float32 files convert each value exactly (float32 rounding of the same matrix)', () => {
    for (const f of ['float32.npy', 'model.safetensors']) {
      const m = readWeightFile(bytes(f), f).matrices[0];
      assert.ok(m, f);
      assert.equal(m.dtype, 'float32');
      assert.deepEqual(Array.from(m.matrix.data), reference.map(Math.fround), f);
    }
  });

  it('lstm_state_dict.json: gate blocks i,f,g,o are the row blocks of weight_hh_l0, bias attached', () => {
    const raw = JSON.parse(readFileSync(join(dir, 'lstm_state_dict.json'), 'utf8')) as Record<string, number[][] | number[]>;
    const m = readWeightFile(bytes('lstm_state_dict.json'), 'lstm_state_dict.json').matrices[0];
    assert.ok(m);
    assert.deepEqual(m.gates, ['i', 'f', 'g', 'o']);
    assert.equal(m.layout, 'pytorch');
    const rows = raw['rnn.weight_hh_l0'] as number[][];
    for (let g = 0; g < 4; g++) {
      const block: number[] = Array.from(m.matrix.data.subarray(g * 25, (g + 1) * 25));
      assert.deepEqual(block, rows.slice(g * 5, (g + 1) * 5).flat());
    }
    assert.deepEqual(Array.from(m.biasHH ?? []), raw['rnn.bias_hh_l0']);
    assert.equal(m.biasIH, undefined);
  });

  it('keyed.json: span covers the array and keySpan the key', () => {
    const text = readFileSync(join(dir, 'keyed.json'), 'utf8');
    const m = readWeightFile(bytes('keyed.json'), 'keyed.json').matrices[0];
    assert.ok(m?.span && m.keySpan);
    assert.deepEqual((JSON.parse(text.slice(m.span.start, m.span.end)) as number[][]).flat(), reference);
    assert.equal(text.slice(m.keySpan.start, m.keySpan.end), '"W_hh"');
  });
});

describe('readers: bad_* fixtures are refused with a place', () => {
  const place = (f: string): ErrorPlace => refusal(f).place;

  it('bad_nan.json: the NaN entry at row 1, col 2, with its line and column', () => {
    const e = refusal('bad_nan.json');
    assert.deepEqual({ ...e.place, offset: undefined, length: undefined }, { kind: 'cell', row: 1, col: 2, line: 1, column: 17, offset: undefined, length: undefined });
    assert.match(e.message, /NaN/);
  });
  it('bad_ragged.csv: row 2 has 2 values, expected 3, at line 2', () => {
    const e = refusal('bad_ragged.csv');
    assert.equal(e.place.kind === 'text' && e.place.line, 2);
    assert.match(e.message, /row 2 has 2 values, expected 3/);
  });
  it('bad_word.csv: the word at row 2, col 2 (line 2)', () => {
    const p = place('bad_word.csv');
    assert.equal(p.kind, 'cell');
    if (p.kind === 'cell') assert.deepEqual([p.row, p.col, p.line], [2, 2, 2]);
    assert.match(refusal('bad_word.csv').message, /"abc" is not a number/);
  });
  it('bad_nonsquare.csv: names the 2x3 shape', () => {
    const e = refusal('bad_nonsquare.csv');
    assert.match(e.message, /2x3/);
    assert.equal(e.place.kind, 'text');
  });
  it('bad_empty.csv: empty, at line 1', () => {
    const e = refusal('bad_empty.csv');
    assert.match(e.message, /empty/);
    assert.deepEqual(e.place.kind === 'text' && [e.place.line, e.place.column], [1, 1]);
  });
  it('bad_truncated.json: a syntax error at the end of the text', () => {
    const text = readFileSync(join(dir, 'bad_truncated.json'), 'utf8');
    const p = place('bad_truncated.json');
    assert.ok(p.kind === 'text');
    assert.equal(p.offset, text.length);
    assert.equal(p.line, 1);
    assert.equal(p.column, text.length + 1);
  });
  it('bad_truncated.npy: a byte place at the end of the data', () => {
    const p = place('bad_truncated.npy');
    assert.deepEqual(p, { kind: 'byte', offset: bytes('bad_truncated.npy').length });
  });
  it('bad_header.safetensors: the header length, at byte 0', () => {
    const e = refusal('bad_header.safetensors');
    assert.deepEqual(e.place, { kind: 'byte', offset: 0 });
    assert.match(e.message, /header/);
  });
});
