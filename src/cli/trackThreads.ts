/**
 * The threads of `track`: a first run over hundreds of checkpoints is CPU-bound, so each core
 * analyses its own checkpoint (trackWorker.ts), one at a time per thread. Threads start on first
 * use and end with `close`; a thread that dies fails its checkpoint's promise.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { CheckpointOutcome, TrackJob } from './trackCheckpoint';

export interface TrackRequest {
  readonly id: number;
  readonly file: string;
}

export type TrackReply = { readonly id: number; readonly outcome: CheckpointOutcome } | { readonly id: number; readonly internal: string };

export function isTrackRequest(x: unknown): x is TrackRequest {
  return typeof x === 'object' && x !== null && typeof (x as TrackRequest).id === 'number' && typeof (x as TrackRequest).file === 'string';
}

/*
 * node:worker_threads is loaded when the first thread starts: a CLI process that never tracks a
 * run (every `analyze`) does not load it and the modules under it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const workerThreads = (): typeof import('node:worker_threads') => require('node:worker_threads') as typeof import('node:worker_threads');

const isReply = (x: unknown): x is TrackReply => typeof x === 'object' && x !== null && typeof (x as TrackReply).id === 'number';

/** The track threads' bundle beside the running CLI bundle (absent when run from sources). */
export function trackWorkerScript(dir: string = __dirname): string | undefined {
  const script = join(dir, 'track-worker.js');
  return existsSync(script) ? script : undefined;
}

/** How many threads a run of `files` checkpoints gets: one per core, at most two, never more than files. */
export const trackWidth = (files: number): number => Math.max(1, Math.min(2, availableParallelism(), files));

interface Thread {
  readonly worker: Worker;
  pending?: { readonly id: number; readonly resolve: (o: CheckpointOutcome) => void; readonly reject: (e: Error) => void };
}

export class TrackThreads {
  private readonly idle: Thread[] = [];
  private readonly all = new Set<Thread>();
  private nextId = 1;

  constructor(
    private readonly script: string,
    private readonly job: TrackJob,
  ) {}

  /** Analyses `file` on an idle thread (or a new one); the caller keeps at most `width` running. */
  run(file: string): Promise<CheckpointOutcome> {
    const thread = this.idle.pop() ?? this.spawn();
    const id = this.nextId++;
    return new Promise<CheckpointOutcome>((resolve, reject) => {
      thread.pending = { id, resolve, reject };
      thread.worker.postMessage({ id, file } satisfies TrackRequest);
    });
  }

  private spawn(): Thread {
    const thread: Thread = { worker: new (workerThreads().Worker)(this.script, { workerData: this.job }) };
    this.all.add(thread);
    const fail = (why: string): void => {
      const p = thread.pending;
      thread.pending = undefined;
      this.all.delete(thread);
      p?.reject(new Error(`a track thread stopped: ${why}`));
    };
    thread.worker.on('message', (msg: unknown) => {
      const p = thread.pending;
      if (!isReply(msg) || !p || msg.id !== p.id) return;
      thread.pending = undefined;
      this.idle.push(thread);
      if ('internal' in msg) p.reject(new Error(msg.internal));
      else p.resolve(msg.outcome);
    });
    thread.worker.on('error', (e) => fail(e.message));
    thread.worker.on('exit', (code) => fail(`exit code ${code}`));
    return thread;
  }

  /** Ends every thread (a checkpoint still running is dropped). */
  async close(): Promise<void> {
    const threads = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    for (const t of threads) t.worker.removeAllListeners();
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }
}
