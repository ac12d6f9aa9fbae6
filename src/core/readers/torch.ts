/**
 * PyTorch `torch.save` files, read as data: the zip format (`<archive>/data.pkl` plus one stored
 * member per storage, read by offset only for the tensors that may be analysed) and the legacy
 * format (magic number, protocol, sys info, object and key pickles, then raw storages).
 */
import { WeightFileError } from '../errors';
import type { ByteSource } from './byteSource';
import { ELEMENT_TYPES, type ElementType } from './floats';
import { TorchType, itemsOf, type PyValue, type StorageRef } from './pickleValues';
import { mayBeRecurrent } from './names';
import { mayMatter } from './tensor';
import { TORCH_FLOATS, gather, viewExtent } from './strided';
import type { RawFile, RawTensor, SkippedTensor } from './tensor';
import type { LayerTensor, TensorListing } from '../recurrences/types';
import { shapeText } from './tensor';
import { findTensors, type FoundTensor } from './torchTensors';
import { unpickle, type Unpickled } from './unpickler';
import { hasZipMagic, memberDataOffset, openZip, readMember } from './zip';

/** The legacy format's first pickle: LONG1 0x1950a86a20f9469cfc6c after PROTO 2. */
const LEGACY_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

export const hasTorchLegacyMagic = (head: Uint8Array): boolean => LEGACY_MAGIC.every((b, i) => head[i] === b);

const byteError = (message: string, offset: number): WeightFileError => new WeightFileError(message, { kind: 'byte', offset });

/** Where a storage's bytes are: a range of the file, with the element count it holds. */
interface StorageData {
  readonly label: string;
  readonly at: number;
  /** Bytes of the storage, fetched when a tensor needs them. */
  readonly load: () => Uint8Array;
}

/** Turns a pickle's persistent id ('storage', type, key, location, numel[, view]) into a StorageRef. */
function storageRef(pid: PyValue, at: number): StorageRef {
  const t = itemsOf(pid);
  const [tag, type, key, , numel, viewMeta] = t ?? [];
  if (tag !== 'storage' || typeof key !== 'string' || typeof numel !== 'number' || !Number.isSafeInteger(numel) || numel < 0) {
    throw byteError("a persistent id that is not ('storage', type, key, location, size)", at);
  }
  const dtype = type instanceof TorchType ? type.dtype : 'unknown';
  const view = itemsOf(viewMeta ?? null);
  if (view && typeof view[0] === 'string' && typeof view[1] === 'number') {
    return { kind: 'storage', key: view[0], dtype, numel: typeof view[2] === 'number' ? view[2] : numel, viewOffset: view[1] };
  }
  return { kind: 'storage', key, dtype, numel, viewOffset: 0 };
}

/** Biases and other vectors longer than this are listed, not read. */
const MAX_VECTOR = 1 << 20;

/**
 * Why a tensor's storage is not read, or undefined when it may be analysed (a square matrix, a
 * gate stack named as a recurrent weight) or attached (a vector, such as a bias).
 */
function unreadReason(name: string, shape: readonly number[]): string | undefined {
  if (shape.length === 0) return 'a scalar';
  if (shape.length > 2) return `a ${shape.length}-D tensor`;
  if (shape.length === 1) return (shape[0] as number) > MAX_VECTOR ? 'a vector too long to be a bias' : undefined;
  if (!mayMatter(shape)) return 'neither square nor a gate stack';
  if (shape[0] !== shape[1] && !mayBeRecurrent(name)) return 'shaped like a gate stack but not named as a recurrent weight (weight_hh)';
  return undefined;
}

/**
 * Reads the recurrent-candidate tensors' values; everything else is listed without reading, and
 * read on demand (`read`) when a modern recurrence needs it (a Mamba A_log is [D, N]).
 */
