/**
 * GGUF (llama.cpp) header: magic `GGUF`, version 2 or 3, tensor and metadata counts (u64), the
 * metadata key/value pairs (13 value types, arrays nested), the tensor infos (name, dims in ggml
 * order, type, offset) and the alignment (`general.alignment`, default 32) that places the data.
 * Every count is checked against the bytes left before anything is allocated, so a hostile
 * header ends in a located refusal, never a huge allocation or an endless loop.
 */
import { WeightFileError } from '../errors';
import type { ByteSource } from './byteSource';

export const GGUF_MAGIC = 0x46554747; // "GGUF" little-endian
const DEFAULT_ALIGNMENT = 32;
const MAX_DIMS = 4;
const MAX_ARRAY_DEPTH = 8;

/** ggml tensor types that hold plain numbers, and the quantised ones by name (listed, never read). */
export const GGML_PLAIN: Readonly<Record<number, { readonly name: string; readonly size: number; readonly element: 'f4' | 'f2' | 'bf16' | 'f8' | 'i1' | 'i2' | 'i4' | 'i8' }>> = {
  0: { name: 'F32', size: 4, element: 'f4' },
  1: { name: 'F16', size: 2, element: 'f2' },
  24: { name: 'I8', size: 1, element: 'i1' },
  25: { name: 'I16', size: 2, element: 'i2' },
  26: { name: 'I32', size: 4, element: 'i4' },
  27: { name: 'I64', size: 8, element: 'i8' },
  28: { name: 'F64', size: 8, element: 'f8' },
  30: { name: 'BF16', size: 2, element: 'bf16' },
};

const GGML_QUANTISED: Readonly<Record<number, string>> = {
  2: 'Q4_0', 3: 'Q4_1', 6: 'Q5_0', 7: 'Q5_1', 8: 'Q8_0', 9: 'Q8_1', 10: 'Q2_K', 11: 'Q3_K', 12: 'Q4_K',
  13: 'Q5_K', 14: 'Q6_K', 15: 'Q8_K', 16: 'IQ2_XXS', 17: 'IQ2_XS', 18: 'IQ3_XXS', 19: 'IQ1_S', 20: 'IQ4_NL',
  21: 'IQ3_S', 22: 'IQ2_S', 23: 'IQ4_XS', 29: 'IQ1_M', 34: 'TQ1_0', 35: 'TQ2_0',
};

export const ggmlTypeName = (t: number): string => GGML_PLAIN[t]?.name ?? GGML_QUANTISED[t] ?? `type ${t}`;

export type GgufValue = number | bigint | boolean | string | GgufValue[];

export interface GgufTensorInfo {
  readonly name: string;
  /** Row-major shape: ggml's ne (fastest first) reversed. */
  readonly shape: number[];
  readonly type: number;
  /** Absolute byte offset of the data in the file. */
  readonly offset: number;
  /** Where the tensor's info starts, for messages. */
  readonly infoAt: number;
}

export interface GgufHeader {
  readonly version: number;
  readonly metadata: Map<string, GgufValue>;
  readonly tensors: GgufTensorInfo[];
  readonly alignment: number;
  readonly dataStart: number;
}

const err = (message: string, offset: number): WeightFileError => new WeightFileError(message, { kind: 'byte', offset });

/** Fixed-size metadata value types: byte size and reader. */
const FIXED: Readonly<Record<number, readonly [number, (v: DataView, p: number) => GgufValue]>> = {
  0: [1, (v, p) => v.getUint8(p)],
  1: [1, (v, p) => v.getInt8(p)],
  2: [2, (v, p) => v.getUint16(p, true)],
  3: [2, (v, p) => v.getInt16(p, true)],
  4: [4, (v, p) => v.getUint32(p, true)],
  5: [4, (v, p) => v.getInt32(p, true)],
  6: [4, (v, p) => v.getFloat32(p, true)],
  7: [1, (v, p) => v.getUint8(p) !== 0],
  10: [8, (v, p) => v.getBigUint64(p, true)],
  11: [8, (v, p) => v.getBigInt64(p, true)],
  12: [8, (v, p) => v.getFloat64(p, true)],
};

/**
 * A bounds-checked little-endian cursor over the file's first bytes, fetched from the source as
 * far as the header goes (a tokenizer's vocabulary can make it megabytes; the tensors stay unread).
 */
