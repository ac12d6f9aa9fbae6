/**
 * Per-file results of a run, keyed by path and valid while the file's mtime and size are those
 * they were computed for: a rescan re-analyses only what changed, a new checkpoint costs one
 * analysis. Holds one small value per file (a summary), never file contents or full reports.
 */
import type { FileStamp } from './summary';

interface Entry<T> {
  readonly mtimeMs: number;
  readonly size: number;
  readonly value: T;
}

export class StampCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  /** The value computed for exactly this version of the file, if any. */
  get(stamp: FileStamp): T | undefined {
    const e = this.entries.get(stamp.file);
    return e && e.mtimeMs === stamp.mtimeMs && e.size === stamp.size ? e.value : undefined;
  }

  set(stamp: FileStamp, value: T): void {
    this.entries.set(stamp.file, { mtimeMs: stamp.mtimeMs, size: stamp.size, value });
  }

  delete(file: string): boolean {
    return this.entries.delete(file);
  }

  /** Forgets every file not in `present` (deleted or renamed away), so the cache never outgrows the folder. */
  retain(present: Iterable<string>): void {
    const keep = new Set(present);
    for (const file of [...this.entries.keys()]) if (!keep.has(file)) this.entries.delete(file);
  }

  get size(): number {
    return this.entries.size;
  }
}
