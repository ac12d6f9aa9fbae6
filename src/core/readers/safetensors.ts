import { WeightFileError } from '../errors';
import { ELEMENT_TYPES, decodeElements, type ElementType } from './floats';
import type { RawFile, RawTensor, SkippedTensor } from './tensor';
import { elementCount, shapeText, skipReason } from './tensor';
import type { ByteSource } from './byteSource';
import type { LayerTensor, TensorListing } from '../recurrences/types';

const DTYPES: Record<string, ElementType> = {
  F64: 'f8', F32: 'f4', F16: 'f2', BF16: 'bf16',
  I8: 'i1', U8: 'u1', I16: 'i2', U16: 'u2', I32: 'i4', U32: 'u4', I64: 'i8', U64: 'u8',
};

const byteError = (message: string, offset: number): WeightFileError => new WeightFileError(message, { kind: 'byte', offset });

const size1 = (t: ElementType): number => ELEMENT_TYPES[t].size;

const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Reads a .safetensors file through random access: the header, then only the tensors that may be
 * matrices up front; every other tensor is listed and read on demand (`read`), so a large
 * checkpoint's embeddings and projections are never copied. Offsets are checked before any read.
 */
export function readSafetensors(source: ByteSource): RawFile {
  const size = source.size;
  if (size < 8) throw byteError(`the file is ${size} bytes, shorter than the 8-byte header length`, 0);
  const first = source.read(0, 8);
  const view = new DataView(first.buffer, first.byteOffset, first.byteLength);
  const headerLen = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLen > size - 8) {
    throw byteError(`the header length ${headerLen} runs past the end of the file (${size} bytes)`, 0);
  }
  const headerBytes = source.read(8, headerLen);
  const text = new TextDecoder('utf-8').decode(headerBytes);
  // Where a key sits in the header, in bytes from the start of the file (for error places).
  const placeOf = (key: string): number => {
    const at = text.indexOf(JSON.stringify(key));
    return at < 0 ? 8 : 8 + new TextEncoder().encode(text.slice(0, at)).length;
  };
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    const pos = /position (\d+)/.exec(e instanceof Error ? e.message : '')?.[1];
    const at = pos === undefined ? 8 : 8 + new TextEncoder().encode(text.slice(0, Number(pos))).length;
    throw byteError('the header is not valid JSON', at);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw byteError('the header must be a JSON object of tensors', 8);
  }
  const dataStart = 8 + headerLen;
  const dataLen = size - dataStart;
  const tensors: RawTensor[] = [];
  const skipped: SkippedTensor[] = [];
  let metadata: Record<string, string> | undefined;
  const listing: TensorListing[] = [];
  const located = new Map<string, { begin: number; count: number; type: ElementType; dtype: string; shape: number[] }>();
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = stringEntries(entry);
      continue;
    }
    const at = (): number => placeOf(name);
    if (typeof entry !== 'object' || entry === null) throw byteError(`${name}: expected {dtype, shape, data_offsets}`, at());
    const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
    if (!Array.isArray(shape) || !shape.every(isIndex)) throw byteError(`${name}: "shape" must be a list of non-negative integers`, at());
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)) {
      throw byteError(`${name}: "data_offsets" must be two non-negative integers`, at());
    }
    const [begin, end] = offsets as [number, number];
    if (begin > end || end > dataLen) {
      throw byteError(`${name}: data_offsets [${begin}, ${end}] run past the end of the data (${dataLen} bytes)`, at());
    }
    const type = typeof dtype === 'string' ? DTYPES[dtype] : undefined;
    if (type === undefined) {
      listing.push({ name, shape, dtype: String(dtype), unreadable: { reason: `dtype ${String(dtype)} is not supported`, offset: dataStart + begin } });
      skipped.push({ name, shape, reason: `dtype ${String(dtype)} is not supported` });
      continue;
    }
    const count = elementCount(shape);
    const size = ELEMENT_TYPES[type].size;
    if (count * size !== end - begin) {
      throw byteError(`${name}: shape ${shapeText(shape)} of ${String(dtype)} needs ${count * size} bytes, data_offsets give ${end - begin}`, at());
    }
    listing.push({ name, shape, dtype: ELEMENT_TYPES[type].name });
    located.set(name, { begin: dataStart + begin, count, type, dtype: ELEMENT_TYPES[type].name, shape });
    const skip = skipReason(name, shape);
    if (skip !== undefined) {
      // A scalar keeps its value: checkpoints store their `step` or `epoch` that way.
      const value = count === 1 ? decodeElements(source.read(dataStart + begin, size), 0, 1, type, true)[0] : undefined;
      skipped.push({ name, shape, reason: skip, ...(value === undefined ? {} : { value }) });
      continue;
    }
    tensors.push({ name, shape, data: decodeElements(source.read(dataStart + begin, count * size1(type)), 0, count, type, true), dtype: ELEMENT_TYPES[type].name });
  }
  const read = (name: string): LayerTensor => {
    const at = located.get(name);
    if (!at) throw byteError(`no readable tensor named ${name}`, 8);
    return { name, shape: at.shape, dtype: at.dtype, data: decodeElements(source.read(at.begin, at.count * size1(at.type)), 0, at.count, at.type, true) };
  };
  return { tensors, skipped, listing, read, ...(metadata ? { metadata } : {}) };
}

/** `__metadata__` is a string-to-string map by the format's rules; anything else in it is ignored. */
function stringEntries(entry: unknown): Record<string, string> | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(entry)) if (typeof v === 'string') out[k] = v;
  return out;
}
