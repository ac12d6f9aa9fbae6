/**
 * The WebAssembly CSR product against csrMatVec, bit for bit: on the sparse fixtures
 * (test/fixtures/sparse, scripts/make-sparse-fixtures.py) and on hostile shapes; and the
 * fallback to csrMatVec where WebAssembly is refused.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWeightFile } from '../../src/core/readers';
import { csrFromTriplets, csrMatVec, type CsrMatrix } from '../../src/core/sparse/csr';
import { csrProducts, loopProducts, type CsrProducts } from '../../src/core/sparse/csrProducts';
import { gaussianData, mulberry32 } from '../../src/core/random';

const DIR = join(__dirname, '..', 'fixtures', 'sparse');
const ROOT = join(__dirname, '..', '..');
const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** c (A x) and A^k x by csrMatVec, the reference. */
function reference(a: CsrMatrix, x: Float64Array, c: number): Float64Array {
  const out = new Float64Array(a.rows);
  csrMatVec(a, x, out);
  if (c !== 1) for (let i = 0; i < out.length; i++) out[i]! *= c;
  return out;
}
function referencePower(a: CsrMatrix, x: Float64Array, k: number): Float64Array {
  let v = x;
  for (let j = 0; j < k; j++) v = reference(a, v, 1);
  return Float64Array.from(v);
}

/** Products with x, scaled products and (square A) powers 0..4 all equal the reference's bits. */
function assertSame(p: CsrProducts, a: CsrMatrix, x: Float64Array, what: string): void {
  for (const c of [1, 0.25, 1 / 3, 0]) {
    // Filled with garbage first: every entry of out is written.
    assert.ok(sameBits(p.mul(x, new Float64Array(a.rows).fill(7), c), reference(a, x, c)), `${what}: c A x, c = ${c}`);
  }
  assert.ok(sameBits(p.mul(Array.from(x), new Float64Array(a.rows)), reference(a, x, 1)), `${what}: A x from a plain array`);
  if (a.rows !== a.cols) return;
  for (let k = 0; k <= 4; k++) assert.ok(sameBits(p.power(x, new Float64Array(a.rows), k), referencePower(a, x, k)), `${what}: A^${k} x`);
}

/** A CSR matrix from rows of [column, value] pairs. */
function fromRows(cols: number, rows: [number, number][][]): CsrMatrix {
  const ri: number[] = [];
  const ci: number[] = [];
  const v: number[] = [];
  rows.forEach((r, i) => r.forEach(([c, x]) => (ri.push(i), ci.push(c), v.push(x))));
  return csrFromTriplets(rows.length, cols, Int32Array.from(ri), Int32Array.from(ci), Float64Array.from(v));
}

function randomCsr(rows: number, cols: number, lengths: (i: number) => number, seed: number): CsrMatrix {
  const r = mulberry32(seed);
  return fromRows(cols, Array.from({ length: rows }, (_, i) => {
    const picked = new Set<number>();
    const want = Math.min(cols, lengths(i));
    while (picked.size < want) picked.add(Math.floor(r() * cols));
    return [...picked].map((c) => [c, r() - 0.5] as [number, number]);
  }));
}