function collect(found: readonly FoundTensor[], storages: (key: string) => StorageData, littleEndian: boolean): RawFile {
  const tensors: RawTensor[] = [];
  const skipped: SkippedTensor[] = [];
  const cache = new Map<string, Uint8Array>();
  const values = (name: string, tensor: FoundTensor['tensor'], type: ElementType): Float64Array => {
    const { shape, stride, offset, storage } = tensor;
    const data = storages(storage.key);
    let bytes = cache.get(storage.key);
    if (!bytes) {
      bytes = data.load();
      cache.set(storage.key, bytes);
    }
    const held = Math.floor(bytes.length / ELEMENT_TYPES[type].size);
    const extent = viewExtent(offset, shape, stride);
    if (!(extent <= held)) {
      throw byteError(`${name}: offset ${offset} with shape ${shapeText(shape)} and strides (${stride.join(', ')}) reaches element ${extent}, its storage ${data.label} holds ${held}`, data.at);
    }
    return gather(bytes, type, littleEndian, offset, shape, stride);
  };
  for (const { name, tensor } of found) {
    const { shape, storage } = tensor;
    const type = TORCH_FLOATS[storage.dtype];
    const why = unreadReason(name, shape);
    if (why !== undefined) {
      skipped.push({ name, shape, reason: `${shapeText(shape)}, ${why}` });
      continue;
    }
    if (type === undefined) {
      skipped.push({ name, shape, reason: `${storage.dtype} tensors are not analysed (float64, float32, float16 and bfloat16 are)` });
      continue;
    }
    tensors.push({ name, shape, data: values(name, tensor, type), dtype: ELEMENT_TYPES[type].name });
  }
  return { tensors, skipped, ...onDemand(found, storages, values) };
}

/** Every tensor by name, and a reader of any float one (for modern recurrences, found by name). */
function onDemand(found: readonly FoundTensor[], storages: (key: string) => StorageData, values: (name: string, t: FoundTensor['tensor'], type: ElementType) => Float64Array): Pick<RawFile, 'listing' | 'read'> {
  const byName = new Map(found.map((f) => [f.name, f.tensor]));
  const listing: TensorListing[] = found.map(({ name, tensor }) => {
    const type = TORCH_FLOATS[tensor.storage.dtype];
    if (type !== undefined) return { name, shape: tensor.shape, dtype: ELEMENT_TYPES[type].name };
    const at = storageOffset(storages, tensor.storage.key);
    return { name, shape: tensor.shape, dtype: tensor.storage.dtype, unreadable: { reason: `${tensor.storage.dtype} tensors are not analysed`, offset: at } };
  });
  const read = (name: string): LayerTensor => {
    const tensor = byName.get(name);
    const type = tensor && TORCH_FLOATS[tensor.storage.dtype];
    if (!tensor || type === undefined) throw new WeightFileError(`no readable tensor named ${name}`, { kind: 'file' });
    return { name, shape: tensor.shape, dtype: ELEMENT_TYPES[type].name, data: values(name, tensor, type) };
  };
  return { listing, read };
}

/** Where a storage's bytes start, or 0 when the archive lacks it (that refusal comes when it is read). */
function storageOffset(storages: (key: string) => StorageData, key: string): number {
  try {
    return storages(key).at;
  } catch {
    return 0;
  }
}

/** The notes a checkpoint read adds to the report: the globals that were not run. */
const notesOf = (u: Unpickled): string[] => (u.notRun.length > 0 ? [`not run (read as data only): ${u.notRun.join(', ')}`] : []);

export interface TorchRead extends RawFile {
  readonly notes: readonly string[];
}

function finish(u: Unpickled, raw: RawFile, found: ReturnType<typeof findTensors>): TorchRead {
  return { ...raw, notes: notesOf(u), metadata: found.counters };
}

interface ZipIndex {
  readonly unpickled: Unpickled;
  readonly found: ReturnType<typeof findTensors>;
  readonly storages: (key: string) => StorageData;
  readonly littleEndian: boolean;
}

/** Opens a zip-format checkpoint and unpickles data.pkl; no storage is read yet. */
function indexZip(src: ByteSource, maxBytes: number): ZipIndex {
  const zip = openZip(src);
  const pkl = zip.entries.find((e) => /^(?:[^/]*\/)?data\.pkl$/.test(e.name));
  if (!pkl) throw byteError('a zip archive without data.pkl: not a torch.save checkpoint', 0);
  const prefix = pkl.name.slice(0, pkl.name.length - 'data.pkl'.length);
  const order = zip.get(`${prefix}byteorder`);
  const littleEndian = !order || new TextDecoder().decode(readMember(src, order, 64)).trim() !== 'big';
  const base = memberDataOffset(src, pkl);
  const unpickled = unpickle(readMember(src, pkl, maxBytes), { base, label: pkl.name, persistentLoad: storageRef });
  const found = findTensors(unpickled.value, pkl.name, base);
  const storages = (key: string): StorageData => {
    const entry = zip.get(`${prefix}data/${key}`);
    if (!entry) throw byteError(`storage '${key}' has no member ${prefix}data/${key} in the archive`, base);
    return { label: entry.name, at: entry.localHeaderOffset, load: () => readMember(src, entry, maxBytes) };
  };
  return { unpickled, found, storages, littleEndian };
}

