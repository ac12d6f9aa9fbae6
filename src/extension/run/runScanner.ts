/**
 * Keeps a run (a folder of checkpoints) analysed: a first scan, then one file at a time as the
 * training loop writes. Results are cached by path + mtime + size, so a rescan or a new
 * checkpoint costs one analysis per changed file; only summaries are held. A file on this disk is
 * opened by the worker itself (only the ranges its numbers need are read, nothing is copied
 * between threads); others are read here. A read counts when the file's stat is the same before
 * and after it; a file that does not parse while its stat moves on is read again (a checkpoint
 * caught half-written). A single new checkpoint is shared by the
 * pool's threads (each summarises every other square block), so it reaches the chart sooner; one
 * file is analysed by one job at a time (a write during it asks for one more look after). No
 * vscode import: the bench drives it too.
 */
import { WeightFileError } from '../../core/errors';
import type { AnalyzeOptions } from '../../core/options';
import { checkpointNames, insertOrdered, joinParts, resolveStep, StampCache, type CheckpointSummary, type FileStamp } from '../../core/run';
import type { SummarySource, WorkerReply } from '../pure/workerProtocol';
import { DEFAULT_RETRY, type RetryPolicy } from '../pure/stableRead';
import { CancelledError, type PoolOptions, type WorkerPool } from '../service/workerPool';

/** Writes to one file closer together than this are one event (a checkpoint written in chunks). */
export const RUN_SETTLE_MS = 150;

/**
 * The run's threads: both cores for a first scan. They stay while the run is followed (the pool
 * goes with the panel), so a checkpoint written minutes after the last one finds a started thread
 * with compiled code instead of paying for a fresh one.
 */
export const RUN_POOL: PoolOptions = { size: 2, idleMs: 30 * 60_000, maxHeapMb: 2048 };

export interface RunFs {
  /** Every file name in the folder (not recursive). */
  list(): Promise<string[]>;
  /** undefined when the file is gone. */
  stat(file: string): Promise<FileStamp | undefined>;
  read(file: string): Promise<Uint8Array>;
  /**
   * The file's path on this machine's disk, when it is there: the worker then opens it itself and
   * reads only what the run's numbers need, and the file's bytes never cross between threads.
   */
  localPath?(file: string): string | undefined;
  /** What the user sees for a file in messages (a workspace-relative path). */
  display(file: string): string;
}

export interface RunEvents {
  point(c: CheckpointSummary): void;
  remove(file: string): void;
  error(file: string, message: string): void;
  progress(done: number, total: number, active: boolean): void;
}

const same = (a: FileStamp, b: FileStamp): boolean => a.mtimeMs === b.mtimeMs && a.size === b.size;

export class RunScanner {
  private readonly cache = new StampCache<CheckpointSummary>();
  private readonly ordered: CheckpointSummary[] = [];
  private known: string[] = [];
  /** The analysis of each file under way, and the files written again while it ran. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(
    private readonly fs: RunFs,
    private readonly pool: WorkerPool,
    private readonly options: AnalyzeOptions,
    private readonly events: RunEvents,
    private readonly concurrency = 2,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  /** The run so far, in step order. */
  checkpoints(): readonly CheckpointSummary[] {
    return this.ordered;
  }

  /** Whether `file` counts as a checkpoint of this folder (as a scan would decide). */
  isCheckpoint(file: string): boolean {
    return checkpointNames([...this.known.filter((f) => f !== file), file]).includes(file);
  }

