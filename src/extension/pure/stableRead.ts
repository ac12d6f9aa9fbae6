/**
 * Reading a file that may be rewritten while we read it (a training loop saving a checkpoint 20
 * times a second). A read counts only if the file's version is the same before and after it and
 * the byte count matches; a parse failure while the version moved on is retried, because the bytes
 * were probably half-written. Pure: the I/O is passed in, so tests drive it with a fake file.
 */
import type { FileSource, WorkerReply } from './workerProtocol';

/** The size a worker reported for a file it opened itself (a successful read only). */
function sizeSeen(reply: object): number | undefined {
  const r = reply as Partial<Extract<WorkerReply, { kind: 'file' }>>;
  return r.ok === true && r.kind === 'file' && typeof r.size === 'number' ? r.size : undefined;
}

export interface FileStat {
  readonly mtime: number;
  readonly size: number;
}

export interface VersionedSource<T> {
  stat(): Promise<FileStat>;
  read(): Promise<T>;
  /** Length of what read() returned, compared with stat().size. */
  sizeOf(value: T): number;
}

export interface RetryPolicy {
  readonly attempts: number;
  /** Waits before attempt `n` (1-based retries); tests pass a no-op. */
  readonly pause: (attempt: number) => Promise<void>;
  /**
   * Waits after a parse failure before checking whether the file moved on: a writer may leave a
   * half-written file unchanged for a few milliseconds. Defaults to `pause(1)`.
   */
  readonly settle?: () => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 6,
  pause: (n) => new Promise((resolve) => setTimeout(resolve, 20 * n)),
  settle: () => new Promise((resolve) => setTimeout(resolve, 120)),
};

export function sameStat(a: FileStat, b: FileStat): boolean {
  return a.mtime === b.mtime && a.size === b.size;
}

export interface StableRead<T> {
  readonly value: T;
  readonly stat: FileStat;
  /** False when every attempt saw the file change: the value is the last one read. */
  readonly stable: boolean;
  readonly attempts: number;
}

/** Reads until the stat before and after agree with each other and with the bytes read. */
export async function readStable<T>(src: VersionedSource<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<StableRead<T>> {
  let last: { value: T; stat: FileStat } | undefined;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (attempt > 1) await policy.pause(attempt - 1);
    const before = await src.stat();
    const value = await src.read();
    const after = await src.stat();
    last = { value, stat: after };
    if (sameStat(before, after) && src.sizeOf(value) === after.size) return { value, stat: after, stable: true, attempts: attempt };
  }
  if (!last) throw new RangeError('retry policy needs at least one attempt');
  return { ...last, stable: false, attempts: policy.attempts };
}

/**
 * Reads stably, then processes; if processing fails as a parse error and the file has changed
 * since, the read was torn after all (same mtime granularity, same size): read again.
 */
export async function readAndProcess<T, R>(
  src: VersionedSource<T>,
  process: (value: T, stat: FileStat) => Promise<R>,
  isParseFailure: (result: R) => boolean,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<{ result: R; stat: FileStat; attempts: number }> {
  let attempts = 0;
  for (;;) {
    const read = await readStable(src, { ...policy, attempts: Math.max(1, policy.attempts - attempts) });
    attempts += read.attempts;
    const result = await process(read.value, read.stat);
    if (!isParseFailure(result) || attempts >= policy.attempts) return { result, stat: read.stat, attempts };
    await (policy.settle ?? (() => policy.pause(1)))();
    const now = await src.stat();
    if (sameStat(now, read.stat)) return { result, stat: read.stat, attempts }; // a real error in a settled file
  }
}

/**
 * One file through the worker, read stably. With a `path` the worker opens the file itself (its
 * readers fetch only the ranges they need) and reports the size it saw; otherwise the host reads
 * the bytes (virtual file systems) and sends them.
 */
export async function readThroughWorker<Reply extends object, R>(
  path: string | undefined,
  io: { stat(): Promise<FileStat>; readBytes(): Promise<Uint8Array>; run(source: FileSource): Promise<Reply> },
  toResult: (reply: Reply, stat: FileStat) => R,
  isParseFailure: (result: R) => boolean,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<{ result: R; stat: FileStat; attempts: number }> {
  if (path === undefined) {
    return readAndProcess<Uint8Array, R>(
      { stat: () => io.stat(), read: () => io.readBytes(), sizeOf: (b) => b.byteLength },
      async (bytes, at) => toResult(await io.run({ bytes }), at),
      isParseFailure,
      policy,
    );
  }
  let seen: FileStat | undefined;
  return readAndProcess<Reply, R>(
    {
      stat: async () => (seen = await io.stat()),
      read: () => io.run({ path }),
      // A refusal carries no size: the stat's stands in, and the parse-failure check still applies.
      sizeOf: (r) => sizeSeen(r) ?? seen?.size ?? -1,
    },
    (reply, at) => Promise.resolve(toResult(reply, at)),
    isParseFailure,
    policy,
  );
}