/** The tensors of a zip-format checkpoint (name, shape, element type), without reading any storage. */
export function listTorchZip(src: ByteSource, maxBytes: number): { name: string; shape: readonly number[]; dtype: string }[] {
  return indexZip(src, maxBytes).found.tensors.map((t) => ({ name: t.name, shape: t.tensor.shape, dtype: t.tensor.storage.dtype }));
}

/** A zip-format checkpoint: only data.pkl and the storages of candidate tensors are read. */
export function readTorchZip(src: ByteSource, maxBytes: number): TorchRead {
  const ix = indexZip(src, maxBytes);
  return finish(ix.unpickled, collect(ix.found.tensors, ix.storages, ix.littleEndian), ix.found);
}

/** A legacy (non-zip) checkpoint: five pickles, then each storage as an int64 count and its bytes. */
export function readTorchLegacy(src: ByteSource, maxBytes: number): TorchRead {
  if (src.size > maxBytes) throw new WeightFileError(`the legacy checkpoint is ${src.size} bytes, more than the limit of ${maxBytes}`, { kind: 'file' });
  const bytes = src.read(0, src.size);
  const label = 'legacy checkpoint';
  let at = 0;
  const next = (persistentLoad?: (pid: PyValue, at: number) => PyValue): Unpickled => {
    const u = unpickle(bytes, { base: 0, start: at, label, ...(persistentLoad ? { persistentLoad } : {}) });
    at = u.end;
    return u;
  };
  next(); // magic number, checked by the caller's detection
  const protocol = next().value;
  if (protocol !== 1001) throw byteError(`${label}: protocol version ${String(protocol)}, expected 1001`, at);
  const info = next().value;
  const littleEndian = !(info && typeof info === 'object' && 'map' in info && (info.map as Map<unknown, unknown>).get('little_endian') === false);
  const dtypes = new Map<string, string>();
  const objectAt = at;
  const u = next((pid, where) => {
    const ref = storageRef(pid, where);
    const root = itemsOf(itemsOf(pid)?.[5] ?? null)?.[0];
    dtypes.set(typeof root === 'string' ? root : ref.key, ref.dtype);
    return ref;
  });
  const keys = itemsOf(next().value);
  if (!keys || !keys.every((k): k is string => typeof k === 'string')) throw byteError(`${label}: the storage key list is not a list of strings`, at);
  const places = new Map<string, { at: number; bytes: number }>();
  for (const key of keys) {
    const dtype = dtypes.get(key) ?? 'unknown';
    const float = TORCH_FLOATS[dtype];
    const elem = float ? ELEMENT_TYPES[float].size : legacyElementSize(dtype);
    if (at + 8 > bytes.length) throw byteError(`${label}: the file ends before storage '${key}'`, bytes.length);
    const view = new DataView(bytes.buffer, bytes.byteOffset + at, 8);
    const count = view.getUint32(littleEndian ? 0 : 4, littleEndian) + view.getUint32(littleEndian ? 4 : 0, littleEndian) * 2 ** 32;
    const length = count * elem;
    if (!(at + 8 + length <= bytes.length)) throw byteError(`${label}: storage '${key}' claims ${count} elements, past the end of the file (truncated?)`, at);
    places.set(key, { at: at + 8, bytes: length });
    at += 8 + length;
  }
  const found = findTensors(u.value, label, objectAt);
  const storages = (key: string): StorageData => {
    const p = places.get(key);
    if (!p) throw byteError(`${label}: storage '${key}' is not in the file's key list`, objectAt);
    return { label: `'${key}'`, at: p.at, load: () => bytes.subarray(p.at, p.at + p.bytes) };
  };
  return finish(u, collect(found.tensors, storages, littleEndian), found);
}

const LEGACY_SIZES: Record<string, number> = { int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1, complex64: 8, complex128: 16, qint8: 1, quint8: 1, qint32: 4 };
function legacyElementSize(dtype: string): number {
  const s = LEGACY_SIZES[dtype];
  if (s === undefined) throw byteError(`a storage of unknown type '${dtype}' in a legacy checkpoint`, 0);
  return s;
}

/** A torch.save file of either format, told apart by its first bytes. */
export function readTorch(src: ByteSource, maxBytes: number): TorchRead {
  const head = src.read(0, Math.min(src.size, LEGACY_MAGIC.length));
  if (hasZipMagic(head)) return readTorchZip(src, maxBytes);
  if (hasTorchLegacyMagic(head)) return readTorchLegacy(src, maxBytes);
  throw byteError('not a torch.save checkpoint: neither a zip archive nor the legacy pickle format', 0);
}
