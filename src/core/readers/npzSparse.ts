/**
 * `scipy.sparse.save_npz` archives: members `format` (b'csr', b'csc' or b'coo'), `shape`, `data`
 * and `indices` + `indptr` (csr, csc) or `row` + `col` (coo), compressed or not. Read as one
 * sparse matrix; anything inconsistent is refused naming the member.
 */
import { WeightFileError } from '../errors';
import { canonical, csrFromTriplets, csrToDense, csrTranspose, type CsrMatrix } from '../sparse/csr';
import type { ByteSource } from './byteSource';
import { SPARSE_DENSE_COPY_UP_TO } from './mtxFile';
import type { RawFile, RawTensor } from './tensor';
import { readNpyArray } from './npy';
import { readMember, type ZipEntry } from './zip';

const fail = (member: string, message: string): never => {
  throw new WeightFileError(`scipy sparse archive, member '${member}.npy': ${message}`, { kind: 'file' });
};

/** The bytes after a .npy header: a 0-d `|S3` array holds its three characters there. */
function npyPayloadText(bytes: Uint8Array): string {
  const major = bytes[6] ?? 1;
  const headerLen = major === 1 ? (bytes[8] ?? 0) | ((bytes[9] ?? 0) << 8) : (bytes[8] ?? 0) | ((bytes[9] ?? 0) << 8) | ((bytes[10] ?? 0) << 16) | ((bytes[11] ?? 0) << 24);
  const start = (major === 1 ? 10 : 12) + headerLen;
  return new TextDecoder('latin1').decode(bytes.subarray(start)).replace(/\0+$/, '');
}

/** Whole numbers in [lo, hi] (indices come as int32/int64 and arrive here as float64). */
function indexArray(t: RawTensor | undefined, member: string, lo: number, hi: number): Int32Array {
  if (!t) return fail(member, 'missing');
  if (t.shape.length !== 1) fail(member, `must be 1-D, not ${t.shape.join('x')}`);
  const out = new Int32Array(t.data.length);
  for (let i = 0; i < t.data.length; i++) {
    const x = t.data[i]!;
    if (!Number.isInteger(x) || x < lo || x > hi) fail(member, `entry ${i} is ${x}, outside ${lo}..${hi}`);
    out[i] = x;
  }
  return out;
}

/** A 1-D member read as float64, or undefined when absent; refused naming it when unreadable. */
function vectorMember(src: ByteSource, entries: readonly ZipEntry[], name: string, maxBytes: number): RawTensor | undefined {
  const entry = entries.find((e) => e.name === `${name}.npy`);
  if (!entry) return undefined;
  try {
    const a = readNpyArray(readMember(src, entry, maxBytes), 1);
    return { name, shape: a.shape, data: a.data, dtype: a.dtype };
  } catch (e) {
    if (e instanceof WeightFileError) return fail(name, e.message);
    throw e;
  }
}

/**
 * The sparse matrix of a save_npz archive, or undefined when the archive is not one (a `format`
 * member beside `shape` and `data`); then its members are ordinary arrays.
 */
export function sparseFromNpz(src: ByteSource, entries: readonly ZipEntry[], maxBytes: number): RawFile | undefined {
  const formatEntry = entries.find((e) => e.name === 'format.npy');
  const names = new Set(entries.map((e) => e.name));
  if (!formatEntry || !names.has('shape.npy') || !names.has('data.npy')) return undefined;
  const format = npyPayloadText(readMember(src, formatEntry, maxBytes));
  const by = new Map<string, RawTensor>();
  for (const n of ['shape', 'data', 'indices', 'indptr', 'row', 'col']) {
    const t = vectorMember(src, entries, n, maxBytes);
    if (t) by.set(n, t);
  }
  const shape = indexArray(by.get('shape'), 'shape', 0, 2 ** 31 - 1);
  if (shape.length !== 2) fail('shape', `must hold 2 numbers, not ${shape.length}`);
  const [rows, cols] = [shape[0]!, shape[1]!];
  const data = by.get('data')!;
  if (data.shape.length !== 1) fail('data', `must be 1-D, not ${data.shape.join('x')}`);
  const values = Float64Array.from(data.data);
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) fail('data', `entry ${i} is ${values[i]}; the analysis needs finite entries`);
  let a: CsrMatrix;
  if (format === 'coo') {
    const r = indexArray(by.get('row'), 'row', 0, rows - 1);
    const c = indexArray(by.get('col'), 'col', 0, cols - 1);
    if (r.length !== values.length || c.length !== values.length) fail('row', `row, col and data must have the same length (${r.length}, ${c.length}, ${values.length})`);
    a = csrFromTriplets(rows, cols, r, c, values);
  } else if (format === 'csr' || format === 'csc') {
    const [major, minor] = format === 'csr' ? [rows, cols] : [cols, rows];
    const ptr = indexArray(by.get('indptr'), 'indptr', 0, values.length);
    if (ptr.length !== major + 1) fail('indptr', `has ${ptr.length} entries, expected ${major + 1} for shape ${rows}x${cols}`);
    if (ptr[0] !== 0 || ptr[major] !== values.length) fail('indptr', `must start at 0 and end at ${values.length} (the data length)`);
    for (let i = 0; i < major; i++) if (ptr[i + 1]! < ptr[i]!) fail('indptr', `decreases at entry ${i + 1}`);
    const idx = indexArray(by.get('indices'), 'indices', 0, minor - 1);
    if (idx.length !== values.length) fail('indices', `has ${idx.length} entries, data has ${values.length}`);
    const m = canonical(major, minor, ptr, idx, values);
    a = format === 'csr' ? m : csrTranspose(m);
  } else {
    return fail('format', `scipy sparse format '${format}' is not read; save it with .tocsr(), .tocsc() or .tocoo()`);
  }
  const dense = rows <= SPARSE_DENSE_COPY_UP_TO && cols <= SPARSE_DENSE_COPY_UP_TO ? csrToDense(a).data : new Float64Array(0);
  return { tensors: [{ name: '', shape: [rows, cols], data: dense, dtype: data.dtype, sparse: a }], skipped: [] };
}
