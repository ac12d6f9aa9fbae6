/**
 * Zip archives read by offset through a ByteSource: the central directory (zip64 too) is parsed
 * once, and a member's bytes are read only when asked for. Stored and deflated members; a deflated
 * member is inflated into exactly the size its directory entry claims, never past it, so a bomb is
 * refused at the limit rather than after. Every refusal is a WeightFileError at a byte offset.
 *
 * API: `openZip(source)` → `{ entries, get(name) }`; `readMember(source, entry, maxBytes)` → the
 * member's bytes (CRC checked, read-only); `memberDataOffset(source, entry)` → where a stored member's bytes
 * start, for callers that read slices of it themselves.
 */
import { Inflate } from 'fflate';
import { errorMessage, WeightFileError } from '../errors';
import type { ByteSource } from './byteSource';
import { crc32 } from './crc32';

export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflated; other methods are listed but refused when read. */
  readonly method: number;
  readonly compressedSize: number;
  /** Uncompressed size, as the central directory claims it. */
  readonly size: number;
  readonly crc32: number;
  readonly localHeaderOffset: number;
  /** Where the entry's central directory record is (for error places). */
  readonly recordOffset: number;
}

export interface ZipArchive {
  readonly entries: readonly ZipEntry[];
  get(name: string): ZipEntry | undefined;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
/** Most entries a central directory may list (a hostile count must not drive allocation). */
const MAX_ENTRIES = 1_000_000;
/** Compressed bytes fed to the inflater per step: bounds what one step can produce (≤ 1032×). */
const INFLATE_CHUNK = 16 * 1024;

const fail = (message: string, offset: number): never => {
  throw new WeightFileError(message, { kind: 'byte', offset });
};

const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);
const u64 = (v: DataView, at: number): number => v.getUint32(at, true) + v.getUint32(at + 4, true) * 2 ** 32;

