import { strict as assert } from 'node:assert';
import { bytesSource } from '../../src/core/readers/byteSource';
import { readNpyArray } from '../../src/core/readers/npy';
import { readNpz } from '../../src/core/readers/npz';
import { writeZip } from '../fuzz/zipWriter';

/** A little-endian float64 .npy of any shape; `at(index)` gives each element's value. */
function npy(shape: readonly number[], fortran: boolean, at: (index: readonly number[]) => number): Uint8Array {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '<f8', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${dims}, }`;
  const header = dict + ' '.repeat((64 - ((10 + dict.length + 1) % 64)) % 64) + '\n';
  const count = shape.reduce((a, b) => a * b, 1);
  const out = new Uint8Array(10 + header.length + 8 * count);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  for (let k = 0; k < count; k++) {
    // Storage order: the first axis fastest (Fortran) or the last (C).
    const index: number[] = [];
    let rest = k;
    const axes = fortran ? shape.map((_, i) => i) : shape.map((_, i) => shape.length - 1 - i);
    for (const a of axes) {
      index[a] = rest % (shape[a] as number);
      rest = Math.floor(rest / (shape[a] as number));
    }
    view.setFloat64(10 + header.length + 8 * k, at(index), true);
  }
  return out;
}

const code = (index: readonly number[]): number => index.reduce((a, i) => 10 * a + i, 0);

describe('.npz members of any rank', () => {
  it('reads an N-D array in row-major order whether it was stored in C or Fortran order', () => {
    const shape = [2, 3, 4, 2];
    const c = readNpyArray(npy(shape, false, code), undefined);
    const f = readNpyArray(npy(shape, true, code), undefined);
    assert.deepEqual(c.shape, shape);
    assert.deepEqual([...f.data], [...c.data]);
    // Row-major: the last index runs fastest, so the codes ascend.
    assert.deepEqual([...c.data], [...c.data].sort((a, b) => a - b));
    assert.equal(new Set(c.data).size, 48);
  });

  it('keeps matrices and vectors, lists a scalar with its value and an N-D array for on-demand reads', () => {
    const bytes = writeZip([
      { name: 'W_hh.npy', data: npy([3, 3], false, code), method: 0 },
      { name: 'bias.npy', data: npy([3], false, code), method: 8 },
      { name: 'step.npy', data: npy([], false, () => 1200), method: 0 },
      { name: 'conv.npy', data: npy([3, 1, 4], true, code), method: 8 },
    ]);
    const raw = readNpz(bytesSource(bytes), 1 << 20);
    assert.deepEqual(raw.tensors.map((t) => [t.name, t.shape]), [['W_hh', [3, 3]], ['bias', [3]]]);
    assert.equal(raw.skipped.find((s) => s.name === 'step')?.value, 1200);
    assert.match(raw.skipped.find((s) => s.name === 'conv')?.reason ?? '', /3-D/);
    assert.deepEqual(raw.listing?.map((t) => t.name), ['W_hh', 'bias', 'step', 'conv']);
    const conv = raw.read?.('conv');
    assert.deepEqual(conv?.shape, [3, 1, 4]);
    assert.deepEqual([...(conv?.data ?? [])], [...readNpyArray(npy([3, 1, 4], false, code), undefined).data]);
    assert.throws(() => raw.read?.('missing'), /no readable array named missing/);
  });
});
