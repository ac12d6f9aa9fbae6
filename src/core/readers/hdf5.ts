/**
 * HDF5 through jsfive (pure JavaScript, synchronous, reads from a buffer): groups, attributes and
 * float datasets, with every failure turned into a WeightFileError that names the HDF5 path and
 * sits at the object's header address. The deflate filter is replaced by one that stops at the
 * dataset's own size, so a compressed chunk cannot inflate into more memory than the data it
 * claims to hold. Filters jsfive does not know (LZF, Blosc, Zstd, ...) are refused by name.
 */
import { Unzlib } from 'fflate';
import * as jsfive from 'jsfive';
import { errorMessage, WeightFileError } from '../errors';
import { elementCount, shapeText } from './tensor';
import { oneLine } from './text';

/** HDF5 filter ids that real files use beside deflate/shuffle/fletcher32, for messages. */
const FILTER_NAMES: Record<number, string> = {
  4: 'SZIP', 5: 'N-Bit', 6: 'Scale-Offset', 307: 'BZIP2', 32000: 'LZF', 32001: 'Blosc', 32004: 'LZ4', 32008: 'Bitshuffle', 32013: 'ZFP', 32015: 'Zstandard', 32017: 'SZ',
};
const FLOAT_DTYPES: Record<string, string> = { f2: 'float16', f4: 'float32', f8: 'float64' };

/** Bytes one inflated chunk may not exceed while a dataset is read (its whole size). */
let inflateCap = 0;

/** Deflate (filter 1: zlib streams) into at most `inflateCap` bytes; more means a damaged or hostile chunk. */
function cappedInflate(buffer: ArrayBuffer): ArrayBuffer {
  const parts: Uint8Array[] = [];
  let total = 0;
  let over = false;
  const inflater = new Unzlib((chunk) => {
    total += chunk.length;
    if (total > inflateCap) over = true;
    else parts.push(chunk);
  });
  const input = new Uint8Array(buffer);
  for (let at = 0; at < input.length && !over; at += 16384) inflater.push(input.subarray(at, at + 16384), at + 16384 >= input.length);
  if (over) throw new RangeError(`a deflated chunk inflates past the dataset's ${inflateCap} bytes`);
  const out = new Uint8Array(total);
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out.buffer;
}
jsfive.Filters.set(1, cappedInflate);

export type H5Group = jsfive.Group;
export type H5Dataset = jsfive.Dataset;

/** An open HDF5 file; `base` is where its bytes start in the file the user opened (a zip member). */
export interface H5File {
  readonly root: jsfive.Group;
  readonly base: number;
  readonly size: number;
  /** Whether offsets inside the HDF5 bytes are offsets of the user's file too (not inflated). */
  readonly exact: boolean;
}

const clean = (s: string): string => s.replace(/\0+$/, '');
const why = (e: unknown): string => clean(errorMessage(e)).replace(/^NotImplementedError\("(.*)"\)$/, '$1');

/** Where an object's header is, in the user's file. */
export function placeOf(file: H5File, obj: jsfive.Group | jsfive.Dataset | undefined): number {
  const at = obj?._dataobjects?.offset;
  return file.base + (file.exact && typeof at === 'number' && Number.isSafeInteger(at) && at >= 0 && at <= file.size ? at : 0);
}

export function h5Error(file: H5File, message: string, obj?: jsfive.Group | jsfive.Dataset): WeightFileError {
  return new WeightFileError(oneLine(message), { kind: 'byte', offset: placeOf(file, obj) });
}

/** Opens HDF5 bytes (superblock and root group). */
export function openHdf5(bytes: Uint8Array, base = 0, exact = true): H5File {
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  const buffer = own ? (bytes.buffer as ArrayBuffer) : new Uint8Array(bytes).buffer;
  try {
    return { root: new jsfive.File(buffer), base, size: bytes.length, exact };
  } catch (e) {
    throw new WeightFileError(oneLine(`not a readable HDF5 file (superblock or root group damaged: ${why(e)})`), { kind: 'byte', offset: base });
  }
}

