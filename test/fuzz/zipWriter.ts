/**
 * A zip writer after APPNOTE 6.3 (local headers, central directory, end record, zip64 when asked),
 * for tests, the fuzz and the bench. `parts` yields the archive in pieces, so a large archive can
 * be streamed to a file; `writeZip` joins them for small ones.
 */
import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../../src/core/readers/crc32';

export interface ZipMember {
  readonly name: string;
  readonly data: Uint8Array;
  /** 0 stored (default), 8 deflated. */
  readonly method?: 0 | 8;
  /** Overrides the uncompressed size written in the headers (a lying member). */
  readonly claimedSize?: number;
  /** Overrides the deflated bytes (a handmade stream). */
  readonly compressed?: Uint8Array;
  /** Overrides the CRC-32 written in the headers. */
  readonly crc?: number;
}

const enc = new TextEncoder();

/** Little-endian fields into a fresh buffer. */
function fields(spec: readonly [number, 2 | 4 | 8][]): Uint8Array {
  const out = new Uint8Array(spec.reduce((s, [, n]) => s + n, 0));
  const v = new DataView(out.buffer);
  let p = 0;
  for (const [value, n] of spec) {
    if (n === 2) v.setUint16(p, value, true);
    else if (n === 4) v.setUint32(p, value >>> 0, true);
    else v.setBigUint64(p, BigInt(value), true);
    p += n;
  }
  return out;
}

/** The pieces of an archive, in order. With `zip64`, sizes and offsets go in zip64 fields. */
export function* zipParts(members: readonly ZipMember[], zip64 = false): Generator<Uint8Array> {
  const central: Uint8Array[] = [];
  let offset = 0;
  const FF = 0xffffffff;
  for (const m of members) {
    const method = m.method ?? 0;
    const body = m.compressed ?? (method === 8 ? new Uint8Array(deflateRawSync(m.data)) : m.data);
    const size = m.claimedSize ?? m.data.length;
    const crc = m.crc ?? crc32(m.data);
    const name = enc.encode(m.name);
    const extra = zip64 ? fields([[1, 2], [24, 2], [size, 8], [body.length, 8], [offset, 8]]) : new Uint8Array(0);
    const local = fields([[0x04034b50, 4], [zip64 ? 45 : 20, 2], [0x0800, 2], [method, 2], [0, 2], [0x21, 2], [crc, 4],
      [zip64 ? FF : body.length, 4], [zip64 ? FF : size, 4], [name.length, 2], [extra.length, 2]]);
    central.push(fields([[0x02014b50, 4], [zip64 ? 45 : 20, 2], [zip64 ? 45 : 20, 2], [0x0800, 2], [method, 2], [0, 2], [0x21, 2], [crc, 4],
      [zip64 ? FF : body.length, 4], [zip64 ? FF : size, 4], [name.length, 2], [extra.length, 2], [0, 2], [0, 2], [0, 2], [0, 4],
      [zip64 ? FF : offset, 4]]), name, extra);
    yield local;
    yield name;
    yield extra;
    yield body;
    offset += local.length + name.length + extra.length + body.length;
  }
  const dirSize = central.reduce((s, c) => s + c.length, 0);
  yield* central;
  if (zip64) {
    yield fields([[0x06064b50, 4], [44, 8], [45, 2], [45, 2], [0, 4], [0, 4], [members.length, 8], [members.length, 8], [dirSize, 8], [offset, 8]]);
    yield fields([[0x07064b50, 4], [0, 4], [offset + dirSize, 8], [1, 4]]);
  }
  const count = zip64 ? 0xffff : members.length;
  yield fields([[0x06054b50, 4], [0, 2], [0, 2], [count, 2], [count, 2], [zip64 ? FF : dirSize, 4], [zip64 ? FF : offset, 4], [0, 2]]);
}

export function writeZip(members: readonly ZipMember[], zip64 = false): Uint8Array {
  const parts = [...zipParts(members, zip64)];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}

/**
 * A raw deflate stream of `length` zeros written by hand (one fixed-Huffman block: a literal 0,
 * then <258, distance 1> copies): about 13 bits per 258 bytes, so 2 GiB of zeros take ~13 MB.
 */
export function zerosDeflated(length: number): { readonly stream: Uint8Array; readonly length: number } {
  const copies = Math.floor((length - 1) / 258);
  const tail = length - 1 - copies * 258;
  const out = new Uint8Array(Math.ceil((3 + 8 + copies * 13 + 13 + 7) / 8) + 2);
  let bit = 0;
  const put = (value: number, n: number): void => {
    for (let i = 0; i < n; i++, bit++) if ((value >> i) & 1) out[bit >> 3] = (out[bit >> 3] as number) | (1 << (bit & 7));
  };
  /** Huffman codes go most significant bit first. */
  const code = (value: number, n: number): void => {
    for (let i = n - 1; i >= 0; i--, bit++) if ((value >> i) & 1) out[bit >> 3] = (out[bit >> 3] as number) | (1 << (bit & 7));
  };
  put(1, 1); // BFINAL
  put(1, 2); // fixed Huffman
  code(0x30, 8); // literal 0
  for (let k = 0; k < copies; k++) {
    code(0xc5, 8); // length code 285 = 258
    code(0, 5); // distance code 0 = 1
  }
  // Lengths 3..10 are codes 257..264 (7 bits, no extra bits); a longer tail is cut to 10.
  const last = tail >= 3 ? Math.min(tail, 10) : 0;
  if (last > 0) {
    code(last - 2, 7);
    code(0, 5);
  }
  code(0, 7); // end of block
  return { stream: out.subarray(0, (bit + 7) >> 3), length: 1 + copies * 258 + last };
}
