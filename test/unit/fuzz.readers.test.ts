import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { readWeightFile } from '../../src/core/readers';
import { WeightFileError, type ErrorPlace } from '../../src/core/errors';
import { mutatedFile } from '../fuzz/cases';
import { readChecked } from '../fuzz/oracle';
import { analyseChecked, numericCase, type NumericOutcome } from '../fuzz/numeric';
import { writeNpy, writeSafetensors } from '../fuzz/writers';

const enc = new TextEncoder();

function refusal(bytes: Uint8Array, name: string): { message: string; place: ErrorPlace } {
  const outcome = readChecked(bytes, name);
  assert.equal(outcome.kind, 'refused', `${name} was accepted`);
  try {
    readWeightFile(bytes, name);
  } catch (e) {
    assert.ok(e instanceof WeightFileError);
    return { message: e.message, place: e.place };
  }
  assert.fail('unreachable');
}

/** A .npy preamble + header dict, with no data behind it. */
function npyHeaderOnly(dict: string): Uint8Array {
  const padded = dict + ' '.repeat((64 - ((10 + dict.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + padded.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, padded.length, true);
  out.set(enc.encode(padded), 10);
  return out;
}

function safetensorsHeaderOnly(header: string, claimedLength?: bigint): Uint8Array {
  const head = enc.encode(header);
  const out = new Uint8Array(8 + head.length);
  new DataView(out.buffer).setBigUint64(0, claimedLength ?? BigInt(head.length), true);
  out.set(head, 8);
  return out;
}

describe('fuzz: mutated and truncated files end in a matrix or a located refusal', () => {
  it('2000 seeded mutations of valid files in every format', () => {
    const seen = { read: 0, refused: 0 };
    fc.assert(
      fc.property(mutatedFile, (f) => {
        seen[readChecked(f.bytes, f.fileName).kind]++;
      }),
      { numRuns: 2000, seed: 8 },
    );
    // Both outcomes must occur, or the mutations are not reaching the parsers. Most mutated zip
    // archives are refused (a changed byte fails the member's CRC-32), so reads are the rarer one.
    assert.ok(seen.read > 40 && seen.refused > 60, JSON.stringify(seen));
  });
});

describe('fuzz: hostile files', () => {
  it('a .npy header asking for terabytes is refused at the end of the data, without allocating', () => {
    const r = refusal(npyHeaderOnly("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000, 1000000000), }"), 'big.npy');
    assert.equal(r.place.kind, 'byte');
    assert.match(r.message, /needs more bytes than any file holds|needs \d+ bytes/);
  });
  it('a .npy header longer than the file is refused at byte 8', () => {
    const bytes = npyHeaderOnly("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }");
    new DataView(bytes.buffer).setUint16(8, 60000, true);
    assert.deepEqual(refusal(bytes, 'w.npy').place, { kind: 'byte', offset: 8 });
  });
  it('.npy 1-D and 3-D arrays are refused with their shape', () => {
    assert.match(refusal(npyHeaderOnly("{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }"), 'v.npy').message, /1-D, shape \(5,\)/);
    assert.match(refusal(npyHeaderOnly("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3, 4), }"), 'v.npy').message, /3-D, shape \(2, 3, 4\)/);
  });
  it('.npy headers are parsed, never evaluated: code in the header is a refusal', () => {
    const r = refusal(npyHeaderOnly("{'descr': __import__('os').system('x'), 'shape': (2, 2), }"), 'evil.npy');
    assert.equal(r.place.kind, 'byte');
    assert.match(r.message, /invalid \.npy header/);
  });
  it('a safetensors header length of 2^60 is refused at byte 0', () => {
    const r = refusal(safetensorsHeaderOnly('{}', 1n << 60n), 'w.safetensors');
    assert.deepEqual(r.place, { kind: 'byte', offset: 0 });
  });
  it('safetensors offsets asking for terabytes are refused at the tensor, before allocating', () => {
    const header = '{"W_hh": {"dtype": "F64", "shape": [1000000, 1000000], "data_offsets": [0, 8000000000000]}}';
    const r = refusal(safetensorsHeaderOnly(header), 'w.safetensors');
    assert.deepEqual(r.place, { kind: 'byte', offset: 8 + header.indexOf('"W_hh"') });
    assert.match(r.message, /run past the end/);
  });
  it('safetensors offsets that disagree with the shape are refused', () => {
    const header = '{"W_hh": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 8]}}';
    const bytes = new Uint8Array([...safetensorsHeaderOnly(header), ...new Uint8Array(8)]);
    assert.match(refusal(bytes, 'w.safetensors').message, /needs 16 bytes, data_offsets give 8/);
  });
  it('an all-NaN matrix is refused at row 1, col 1; in text formats with its line and column', () => {
    const nan = { name: 'W', rows: 3, cols: 3, data: new Array<number>(9).fill(NaN) };
    const npy = refusal(writeNpy(nan, { version: 1, type: 'f8', bigEndian: false, fortran: false }), 'nan.npy');
    assert.deepEqual(npy.place, { kind: 'cell', row: 1, col: 1 });
    const st = refusal(writeSafetensors([{ ...nan, name: 'rnn.weight_hh_l0' }], 'F32'), 'nan.safetensors');
    assert.deepEqual(st.place, { kind: 'cell', row: 1, col: 1 });
    const csv = refusal(enc.encode('nan nan\nnan nan\n'), 'nan.txt');
    assert.deepEqual(csv.place.kind === 'cell' && [csv.place.row, csv.place.col, csv.place.line, csv.place.column], [1, 1, 1, 1]);
  });
  it('denormals and 1e308 entries are finite: accepted, exactly', () => {
    const vals = [5e-324, -2.2250738585072014e-308, 1e308, -1.7976931348623157e308];
    const m = { name: 'W', rows: 2, cols: 2, data: vals };
    for (const bytes of [writeNpy(m, { version: 2, type: 'f8', bigEndian: true, fortran: false }), enc.encode(JSON.stringify([vals.slice(0, 2), vals.slice(2)]))]) {
      const w = readWeightFile(bytes, bytes[0] === 0x93 ? 'w.npy' : 'w.json');
      assert.deepStrictEqual(Array.from(w.matrices[0]?.matrix.data ?? []), vals);
    }
  });
  it('10^5-deep JSON, 10^6 columns, 10^6 rows: each a located refusal', () => {
    assert.equal(refusal(enc.encode('['.repeat(1e5)), 'deep.json').place.kind, 'text');
    assert.equal(refusal(enc.encode('{"a":'.repeat(1e5)), 'deep.json').place.kind, 'text');
    assert.match(refusal(enc.encode(new Array(1e6).fill('1').join(',')), 'wide.csv').message, /1x1000000/);
    assert.match(refusal(enc.encode(new Array(1e6).fill('1').join('\n')), 'tall.csv').message, /1000000x1/);
  });
  it('a 10^6-column first line over 10^6 short rows is a ragged row, not an 8 TB allocation', () => {
    const text = `${new Array(1e6).fill('1').join(',')}\n${'1,1\n'.repeat(1e6)}`;
    const r = refusal(enc.encode(text), 'w.csv');
    assert.match(r.message, /row 2 has 2 values, expected 1000000/);
    assert.equal(r.place.kind === 'text' && r.place.line, 2);
  });
  it('JSON whose first row is 10^5 long over 10^5 short rows is refused at a short row, not an 80 GB allocation', () => {
    const text = `[[${new Array(1e5).fill('1').join(',')}]${',[1]'.repeat(1e5)}]`;
    const r = refusal(enc.encode(text), 'w.json');
    assert.match(r.message, /row 2 has 1 values, expected 100000/);
    assert.equal(r.place.kind, 'text');
  });
  it('binary files under text names are named, never parsed: zip, HDF5, pickle, UTF-16, NUL bytes', () => {
    const cases: [number[], string, RegExp][] = [
      [[0x50, 0x4b, 0x03, 0x04, 0, 0], 'model.json', /zip archive/],
      [[0x50, 0x4b, 0x03, 0x04, 0, 0], 'arrays.csv', /zip archive/],
      [[0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a], 'model.txt', /HDF5/],
      [[0x80, 0x04, 0x95, 0x00], 'w.json', /pickle/],
      [[0xff, 0xfe, 0x31, 0x00, 0x2c, 0x00], 'w.csv', /UTF-16/],
    ];
    for (const [head, name, re] of cases) {
      const r = refusal(new Uint8Array(head), name);
      assert.match(r.message, re, name);
      assert.deepEqual(r.place, { kind: 'byte', offset: 0 });
    }
    assert.deepEqual(refusal(enc.encode('1,2\n3,\u00004\n'), 'w.csv').place, { kind: 'byte', offset: 6 });
  });
  it('a million-digit cell ending in a letter is refused in linear time (no regex backtracking)', () => {
    const r = refusal(enc.encode(`1,2\n3,${'7'.repeat(1e6)}x\n`), 'w.csv');
    assert.deepEqual(r.place.kind === 'cell' && [r.place.row, r.place.col], [2, 2]);
  });
  it('invalid UTF-8 in a text file is refused where it stands', () => {
    const r = refusal(new Uint8Array([...enc.encode('1,2\n3,'), 0xff, 0xfe]), 'w.csv');
    assert.deepEqual(r.place.kind === 'cell' && [r.place.row, r.place.col], [2, 2]);
  });
});

describe('fuzz: hostile numbers end in a report or one sentence', () => {
  it('600 seeded files with values across the double range or edited number tokens', () => {
    const seen: Record<NumericOutcome, number> = { analysed: 0, 'refused-read': 0, 'refused-analysis': 0 };
    fc.assert(
      fc.property(numericCase, (c) => {
        seen[analyseChecked(c)]++;
      }),
      { numRuns: 600, seed: 17 },
    );
    // Most of these are valid files: the analysis, not the reader, must be what they reach.
    assert.ok(seen.analysed > 300, JSON.stringify(seen));
  });
});
