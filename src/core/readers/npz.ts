/**
 * NumPy `.npz` archives (`np.savez`, stored; `np.savez_compressed`, deflated): each `NAME.npy`
 * member goes through the .npy reader and is named `NAME`. A member is never inflated past the
 * size limit. Matrices and vectors are kept; scalars and N-D arrays are listed (a recurrent layer
 * such as Mamba's reads its N-D members again on demand). A member that cannot be read (an object
 * array, an unsupported dtype) is listed with its reason; the file is refused only when no member
 * can be analysed.
 */
import { WeightFileError } from '../errors';
import type { ByteSource } from './byteSource';
import { readNpyArray } from './npy';
import { sparseFromNpz } from './npzSparse';
import type { LayerTensor, TensorListing } from '../recurrences/types';
import { shapeText, skipReason, type RawFile, type RawTensor, type SkippedTensor } from './tensor';
import { memberDataOffset, openZip, readMember, type ZipEntry } from './zip';

/** An object array's header: numpy pickles its items, which are never read. */
const OBJECT_DESCR = /'descr'\s*:\s*'\|O'/;

export function readNpz(src: ByteSource, maxBytes: number): RawFile {
  const zip = openZip(src);
  const tensors: RawTensor[] = [];
  const skipped: SkippedTensor[] = [];
  const listing: TensorListing[] = [];
  const members = zip.entries.filter((e) => e.name.endsWith('.npy'));
  if (members.length === 0) throw new WeightFileError('an .npz archive with no .npy members', { kind: 'byte', offset: 0 });
  // A scipy.sparse.save_npz archive is one sparse matrix, not a set of arrays.
  const sparse = sparseFromNpz(src, zip.entries, maxBytes);
  if (sparse) return sparse;
  let budget = maxBytes;
  /** Members whose values are not kept (N-D arrays): read again if a recurrent layer asks. */
  const later = new Map<string, ZipEntry>();
  for (const entry of members) {
    const name = entry.name.slice(0, -4);
    const bytes = readMember(src, entry, budget);
    budget -= bytes.length;
    const located = (message: string, offset: number): WeightFileError =>
      new WeightFileError(`member '${entry.name}': ${message}`, { kind: 'byte', offset: place(src, entry, offset) });
    if (OBJECT_DESCR.test(new TextDecoder('latin1').decode(bytes.subarray(0, 256)))) {
      const error = located('an object array (pickled Python objects) is never read; save numeric arrays', 0);
      skipped.push({ name, shape: [], reason: 'an object array (pickled), not read', error });
      continue;
    }
    let a;
    try {
      a = readNpyArray(bytes, undefined);
    } catch (e) {
      if (!(e instanceof WeightFileError)) throw e;
      const offset = e.place.kind === 'byte' ? e.place.offset : 0;
      skipped.push({ name, shape: [], reason: e.message, error: located(e.message, offset) });
      continue;
    }
    listing.push({ name, shape: a.shape, dtype: a.dtype });
    // Matrices and vectors (biases, a Mamba layer's step bias) are kept; a scalar keeps its value
    // (a checkpoint's `step`); other arrays are listed for the recurrent-layer finder.
    if (a.shape.length === 1 || a.shape.length === 2) tensors.push({ name, shape: a.shape, data: a.data, dtype: a.dtype });
    else {
      const reason = skipReason(name, a.shape) ?? `${shapeText(a.shape)}, not a matrix`;
      skipped.push({ name, shape: a.shape, reason, ...(a.shape.length === 0 ? { value: a.data[0] as number } : {}) });
      later.set(name, entry);
    }
  }
  const read = (name: string): LayerTensor => {
    const kept = tensors.find((t) => t.name === name);
    if (kept) return { name, shape: kept.shape, dtype: kept.dtype, data: kept.data };
    const entry = later.get(name);
    if (!entry) throw new WeightFileError(`no readable array named ${name}`, { kind: 'byte', offset: 0 });
    const a = readNpyArray(readMember(src, entry, maxBytes), undefined);
    return { name, shape: a.shape, dtype: a.dtype, data: a.data };
  };
  return { tensors, skipped, listing, read };
}

/** A file offset for a place inside a member: exact for stored members, the member's header otherwise. */
function place(src: ByteSource, entry: ZipEntry, offset: number): number {
  return entry.method === 0 ? memberDataOffset(src, entry) + offset : entry.localHeaderOffset;
}