/** The object at `path` under `group`, or undefined when there is none; damage is refused. */
export function h5Get(file: H5File, group: jsfive.Group, path: string): jsfive.Group | jsfive.Dataset | undefined {
  try {
    return group.get(path) ?? undefined;
  } catch (e) {
    const msg = why(e);
    if (/ not found in group$/.test(msg)) return undefined;
    throw h5Error(file, `HDF5 ${group.name.replace(/\/$/, '')}/${path}: cannot be read, the file is damaged or truncated (${msg})`, group);
  }
}

export const isGroup = (o: unknown): o is jsfive.Group => o instanceof jsfive.Group;
export const isDataset = (o: unknown): o is jsfive.Dataset => o instanceof jsfive.Dataset;

/** A group's member names, or a located refusal. */
export function h5Keys(file: H5File, group: jsfive.Group): string[] {
  try {
    return group.keys.slice();
  } catch (e) {
    throw h5Error(file, `HDF5 group ${group.name}: its member list cannot be read (${why(e)})`, group);
  }
}

/** A string or string-list attribute (Keras' `layer_names`, `weight_names`, `model_config`). */
export function h5Strings(file: H5File, obj: jsfive.Group | jsfive.Dataset, name: string): string[] | undefined {
  let attrs: Record<string, unknown>;
  try {
    attrs = obj.attrs;
  } catch (e) {
    throw h5Error(file, `HDF5 ${obj.name}: attributes cannot be read (${why(e)})`, obj);
  }
  if (!Object.prototype.hasOwnProperty.call(attrs, name)) return undefined;
  const v = attrs[name];
  if (typeof v === 'string') return [clean(v)];
  if (Array.isArray(v)) return v.map((s) => (typeof s === 'string' ? clean(s) : String(s)));
  if (v instanceof Uint8Array) return [clean(new TextDecoder().decode(v))];
  return [];
}

/** A float dataset as float64 row-major values, or a located refusal. */
export function h5Floats(file: H5File, ds: jsfive.Dataset, label: string): { shape: number[]; data: Float64Array; dtype: string } {
  let shape: number[];
  let dtype: unknown;
  try {
    shape = ds.shape.slice();
    dtype = ds.dtype;
  } catch (e) {
    throw h5Error(file, `${label}: its shape or type cannot be read (${why(e)})`, ds);
  }
  const m = typeof dtype === 'string' ? /^[<>=|]?f([248])$/.exec(dtype) : null;
  const type = m ? FLOAT_DTYPES[`f${m[1]}`] : undefined;
  if (!type) throw h5Error(file, `${label} holds ${typeof dtype === 'string' ? dtype : 'a compound or opaque type'}; only float16/32/64 datasets are read`, ds);
  const count = elementCount(shape);
  const bytes = count * Number(m?.[1]);
  if (!Number.isSafeInteger(bytes) || bytes > file.size * 1100) throw h5Error(file, `${label}: shape ${shapeText(shape)} is too large for this file`, ds);
  let value: unknown;
  inflateCap = Math.max(bytes, 64);
  try {
    value = ds.value;
  } catch (e) {
    const msg = why(e);
    const filter = /Filter with id:(\d+) not supported/.exec(msg);
    if (filter) {
      const id = Number(filter[1]);
      const name = FILTER_NAMES[id] ? ` (${FILTER_NAMES[id]})` : '';
      throw h5Error(file, `${label} is compressed with HDF5 filter ${id}${name}, which is not read; save it uncompressed or with gzip`, ds);
    }
    if (/^a deflated chunk inflates past/.test(msg)) throw h5Error(file, `${label}: ${msg}, so it was not inflated further (a decompression bomb?)`, ds);
    throw h5Error(file, `${label}: its data cannot be read, the file is damaged or truncated (${msg})`, ds);
  } finally {
    inflateCap = 0;
  }
  if (!value || typeof value !== 'object' || typeof (value as ArrayLike<number>).length !== 'number') {
    throw h5Error(file, `${label}: its storage layout is not read (compact or virtual)`, ds);
  }
  const arr = value as ArrayLike<number>;
  if (arr.length !== count) throw h5Error(file, `${label}: ${arr.length} values for shape ${shapeText(shape)}`, ds);
  return { shape, data: Float64Array.from(arr), dtype: type };
}
