/**
 * NumPy `.npz` archives (`np.savez`, stored; `np.savez_compressed`, deflated): each `NAME.npy`
 * member goes through the .npy reader and is named `NAME`. A member is never inflated past the
 * size limit. A member that cannot be read (an object array, a 3-D array) is listed with its
 * reason; the file is refused only when no member can be analysed.
 */
import { WeightFileError } from '../errors';
import type { ByteSource } from './byteSource';
import { readNpy } from './npy';
import { sparseFromNpz } from './npzSparse';
import type { RawFile, RawTensor, SkippedTensor } from './tensor';
import { memberDataOffset, openZip, readMember, type ZipEntry } from './zip';

/** An object array's header: numpy pickles its items, which are never read. */
const OBJECT_DESCR = /'descr'\s*:\s*'\|O'/;

export function readNpz(src: ByteSource, maxBytes: number): RawFile {
  const zip = openZip(src);
  const tensors: RawTensor[] = [];
  const skipped: SkippedTensor[] = [];
  const members = zip.entries.filter((e) => e.name.endsWith('.npy'));
  if (members.length === 0) throw new WeightFileError('an .npz archive with no .npy members', { kind: 'byte', offset: 0 });
  // A scipy.sparse.save_npz archive is one sparse matrix, not a set of arrays.
  const sparse = sparseFromNpz(src, zip.entries, maxBytes);
  if (sparse) return sparse;
  let budget = maxBytes;
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
    try {
      const raw = readNpy(bytes);
      for (const t of raw.tensors) tensors.push({ ...t, name });
    } catch (e) {
      if (!(e instanceof WeightFileError)) throw e;
      const offset = e.place.kind === 'byte' ? e.place.offset : 0;
      skipped.push({ name, shape: [], reason: e.message, error: located(e.message, offset) });
    }
  }
  return { tensors, skipped };
}

/** A file offset for a place inside a member: exact for stored members, the member's header otherwise. */
function place(src: ByteSource, entry: ZipEntry, offset: number): number {
  return entry.method === 0 ? memberDataOffset(src, entry) + offset : entry.localHeaderOffset;
}