describe('sparse: the CSR product in WebAssembly', () => {
  const files = [...readdirSync(DIR).map((f) => join(DIR, f)), ...readdirSync(join(DIR, 'rim')).map((f) => join(DIR, 'rim', f))]
    // array_24.mtx is a dense Matrix Market array.
    .filter((f) => /\.(mtx|npz)$/.test(f) && !f.includes('array_24'));

  it('equals csrMatVec bit for bit on every sparse fixture: A x, c (A x), A^k x', () => {
    assert.ok(files.length >= 10, `fixtures found: ${files.length}`);
    for (const file of files) {
      const a = readWeightFile(readFileSync(file), file).matrices[0]?.sparse;
      assert.ok(a, `${file} read as sparse`);
      const p = csrProducts(a);
      assert.ok(p.wasm, 'Node 20 has WebAssembly SIMD: the kernel must be used');
      assertSame(p, a, gaussianData(1, a.cols, a.rows), file);
    }
  });

  it('equals csrMatVec on hostile shapes: empty rows, single entries, n = 1, odd and even rows, long rows, not square', () => {
    const cases: [string, CsrMatrix][] = [
      ['1 x 1', fromRows(1, [[[0, -2.5]]])],
      ['1 x 1 without entries', fromRows(1, [[]])],
      ['every row empty', fromRows(5, [[], [], [], [], []])],
      ['empty first, middle and last rows', fromRows(4, [[], [[1, 2]], [], [[0, 1], [3, -1]], []])],
      ['one entry per row', fromRows(3, [[[2, 1]], [[0, -1]], [[1, 0.5]]])],
      ['a row of one entry among long rows', randomCsr(9, 9, (i) => (i === 4 ? 1 : 7), 3)],
      ['row lengths 0..12 (odd and even)', randomCsr(13, 20, (i) => i, 5)],
      ['row lengths 12..0', randomCsr(13, 13, (i) => 12 - i, 6)],
      ['long rows (300 of 301 columns)', randomCsr(7, 301, () => 300, 7)],
      ['3 x 8', randomCsr(3, 8, (i) => i + 2, 8)],
      ['8 x 3', randomCsr(8, 3, (i) => i % 4, 9)],
    ];
    for (const [what, a] of cases) {
      const p = csrProducts(a);
      assert.ok(p.wasm, what);
      assertSame(p, a, gaussianData(1, a.cols, a.rows + 17), what);
    }
  });

  it('propagates NaN and Infinity, in the matrix or in x, and signed zeros as csrMatVec does', () => {
    const a = fromRows(4, [[[0, NaN], [1, 1]], [[1, Infinity], [2, 1], [3, 2]], [[0, -Infinity], [2, 0]], [[3, 1]]]);
    assertSame(csrProducts(a), a, Float64Array.from([1, 2, 3, 4]), 'non-finite entries');
    assertSame(csrProducts(a), a, Float64Array.from([0, -0, Infinity, NaN]), 'non-finite entries, non-finite x');
    const b = randomCsr(6, 6, (i) => i, 11);
    for (const x of [[NaN, 1, 2, 3, 4, 5], [-0, -0, -0, -0, -0, -0], [Infinity, -Infinity, 0, 1, 1e308, -1e308]]) {
      assertSame(csrProducts(b), b, Float64Array.from(x), `x = ${x.join(', ')}`);
    }
  });

  it('keeps one set of products per matrix, and takes csrMatVec for arrays that do not form a valid matrix or a vector of another length', () => {
    const a = randomCsr(6, 6, (i) => i, 12);
    assert.equal(csrProducts(a), csrProducts(a));
    const x = gaussianData(1, 6, 1);
    // A column index past the shape and a decreasing row pointer: csrMatVec's reading of them.
    const outside: CsrMatrix = { ...a, colIdx: a.colIdx.map((c, t) => (t === 3 ? 9 : c)) };
    const negative: CsrMatrix = { ...a, colIdx: a.colIdx.map((c, t) => (t === a.colIdx.length - 1 ? -1 : c)) };
    const decreasing: CsrMatrix = { ...a, rowPtr: a.rowPtr.map((v, i) => (i === 2 ? 7 : v)) };
    const offset: CsrMatrix = { ...a, rowPtr: a.rowPtr.map((v, i) => (i === 0 ? 1 : v)) };
    const invalid = [['column 9 of 6', outside], ['column -1', negative], ['row pointers 0, 0, 7, 3, ...', decreasing], ['row pointers from 1', offset]] as const;
    for (const [what, m] of invalid) {
      const p = csrProducts(m);
      assert.equal(p.wasm, false, what);
      assertSame(p, m, x, what);
    }
    const p = csrProducts(a);
    for (const len of [5, 7]) {
      const y = gaussianData(1, len, 2);
      assert.ok(sameBits(p.mul(y, new Float64Array(6)), reference(a, y, 1)), `x of ${len} entries`);
    }
  });

  it('the TypeScript products give the same bits', () => {
    const a = randomCsr(40, 40, (i) => i % 11, 13);
    assertSame(loopProducts(a), a, gaussianData(1, 40, 3), 'loops');
  });

  it('compiles once per process: after a refusal every matrix takes csrMatVec without asking again, and RGL_NO_WASM never asks', function () {
    this.timeout(60_000);
    // In a fresh process (this one has compiled the kernel already).
    const script = `
      const { csrProducts } = require('./src/core/sparse/csrProducts');
      const { csrFromTriplets, csrMatVec } = require('./src/core/sparse/csr');
      let asked = 0;
      const Module = WebAssembly.Module;
      WebAssembly.Module = function (bytes) { asked++; if (process.argv[1] === 'refuse') throw new Error('refused'); return new Module(bytes); };
      if (process.argv[1] === 'flag') globalThis.RGL_NO_WASM = true;
      const a = csrFromTriplets(3, 3, Int32Array.of(0, 1, 2, 2), Int32Array.of(1, 2, 0, 2), Float64Array.of(1, 2, 3, 4));
      const b = csrFromTriplets(2, 2, Int32Array.of(0, 1), Int32Array.of(1, 0), Float64Array.of(5, 6));
      const pa = csrProducts(a), pb = csrProducts(b);
      const y = pa.mul(Float64Array.of(1, 2, 3), new Float64Array(3)), want = new Float64Array(3);
      csrMatVec(a, Float64Array.of(1, 2, 3), want);
      console.log(JSON.stringify({ asked, wasm: [pa.wasm, pb.wasm], same: y.every((v, i) => Object.is(v, want[i])) }));
    `;
    const run = (mode: string): unknown => {
      const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script, mode], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as unknown;
    };
    assert.deepEqual(run('refuse'), { asked: 1, wasm: [false, false], same: true });
    assert.deepEqual(run('flag'), { asked: 0, wasm: [false, false], same: true });
    assert.deepEqual(run('allow'), { asked: 1, wasm: [true, true], same: true });
  });
});