  /** Lists the folder and analyses what is not cached; files that left are removed. */
  async scan(signal?: AbortSignal): Promise<void> {
    const files = checkpointNames(await this.fs.list());
    this.known = files;
    for (const c of [...this.ordered]) if (!files.includes(c.file)) this.remove(c.file);
    this.cache.retain(files);
    let done = 0;
    this.events.progress(0, files.length, true);
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < files.length && !signal?.aborted) {
        const file = files[next++] as string;
        await this.once(file, () => this.analyze(file, signal));
        this.events.progress(++done, files.length, true);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.max(1, this.concurrency) }, lane));
    } finally {
      this.events.progress(done, files.length, false);
    }
  }

  /** A file was created or written: analyse it again (a cached version costs nothing). */
  async touch(file: string, signal?: AbortSignal): Promise<void> {
    if (!this.isCheckpoint(file)) return;
    if (!this.known.includes(file)) this.known.push(file);
    await this.once(file, () => this.analyze(file, signal, Math.max(1, this.concurrency)));
  }

  /**
   * Runs `analyze` unless the file's analysis is under way; then that one looks once more when it
   * ends (the cache answers if nothing changed), so overlapping writes never double the work.
   */
  private once(file: string, analyze: () => Promise<void>): Promise<void> {
    const busy = this.running.get(file);
    if (busy) {
      this.again.add(file);
      return busy;
    }
    const job = (async () => {
      do {
        this.again.delete(file);
        await analyze();
      } while (this.again.has(file));
    })().finally(() => this.running.delete(file));
    this.running.set(file, job);
    return job;
  }

  remove(file: string): void {
    this.known = this.known.filter((f) => f !== file);
    this.cache.delete(file);
    const i = this.ordered.findIndex((c) => c.file === file);
    if (i < 0) return;
    this.ordered.splice(i, 1);
    this.events.remove(file);
  }

  private adopt(c: CheckpointSummary): void {
    insertOrdered(this.ordered, c);
    this.events.point(c);
  }

  private async analyze(file: string, signal?: AbortSignal, parts = 1): Promise<void> {
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      if (attempt > 1) await this.retry.pause(attempt - 1);
      const before = await this.fs.stat(file);
      if (!before) return this.remove(file);
      const cached = this.cache.get(before);
      if (cached) return this.adopt(cached);
      const path = this.fs.localPath?.(file);
      let source: SummarySource;
      try {
        source = path === undefined ? { bytes: await this.fs.read(file) } : { path };
      } catch {
        continue;
      }
      let replies: WorkerReply[];
      try {
        replies = await Promise.all(Array.from({ length: parts }, (_p, index) => this.pool.run({ kind: 'summary', fileName: file, source, read: {}, options: this.options, part: { index, of: parts } }, signal)));
      } catch (e) {
        if (e instanceof CancelledError) return;
        throw e;
      }
      // Stat after the jobs: whoever read the file (here or the worker), it counts when nothing moved.
      const after = await this.fs.stat(file);
      if (!after) return this.remove(file);
      const summaries = replies.flatMap((r) => (r.ok && r.kind === 'summary' ? [r] : []));
      const sizes = 'bytes' in source ? [source.bytes.length] : summaries.map((r) => r.size);
      if (!same(before, after) || sizes.some((n) => n !== after.size)) continue;
      const reply = replies.find((r) => !r.ok) ?? (replies[0] as WorkerReply);
      if (summaries.length === parts && reply.ok && reply.kind === 'summary') {
        const c: CheckpointSummary = { ...after, ...resolveStep(file, reply.meta ?? undefined), ...joinParts(summaries) };
        this.cache.set(after, c);
        return this.adopt(c);
      }
      // A parse failure on a file that then moves on was a torn write: read it again.
      await (this.retry.settle ?? (() => this.retry.pause(1)))();
      const later = await this.fs.stat(file);
      if (later && !same(later, after) && attempt < this.retry.attempts) continue;
      this.events.error(file, reply.ok ? `${this.fs.display(file)}: unexpected reply` : describe(reply.error, this.fs.display(file)));
      return;
    }
    this.events.error(file, `${this.fs.display(file)}: the file kept changing while it was read`);
  }
}

function describe(e: { readonly name: string; readonly message: string; readonly place?: unknown }, display: string): string {
  if ('place' in e && e.place !== undefined) return new WeightFileError(e.message, e.place as WeightFileError['place']).format(display);
  return `${display}: ${e.message}`;
}
