/**
 * Random access to a file's bytes. Readers of large binary checkpoints take only the ranges they
 * need (a header, an index, the recurrent tensors' storages), so the whole file never has to be in
 * memory. Synchronous: readers run in the CLI and in the editor's worker thread, never on a UI thread.
 */
export interface ByteSource {
  /** Length of the file in bytes. */
  readonly size: number;
  /**
   * `length` bytes from `offset`, fewer only at the end of the file. The result may be a view of
   * the source's own memory: copy it before writing to it.
   */
  read(offset: number, length: number): Uint8Array;
}

/** A ByteSource over bytes already in memory (views, never copies). */
export function bytesSource(bytes: Uint8Array): ByteSource & { readonly bytes: Uint8Array } {
  return {
    bytes,
    size: bytes.length,
    read: (offset, length) => bytes.subarray(clamp(offset, bytes.length), clamp(offset + length, bytes.length)),
  };
}

/**
 * A source that counts the bytes read through it and calls `refuse` (which throws) once they would
 * pass `maxBytes`: the size limit of formats read by offset.
 */
export function cappedSource(source: ByteSource, maxBytes: number, refuse: () => never): ByteSource {
  let total = 0;
  return {
    size: source.size,
    read: (offset, length) => {
      // Refused before the read, so an oversized range is never fetched.
      const from = clamp(offset, source.size);
      total += clamp(from + length, source.size) - from;
      if (total > maxBytes) refuse();
      return source.read(offset, length);
    },
  };
}

/** All the bytes of a source (free for an in-memory source; a full read otherwise). */
export function readAll(source: ByteSource): Uint8Array {
  return 'bytes' in source && source.bytes instanceof Uint8Array ? source.bytes : source.read(0, source.size);
}

function clamp(i: number, size: number): number {
  return Math.max(0, Math.min(size, Number.isFinite(i) ? Math.floor(i) : 0));
}
