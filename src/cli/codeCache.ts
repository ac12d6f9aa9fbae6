/**
 * The CLI bundle's V8 code cache file: `RGLCC1`, the bundle's byte length (uint32 LE), the bundle
 * bytes themselves, then V8's cached data. Keeping the bundle bytes lets a run check, with one
 * memory compare and no hashing, that the cache was made from exactly the bundle it is about to
 * run: V8's own check compares only the source length, so a rebuilt bundle of the same length
 * would otherwise get another build's bytecode.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';

export const CACHE_SUFFIX = '.cache';
/**
 * V8 flags of every CLI process, set before the bundle is compiled. Without TurboFan inlining the
 * large numeric kernels compile in a fraction of the time: a one-shot run does far less
 * background compiling for the same main-thread time (measured in cold runs on 2 loaded cores:
 * n = 64 -9 ms, n = 256 -60 ms wall; n = 1024 unchanged). V8's cache check covers the flags, so
 * the build's sample runs set the same ones.
 */
export const CLI_V8_FLAGS: readonly string[] = ['--no-turbo-inlining'];

/** Set to `1` by the build's sample runs (scripts/cliCodeCache.mjs) to write the cache on exit. */
export const WRITE_CACHE_ENV = 'RGL_WRITE_CLI_CODE_CACHE';

const MAGIC = Buffer.from('RGLCC1', 'latin1');
const HEADER = MAGIC.length + 4;

/** The CommonJS wrapper the bundle runs in; the same text when the cache is made and used. */
export function wrapBundle(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

export function encodeCodeCache(source: Uint8Array, cachedData: Uint8Array): Buffer {
  const header = Buffer.alloc(HEADER);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(source.length, MAGIC.length);
  return Buffer.concat([header, source, cachedData]);
}

/** V8's cached data when `file` was made from exactly `source`, else undefined. */
export function cachedDataFor(file: Uint8Array | undefined, source: Uint8Array): Buffer | undefined {
  if (file === undefined || file.length <= HEADER + source.length) return undefined;
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (!buf.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (buf.readUInt32LE(MAGIC.length) !== source.length) return undefined;
  if (!buf.subarray(HEADER, HEADER + source.length).equals(source)) return undefined;
  return buf.subarray(HEADER + source.length);
}

/** Writes the cache whole or not at all: a concurrent run never reads half a file. */
export function writeCodeCache(path: string, source: Uint8Array, cachedData: Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, encodeCodeCache(source, cachedData));
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