class Cursor {
  pos = 0;
  view: DataView;
  private buf: Uint8Array = new Uint8Array(0);
  constructor(private readonly source: ByteSource) {
    this.view = new DataView(this.buf.buffer);
  }
  /** Bytes left in the file. */
  get left(): number {
    return this.source.size - this.pos;
  }
  need(n: number, what: string): void {
    if (n > this.left) throw err(`the file ends inside ${what} (needs ${n} bytes, ${this.left} left)`, this.pos);
    if (this.pos + n <= this.buf.length) return;
    const want = Math.min(this.source.size, Math.max(2 * this.buf.length, this.pos + n, 1 << 16));
    this.buf = this.source.read(0, want);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }
  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  /** A u64 that must be a safe integer (a count, a length, an offset). */
  u64(what: string): number {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw err(`${what} is ${v}, beyond any file`, this.pos);
    this.pos += 8;
    return Number(v);
  }
  string(what: string): string {
    const at = this.pos;
    const n = this.u64(`the length of ${what}`);
    if (n > this.left) throw err(`${what} claims ${n} bytes, ${this.left} left`, at);
    this.need(n, what);
    const s = new TextDecoder('utf-8').decode(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }
  value(type: number, what: string, depth: number): GgufValue {
    const f = FIXED[type];
    if (f) {
      this.need(f[0], what);
      const out = f[1](this.view, this.pos);
      this.pos += f[0];
      return out;
    }
    if (type === 8) return this.string(what);
    if (type === 9) {
      if (depth >= MAX_ARRAY_DEPTH) throw err(`${what}: arrays nested deeper than ${MAX_ARRAY_DEPTH}`, this.pos);
      const at = this.pos;
      const inner = this.u32(`the element type of ${what}`);
      const n = this.u64(`the length of ${what}`);
      // Every element takes at least one byte: a longer claim cannot be true.
      if (n > this.left) throw err(`${what} claims ${n} elements, ${this.left} bytes left`, at);
      const out: GgufValue[] = [];
      for (let i = 0; i < n; i++) out.push(this.value(inner, `${what}[${i}]`, depth + 1));
      return out;
    }
    throw err(`${what} has an unknown value type ${type}`, this.pos - 4);
  }
}

/** Parses the header of a GGUF file, reading only as far as the header goes. */
export function parseGgufHeader(source: ByteSource): GgufHeader {
  const size = source.size;
  const c = new Cursor(source);
  if (c.left < 4 || c.u32('the magic') !== GGUF_MAGIC) throw err('not a GGUF file (the first 4 bytes are not "GGUF")', 0);
  const version = c.u32('the version');
  if (version !== 2 && version !== 3) throw err(`GGUF version ${version} is not supported (2 and 3 are)`, 4);
  const tensorCount = c.u64('the tensor count');
  const kvCount = c.u64('the metadata count');
  // A key/value pair takes at least 13 bytes, a tensor info at least 24.
  if (kvCount * 13 > c.left) throw err(`the header claims ${kvCount} metadata entries, more than the file can hold`, 16);
  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = c.string(`metadata key ${i + 1}`);
    const type = c.u32(`the type of '${key}'`);
    metadata.set(key, c.value(type, `the value of '${key}'`, 0));
  }
  if (tensorCount * 24 > c.left) throw err(`the header claims ${tensorCount} tensors, more than the file can hold`, 8);
  const alignment = alignmentOf(metadata);
  const infos: Omit<GgufTensorInfo, 'offset'>[] = [];
  const relative: number[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const infoAt = c.pos;
    const name = c.string(`the name of tensor ${i + 1}`);
    const nDims = c.u32(`the dimension count of '${name}'`);
    if (nDims > MAX_DIMS) throw err(`'${name}' has ${nDims} dimensions; GGUF allows at most ${MAX_DIMS}`, c.pos - 4);
    const ne: number[] = [];
    for (let d = 0; d < nDims; d++) ne.push(c.u64(`dimension ${d} of '${name}'`));
    const type = c.u32(`the type of '${name}'`);
    const at = c.pos;
    const off = c.u64(`the offset of '${name}'`);
    if (off % alignment !== 0) throw err(`'${name}': data offset ${off} is not a multiple of the alignment ${alignment}`, at);
    infos.push({ name, shape: ne.reverse(), type, infoAt });
    relative.push(off);
  }
  const dataStart = Math.ceil(c.pos / alignment) * alignment;
  const tensors = infos.map((t, i) => ({ ...t, offset: dataStart + (relative[i] as number) }));
  for (const t of tensors) {
    const plain = GGML_PLAIN[t.type];
    const count = t.shape.reduce((a, b) => a * b, 1);
    const end = plain ? t.offset + count * plain.size : t.offset;
    if (!Number.isSafeInteger(end) || end > size) {
      throw err(`'${t.name}' [${t.shape.join('×')}] ${ggmlTypeName(t.type)}: its data (from byte ${t.offset}) runs past the end of the file (${size} bytes)`, t.infoAt);
    }
  }
  return { version, metadata, tensors, alignment, dataStart };
}

function alignmentOf(metadata: ReadonlyMap<string, GgufValue>): number {
  const a = metadata.get('general.alignment');
  if (a === undefined) return DEFAULT_ALIGNMENT;
  if (typeof a !== 'number' || !Number.isInteger(a) || a <= 0 || (a & (a - 1)) !== 0) {
    throw err(`general.alignment must be a power of two, got ${String(a)}`, 0);
  }
  return a;
}
