import { WeightFileError } from '../errors';
import { transpose } from '../matrix';
import { hasNpyMagic } from '../formats';
import { ELEMENT_TYPES, decodeElements, isElementType, type ElementType } from './floats';
import { parseNpyHeader } from './npyHeader';
import type { RawFile } from './tensor';
import { elementCount } from './tensor';

const byteError = (message: string, offset: number): WeightFileError => new WeightFileError(message, { kind: 'byte', offset });

const pyShape = (shape: readonly number[]): string => (shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`);

/** `<f8`, `>f4`, `|u1`, `=f2` → element type and byte order. */
function parseDescr(descr: string, at: number): { type: ElementType; littleEndian: boolean } {
  const m = /^([<>|=]?)([fiu])(\d+)$/.exec(descr);
  const type = m ? (m[2] === 'f' ? `f${m[3]}` : `${m[2]}${m[3]}`) : '';
  if (!m || !isElementType(type)) {
    throw byteError(`dtype '${descr}' is not supported; use float64, float32, float16 or an integer type`, at);
  }
  return { type, littleEndian: m[1] !== '>' };
}

/** Reads a .npy file (format 1.0, 2.0, 3.0) holding one 2-D numeric array, C or Fortran order. */
export function readNpy(bytes: Uint8Array): RawFile {
  const a = readNpyArray(bytes, 2);
  return { tensors: [{ name: '', shape: a.shape, data: a.data, dtype: a.dtype }], skipped: [] };
}

/**
 * A .npy array of the given rank, or of any rank when `rank` is undefined (row-major values as
 * float64), for callers that need vectors too (.npz members, scipy sparse archives); readNpy takes rank 2.
 */
export function readNpyArray(bytes: Uint8Array, rank: number | undefined): { shape: number[]; data: Float64Array; dtype: string } {
  if (bytes.length === 0) throw byteError('the file is empty', 0);
  if (!hasNpyMagic(bytes)) throw byteError('not a .npy file: it does not start with \\x93NUMPY', 0);
  if (bytes.length < 10) throw byteError('the file ends inside the .npy preamble', bytes.length);
  const major = bytes[6] as number;
  if (major < 1 || major > 3) throw byteError(`.npy format version ${major} is not supported (1, 2 or 3 are)`, 6);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const wide = major >= 2;
  if (wide && bytes.length < 12) throw byteError('the file ends inside the .npy preamble', bytes.length);
  const headerLen = wide ? view.getUint32(8, true) : view.getUint16(8, true);
  const headerStart = wide ? 12 : 10;
  if (headerStart + headerLen > bytes.length) {
    throw byteError(`the header length ${headerLen} runs past the end of the file (${bytes.length} bytes)`, 8);
  }
  const raw = bytes.subarray(headerStart, headerStart + headerLen);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(raw);
  const header = parseNpyHeader(text, headerStart);
  const { type, littleEndian } = parseDescr(header.descr, headerStart);
  const shape = header.shape;
  if (rank !== undefined && shape.length !== rank) {
    const why = rank === 2 ? 'a recurrent matrix must be 2-D' : `expected ${rank}-D`;
    throw byteError(`the array is ${shape.length}-D, shape ${pyShape(shape)}; ${why}`, headerStart);
  }
  const dataStart = headerStart + headerLen;
  const size = ELEMENT_TYPES[type].size;
  const count = elementCount(shape);
  const available = bytes.length - dataStart;
  // Compare before allocating: the shape is an unchecked claim until the bytes are there.
  if (!(count * size <= available)) {
    const need = count * size;
    const needText = Number.isFinite(need) ? `${need} bytes` : 'more bytes than any file holds';
    throw byteError(`the data ends early: shape ${pyShape(shape)} of ${header.descr} needs ${needText} from byte ${dataStart}, the file has ${available}`, bytes.length);
  }
  let data = decodeElements(bytes, dataStart, count, type, littleEndian);
  if (header.fortranOrder && shape.length === 2) {
    const [r, c] = shape as [number, number];
    data = transpose({ rows: c, cols: r, data }).data;
  } else if (header.fortranOrder && shape.length > 2) data = fortranToRowMajor(data, shape);
  return { shape: [...shape], data, dtype: ELEMENT_TYPES[type].name };
}

/** Column-major (first index fastest) values of an N-D array in row-major order. */
function fortranToRowMajor(data: Float64Array, shape: readonly number[]): Float64Array {
  const k = shape.length;
  const strides: number[] = [];
  let step = 1;
  for (const d of shape) {
    strides.push(step);
    step *= d;
  }
  const index = new Array<number>(k).fill(0);
  const out = new Float64Array(data.length);
  for (let i = 0; i < out.length; i++) {
    let at = 0;
    for (let j = 0; j < k; j++) at += (index[j] as number) * (strides[j] as number);
    out[i] = data[at] as number;
    // Next row-major index: the last axis runs fastest.
    for (let j = k - 1; j >= 0; j--) {
      index[j] = (index[j] as number) + 1;
      if ((index[j] as number) < (shape[j] as number)) break;
      index[j] = 0;
    }
  }
  return out;
}
