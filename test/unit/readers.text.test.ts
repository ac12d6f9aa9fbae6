import { strict as assert } from 'node:assert';
import { readWeightFile } from '../../src/core/readers';
import { WeightFileError, type ErrorPlace } from '../../src/core/errors';
import type { WeightFile } from '../../src/core/weightFile';

const enc = new TextEncoder();
const read = (text: string, name: string): WeightFile => readWeightFile(enc.encode(text), name);
const rows = (f: WeightFile, i = 0): number[][] => {
  const m = f.matrices[i];
  assert.ok(m);
  const out: number[][] = [];
  for (let r = 0; r < m.matrix.rows; r++) out.push(Array.from(m.matrix.data.subarray(r * m.matrix.cols, (r + 1) * m.matrix.cols)));
  return out;
};
function refused(text: string | Uint8Array, name: string): { message: string; place: ErrorPlace } {
  try {
    readWeightFile(typeof text === 'string' ? enc.encode(text) : text, name);
  } catch (e) {
    assert.ok(e instanceof WeightFileError, String(e));
    return { message: e.message, place: e.place };
  }
  assert.fail('accepted');
}

describe('readers: JSON', () => {
  it('joins nested object keys with dots and keeps file order among equals', () => {
    const f = read('{"model": {"rnn": {"weight_hh_l0": [[1,2],[3,4]]}, "other": [[5,6],[7,8]]}}', 'w.json');
    assert.deepEqual(f.matrices.map((m) => m.name), ['model.rnn.weight_hh_l0', 'model.other']);
    assert.equal(f.matrices[0]?.role, 'rnn');
    assert.equal(f.matrices[1]?.role, 'matrix');
  });
  it('reads {shape, data} with flat or nested data, and names it by its key', () => {
    assert.deepEqual(rows(read('{"shape": [2, 2], "data": [1, 2, 3, 4]}', 'a.json')), [[1, 2], [3, 4]]);
    const f = read('{"W_hh": {"shape": [2, 2], "data": [[1, 2], [3, 4]], "dtype": "float64"}}', 'a.json');
    assert.equal(f.matrices[0]?.name, 'W_hh');
  });
  it('refuses {shape, data} whose data does not fill the shape, at the data', () => {
    const text = '{"W": {"shape": [2, 2], "data": [1, 2, 3]}}';
    const r = refused(text, 'a.json');
    assert.match(r.message, /3 values but "shape" 2x2 needs 4/);
    assert.equal(r.place.kind === 'text' && r.place.offset, text.indexOf('[1'));
  });
  it('accepts every JSON number spelling, comments and trailing commas', () => {
    const f = read('// exported\n[[1E2, -0.5e-3], [0, /* zero */ -0.0,],]', 'a.json');
    assert.deepEqual(rows(f), [[100, -0.0005], [0, -0]]);
  });
  it('refuses Python -Infinity at its cell, flat data cells by the shape', () => {
    const r = refused('[[1, 2], [3, -Infinity]]', 'a.json');
    assert.deepEqual(r.place.kind === 'cell' && [r.place.row, r.place.col, r.place.line, r.place.column], [2, 2, 1, 14]);
    const flat = refused('{"shape": [2, 3], "data": [1, 2, 3, 4, NaN, 6]}', 'a.json');
    assert.deepEqual(flat.place.kind === 'cell' && [flat.place.row, flat.place.col], [2, 2]);
  });
  it('refuses 1e999 (beyond float64) at its cell and accepts 1e308 and denormals', () => {
    const r = refused('[[1, 1e999], [3, 4]]', 'a.json');
    assert.deepEqual(r.place.kind === 'cell' && [r.place.row, r.place.col], [1, 2]);
    assert.match(r.message, /1e999/);
    assert.deepEqual(rows(read('[[1e308, 5e-324], [-1e308, 0]]', 'a.json')), [[1e308, 5e-324], [-1e308, 0]]);
  });
  it('reports trailing garbage and unclosed arrays with line:col', () => {
    const r = refused('[[1, 2],\n [3, 4]] x', 'a.json');
    assert.deepEqual(r.place.kind === 'text' && [r.place.line, r.place.column], [2, 10]);
    const t = refused('{"W": [[1, 2], [3, 4]', 'a.json');
    assert.match(t.message, /ends early/);
  });
  it('locates a ragged row and a string entry', () => {
    const r = refused('{"W_hh": [[1, 2], [3]]}', 'a.json');
    assert.match(r.message, /row 2 has 1 values, expected 2/);
    const s = refused('[[1, "x"], [3, 4]]', 'a.json');
    assert.deepEqual(s.place.kind === 'cell' && [s.place.row, s.place.col], [1, 2]);
  });
  it('analyses the good tensor when another one is broken, and lists the broken one', () => {
    const f = read('{"W_hh": [[1, 0], [0, 1]], "vocab": [[1, 2], [3]]}', 'a.json');
    assert.equal(f.matrices.length, 1);
    assert.match(f.others.find((o) => o.name === 'vocab')?.reason ?? '', /row 2/);
  });
  it('refuses nesting 100000 deep without overflowing the stack, with a place', () => {
    const deep = '['.repeat(100000) + ']'.repeat(100000);
    const r = refused(deep, 'deep.json');
    assert.match(r.message, /nested more than/);
    assert.equal(r.place.kind, 'text');
  });
  it('refuses a file with no matrix, naming what it found', () => {
    const r = refused('{"bias": [1, 2, 3], "emb": [[1, 2, 3], [4, 5, 6]], "epoch": 3}', 'a.json');
    assert.match(r.message, /bias \(3\).*emb \(2x3\)/);
  });
  it('spans are UTF-16 offsets into the text without its BOM, as the editor holds it; lines count CRLF once', () => {
    const text = '{\r\n  "ä": 1,\r\n  "W_hh": [[1, 2], [3, 4]]\r\n}';
    const m = readWeightFile(enc.encode('\ufeff' + text), 'w.json').matrices[0];
    assert.ok(m?.span && m.keySpan);
    assert.equal(text.slice(m.span.start, m.span.end), '[[1, 2], [3, 4]]');
    assert.equal(text.slice(m.keySpan.start, m.keySpan.end), '"W_hh"');
    const r = refused('\ufeff{\r\n"W": [[1, 2],\r\n [3, x]]}', 'w.json');
    assert.deepEqual(r.place.kind === 'text' && [r.place.line, r.place.column], [3, 6]);
  });
  it('treats a .txt starting with [ as JSON', () => {
    assert.equal(read('[[1, 2], [3, 4]]', 'w.txt').format, 'json');
  });
});