/** Whether the bytes start like a zip archive (a local header, or an empty archive's end record). */
export function hasZipMagic(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

/** Finds the end-of-central-directory record in the last 64 KiB + 22 bytes. */
function findEnd(src: ByteSource): number {
  const span = Math.min(src.size, 22 + 0xffff);
  const base = src.size - span;
  const tail = src.read(base, span);
  const v = view(tail);
  for (let i = span - 22; i >= 0; i--) {
    if (v.getUint32(i, true) === EOCD_SIG && i + 22 + v.getUint16(i + 20, true) <= span) return base + i;
  }
  return fail('not a zip archive, or a truncated one: no end-of-central-directory record', src.size);
}

interface Directory {
  readonly count: number;
  readonly offset: number;
  readonly size: number;
}

function readDirectory(src: ByteSource, end: number): Directory {
  const e = view(src.read(end, 22));
  let count = e.getUint16(10, true);
  let size = e.getUint32(12, true);
  let offset = e.getUint32(16, true);
  if ((count === 0xffff || size === 0xffffffff || offset === 0xffffffff) && end >= 20) {
    const loc = view(src.read(end - 20, 20));
    if (loc.getUint32(0, true) === ZIP64_LOCATOR_SIG) {
      const at = u64(loc, 8);
      if (at + 56 > end) fail(`the zip64 end record offset ${at} is outside the archive`, end - 20);
      const z = view(src.read(at, 56));
      if (z.getUint32(0, true) !== ZIP64_EOCD_SIG) fail('no zip64 end-of-central-directory record where its locator points', at);
      count = u64(z, 32);
      size = u64(z, 40);
      offset = u64(z, 48);
    }
  }
  if (count > MAX_ENTRIES) fail(`the archive claims ${count} members, more than ${MAX_ENTRIES}`, end);
  if (offset + size > end) fail(`the central directory (${size} bytes at ${offset}) runs past its end record: truncated or not a zip`, end);
  return { count, offset, size };
}

/** Applies the zip64 extra field (id 1) to the fields that overflowed 32 bits. */
function zip64Fields(extra: DataView, sizes: { size: number; compressedSize: number; localHeaderOffset: number }, at: number): void {
  for (let i = 0; i + 4 <= extra.byteLength; ) {
    const id = extra.getUint16(i, true);
    const len = extra.getUint16(i + 2, true);
    if (i + 4 + len > extra.byteLength) fail('an extra field runs past its record', at);
    if (id === 1) {
      let p = i + 4;
      const take = (): number => {
        if (p + 8 > i + 4 + len) return fail('the zip64 extra field is too short for the sizes it must hold', at);
        const value = u64(extra, p);
        p += 8;
        return value;
      };
      if (sizes.size === 0xffffffff) sizes.size = take();
      if (sizes.compressedSize === 0xffffffff) sizes.compressedSize = take();
      if (sizes.localHeaderOffset === 0xffffffff) sizes.localHeaderOffset = take();
    }
    i += 4 + len;
  }
}

/** Reads the central directory; member bytes are not touched. */
export function openZip(src: ByteSource): ZipArchive {
  const end = findEnd(src);
  const dir = readDirectory(src, end);
  const bytes = src.read(dir.offset, dir.size);
  const v = view(bytes);
  const decoder = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  const byName = new Map<string, ZipEntry>();
  let p = 0;
  for (let k = 0; k < dir.count; k++) {
    const at = dir.offset + p;
    if (p + 46 > bytes.length) fail(`the central directory ends inside member record ${k + 1} of ${dir.count}`, at);
    if (v.getUint32(p, true) !== CENTRAL_SIG) fail(`member record ${k + 1} of ${dir.count} has no central-directory signature`, at);
    const nameLen = v.getUint16(p + 28, true);
    const extraLen = v.getUint16(p + 30, true);
    const commentLen = v.getUint16(p + 32, true);
    if (p + 46 + nameLen + extraLen + commentLen > bytes.length) fail(`member record ${k + 1} runs past the central directory`, at);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    const sizes = { compressedSize: v.getUint32(p + 20, true), size: v.getUint32(p + 24, true), localHeaderOffset: v.getUint32(p + 42, true) };
    zip64Fields(new DataView(bytes.buffer, bytes.byteOffset + p + 46 + nameLen, extraLen), sizes, at);
    if (sizes.localHeaderOffset + 30 > dir.offset) fail(`member '${name}': its local header offset ${sizes.localHeaderOffset} is outside the archive`, at);
    const entry: ZipEntry = { name, method: v.getUint16(p + 10, true), crc32: v.getUint32(p + 16, true), ...sizes, recordOffset: at };
    entries.push(entry);
    if (!byName.has(name)) byName.set(name, entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { entries, get: (name) => byName.get(name) };
}

/** Where a member's bytes start (after its local header), checked to lie within the archive. */
export function memberDataOffset(src: ByteSource, entry: ZipEntry): number {
  const at = entry.localHeaderOffset;
  if (at + 30 > src.size) fail(`member '${entry.name}': its local header is past the end of the archive`, Math.min(at, src.size));
  const h = view(src.read(at, 30));
  if (h.getUint32(0, true) !== LOCAL_SIG) fail(`member '${entry.name}': no local header at byte ${at}`, at);
  const start = at + 30 + h.getUint16(26, true) + h.getUint16(28, true);
  if (start + entry.compressedSize > src.size) {
    fail(`member '${entry.name}': its ${entry.compressedSize} bytes run past the end of the archive (truncated?)`, Math.min(start, src.size));
  }
  return start;
}

const sizeText = (n: number): string => (n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(0)} MB` : `${n} bytes`);

/**
 * A member's uncompressed bytes. Refuses, before reading, a member whose claimed size passes
 * `maxBytes`; a deflated member that inflates past (or short of) its claim is refused as soon as
 * that shows, and the CRC-32 is checked. A stored member may come back as a view of the source's
 * memory: read it, never write to it.
 */
export function readMember(src: ByteSource, entry: ZipEntry, maxBytes: number): Uint8Array {
  const at = entry.recordOffset;
  const label = `member '${entry.name}'`;
  if (entry.size > maxBytes) fail(`${label} is ${sizeText(entry.size)} uncompressed, more than the limit of ${sizeText(maxBytes)}`, at);
  const start = memberDataOffset(src, entry);
  let out: Uint8Array;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) fail(`${label} is stored but claims ${entry.compressedSize} bytes on disk and ${entry.size} uncompressed`, at);
    // The source's bytes as they are (a view of memory it holds, or a fresh read): no second copy.
    out = src.read(start, entry.size);
    if (out.length !== entry.size) fail(`${label} ends after ${out.length} of its ${entry.size} bytes (truncated?)`, start + out.length);
  } else if (entry.method === 8) {
    out = inflateCapped(src, start, entry, label);
  } else {
    return fail(`${label} uses compression method ${entry.method}; only stored (0) and deflated (8) members are read`, at);
  }
  if (crc32(out) !== entry.crc32) fail(`${label}: CRC-32 mismatch, the data is damaged`, start);
  return out;
}

/** Inflates into a buffer of exactly the claimed size; more output than that stops the inflater. */
function inflateCapped(src: ByteSource, start: number, entry: ZipEntry, label: string): Uint8Array {
  const out = new Uint8Array(entry.size);
  let filled = 0;
  let done = false;
  let over = false;
  const inflater = new Inflate((chunk, final) => {
    if (filled + chunk.length > out.length) {
      over = true;
      return;
    }
    out.set(chunk, filled);
    filled += chunk.length;
    if (final) done = true;
  });
  let p = 0;
  try {
    while (!done && !over && p < entry.compressedSize) {
      const n = Math.min(INFLATE_CHUNK, entry.compressedSize - p);
      inflater.push(src.read(start + p, n), p + n === entry.compressedSize);
      p += n;
    }
  } catch (e) {
    const why = errorMessage(e);
    fail(`${label}: the deflated data is damaged (${why})`, start + p);
  }
  if (over) fail(`${label} inflates to more than the ${entry.size} bytes its directory entry claims`, start + p);
  if (!done || filled !== entry.size) fail(`${label} inflates to ${filled} bytes, its directory entry claims ${entry.size}`, start + p);
  return out;
}
