/**
 * What callers of the worker pool see besides the pool itself: the job requests, the errors a job
 * rejects with, per-job options and the pool's own options.
 */
import type { PartialReport } from '../../core/progress';
import type { Logger } from '../pure/logger';
import type { WorkerRequest } from '../pure/workerProtocol';

/** Distributive Omit, so each request kind keeps its own fields. */
export type JobRequest = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * A job that ran past its time budget: its worker was stopped. `partial` is the last report the
 * worker posted before that (undefined when it had not finished reading the input).
 */
export class GaveUpError extends Error {
  constructor(
    readonly budgetMs: number,
    readonly partial: PartialReport | undefined,
    /** How long the job ran: more than the budget when the budget counted from its last progress. */
    readonly ranMs: number = budgetMs,
  ) {
    super(`analysis gave up after ${formatSeconds(ranMs)} s`);
    this.name = 'GaveUpError';
  }
}

/** Seconds as users set them: "5", "0.5", "2.25". */
export function formatSeconds(ms: number): string {
  return String(Math.round(ms / 10) / 100);
}

/** Per-job limits and observers (all optional). */
export interface RunOptions {
  readonly signal?: AbortSignal;
  /** Fires when a worker picks the job up (it may wait in the queue first). */
  readonly onStart?: () => void;
  /** Wall-clock budget from the job's start on a worker; past it the worker is stopped. */
  readonly budgetMs?: number;
  /**
   * The budget counts from the job's last progress report instead of its start: an analysis that
   * keeps reporting (stages, ‖W^k‖ step by step) runs on; one silent for the budget is stopped.
   */
  readonly budgetFromProgress?: boolean;
  /** Each partial report the worker posts while the job runs. */
  readonly onProgress?: (partial: PartialReport) => void;
}

export interface PoolOptions {
  readonly size: number;
  /** Idle workers exit after this many ms. */
  readonly idleMs: number;
  /** Heap limit per worker: a hostile file runs a worker out of memory, not the editor. */
  readonly maxHeapMb: number;
  /**
   * Extra workers allowed while every worker has been busy for `burstAfterMs`: a long analysis of
   * a big file (or a file that makes the analysis hang) must not hold up a hover on a small one.
   */
  readonly burst?: number;
  readonly burstAfterMs?: number;
  /** Worker deaths (error), give-ups (warn), the worker's own lines, each job's time (trace). */
  readonly log?: Logger;
  /**
   * Keep one primed worker ready: a worker that ran no job stays past `idleMs` (it holds only the
   * priming's small matrices), and when a worker that ran jobs leaves (idle, cancelled, given up)
   * and none is left, a fresh one starts and primes. A worker that dies on its own is not replaced
   * until `prestart` or the next job.
   */
  readonly keepWarm?: boolean;
}
