/**
 * A ByteSource over a file on disk, read with positioned `fs.readSync` calls: a reader of a large
 * checkpoint reads its index and the storages it needs, never the whole file. Node only (the CLI
 * and the editor's worker); the core and the webview never import this file.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ByteSource } from '../core/readers/byteSource';

export interface FileByteSource extends ByteSource {
  /** Closes the file; reads after this throw. */
  close(): void;
}

/** Opens `path` read-only. The size is the one seen at open time. */
export function openFileSource(path: string): FileByteSource {
  const fd = openSync(path, 'r');
  let open = true;
  let size: number;
  try {
    size = fstatSync(fd).size;
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  return {
    size,
    read(offset, length) {
      if (!open) throw new Error('read after close');
      const start = Math.max(0, Math.min(size, Math.floor(offset)));
      const end = Math.max(start, Math.min(size, Math.floor(offset + length)));
      const out = new Uint8Array(end - start);
      let done = 0;
      // readSync may return fewer bytes than asked; a 0 means the file shrank under us: stop there.
      while (done < out.length) {
        const n = readSync(fd, out, done, out.length - done, start + done);
        if (n <= 0) return out.subarray(0, done);
        done += n;
      }
      return out;
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/** Runs `use` with the file open, and closes it whatever happens. */
export function withFileSource<T>(path: string, use: (source: ByteSource) => T): T {
  const source = openFileSource(path);
  try {
    return use(source);
  } finally {
    source.close();
  }
}