describe('readers: delimited text', () => {
  const m = [[1, 2.5], [-3, 4e-3]];
  const variants: Record<string, string> = {
    comma: '1,2.5\n-3,4e-3\n',
    semicolon: '1;2.5\n-3;4e-3',
    'decimal comma': '1;2,5\n-3;0,004',
    tab: '1\t2.5\n-3\t4e-3\n',
    spaces: '  1   2.5\n -3  4e-3\n',
    'BOM + CRLF': '\ufeff1,2.5\r\n-3,4e-3\r\n',
    'comments + blank lines': '# W_hh\n\n1, 2.5\n\n# more\n-3, 4e-3\n\n',
    'trailing delimiter': '1,2.5,\n-3,4e-3,\n',
    header: 'h0,h1\n1,2.5\n-3,4e-3\n',
    'pandas to_csv': ',0,1\n0,1,2.5\n1,-3,4e-3\n',
    'pandas with row names': ',h0,h1\nh0,1,2.5\nh1,-3,4e-3\n',
    'headerless index column': '0,1,2.5\n1,-3,4e-3\n',
    'pandas to_csv(index=False)': '0,1\n1,2.5\n-3,4e-3\n',
    'row labels, no header': 'h0,1,2.5\nh1,-3,4e-3\n',
    quoted: '"a","b"\n"1","2.5"\n-3,4e-3\n',
  };
  for (const [label, text] of Object.entries(variants)) {
    it(`${label}`, () => {
      const f = read(text, 'w.csv');
      assert.equal(f.format, 'csv');
      assert.deepEqual(rows(f), m);
    });
  }
  it('reads numpy savetxt %.18e output exactly', () => {
    const vals = [[0.1, -1 / 3], [2 ** -1074, 1.7976931348623157e308]];
    const text = vals.map((r) => r.map((v) => v.toExponential(18)).join(' ')).join('\n');
    assert.deepEqual(rows(read(text, 'w.txt')), vals);
  });
  it('the span covers the table, header included', () => {
    const text = '# c\nh0,h1\n1,2\n3,4\n';
    const s = read(text, 'w.csv').matrices[0]?.span;
    assert.deepEqual(s && text.slice(s.start, s.end), 'h0,h1\n1,2\n3,4');
  });
  it('locates a non-numeric cell with its row, col, line and column', () => {
    const r = refused('# hdr\n1,2\n3, x4\n', 'w.csv');
    assert.deepEqual(r.place, { kind: 'cell', row: 2, col: 2, line: 3, column: 4, offset: 13, length: 2 });
  });
  it('refuses nan, inf and 1e999 cells as non-finite, at their cell', () => {
    for (const bad of ['nan', '-inf', '1e999']) {
      const r = refused(`1 2\n3 ${bad}\n`, 'w.txt');
      assert.deepEqual(r.place.kind === 'cell' && [r.place.row, r.place.col], [2, 2], bad);
      assert.match(r.message, /finite/);
    }
  });
  it('refuses an empty cell and hex', () => {
    assert.match(refused('1,,2\n3,4,5\n6,7,8', 'w.csv').message, /empty/);
    assert.match(refused('1,2\n3,0x10', 'w.csv').message, /"0x10" is not a number/);
  });
  it('refuses a header whose length does not fit the rows', () => {
    const r = refused('a,b,c\n1,2\n3,4\n', 'w.csv');
    assert.match(r.message, /header has 3 names but row 1 has 2 values/);
  });
  it('reads a 4H x H table as an LSTM stack', () => {
    const text = Array.from({ length: 8 }, (_, i) => `${i},${i + 0.5}`).join('\n');
    const f = read(text, 'w.csv');
    assert.equal(f.matrices[0]?.role, 'lstm');
  });
  it('refuses 10^6 columns in one line with the shape, not by allocating 10^12', () => {
    const r = refused(new Array(1e6).fill('0.5').join(','), 'wide.csv');
    assert.match(r.message, /1x1000000/);
  });
  it('refuses a file of comments only', () => {
    assert.match(refused('# nothing\n# here\n', 'w.csv').message, /no rows of numbers/);
  });
});

describe('readers: size limit', () => {
  it('refuses a file over maxBytes, naming the setting', () => {
    try {
      readWeightFile(new Uint8Array(2048), 'w.npy', { maxBytes: 1024, maxBytesSetting: 'rnnGradientLens.maxFileSizeMB' });
      assert.fail('accepted');
    } catch (e) {
      assert.ok(e instanceof WeightFileError);
      assert.match(e.message, /rnnGradientLens\.maxFileSizeMB/);
      assert.deepEqual(e.place, { kind: 'file' });
    }
  });
});
