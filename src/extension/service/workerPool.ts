/**
 * Runs analysis requests on worker threads. A job can be cancelled at any time: queued jobs are
 * dropped, a running one is stopped by terminating its worker (the work is synchronous numeric
 * code that cannot be interrupted otherwise); a fresh worker starts for the next job. Idle
 * workers exit after a while so an idle editor holds no threads, except, with `keepWarm`, one
 * primed worker that has run no job. No vscode import: the bench drives the same pool. Its
 * callers' types and errors are in poolContract.ts.
 */
import { Worker } from 'node:worker_threads';
import type { PartialReport } from '../../core/progress';
import { SILENT, type Logger } from '../pure/logger';
import { CancelledError, GaveUpError, formatSeconds, type JobRequest, type PoolOptions, type RunOptions } from './poolContract';
import { isWorkerLog, isWorkerPrimed, isWorkerProgress, isWorkerReply, type WorkerPrime, type WorkerPrimed, type WorkerReply } from '../pure/workerProtocol';
import { asError } from '../../core/errors';

export { CancelledError, GaveUpError, formatSeconds, type JobRequest, type PoolOptions, type RunOptions } from './poolContract';

interface Job extends RunOptions {
  readonly id: number;
  readonly request: JobRequest;
  readonly resolve: (r: WorkerReply) => void;
  readonly reject: (e: Error) => void;
  readonly onAbort: () => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  /** When the current job started (performance-independent wall clock, ms). */
  jobStarted?: number;
  /** The current job's last partial report. */
  partial?: PartialReport;
  budgetTimer?: NodeJS.Timeout;
  idleTimer?: NodeJS.Timeout;
  /** The thread runs JavaScript: a job's budget starts then, not while a fresh worker boots. */
  online: boolean;
  /** It ran a job (and may hold that job's memory), as opposed to only having started or primed. */
  ranJob: boolean;
  /** Callers of `prestart` waiting for this worker's priming to end. */
  primedWaiters: ((p: WorkerPrimed['primed'] | undefined) => void)[];
}

/** A job as the log names it: its kind and file or matrix. */
function jobName(r: JobRequest): string {
  return r.kind === 'file' ? `${r.kind} ${r.displayName}` : r.kind === 'matrix' ? `matrix ${r.name}` : `summary ${r.fileName}`;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private disposed = false;
  private burstTimer?: NodeJS.Timeout;
  private readonly log: Logger;

  constructor(
    private readonly script: string,
    private readonly opts: PoolOptions = { size: 1, idleMs: 30_000, maxHeapMb: 4096 },
  ) {
    this.log = opts.log ?? SILENT;
  }

  /** Workers alive now (for leak tests). */
  get liveWorkers(): number {
    return this.slots.length;
  }

  get pendingJobs(): number {
    return this.queue.length + this.slots.filter((s) => s.job).length;
  }

  /**
   * Runs `request` (a `RunOptions` or, as before, just an abort signal and a start callback).
   * Rejects with CancelledError when aborted and GaveUpError when it ran past its budget.
   */
  run(request: JobRequest, signal?: AbortSignal | RunOptions, onStart?: () => void): Promise<WorkerReply> {
    const opts: RunOptions = signal === undefined || signal instanceof AbortSignal ? { ...(signal ? { signal } : {}), ...(onStart ? { onStart } : {}) } : signal;
    if (this.disposed) return Promise.reject(new CancelledError());
    if (opts.signal?.aborted) return Promise.reject(new CancelledError());
    const wantsProgress = opts.onProgress !== undefined || opts.budgetMs !== undefined;
    return new Promise<WorkerReply>((resolve, reject) => {
      const id = this.nextId++;
      const job: Job = { ...opts, id, request: wantsProgress ? { ...request, progress: true } : request, resolve, reject, onAbort: () => this.cancel(job) };
      job.signal?.addEventListener('abort', job.onAbort, { once: true });
      this.queue.push(job);
      this.pump();
    });
  }

  private settle(job: Job): void {
    job.signal?.removeEventListener('abort', job.onAbort);
  }

  private cancel(job: Job): void {
    const q = this.queue.indexOf(job);
    if (q >= 0) {
      this.queue.splice(q, 1);
    } else {
      const slot = this.slots.find((s) => s.job === job);
      if (!slot) return;
      this.kill(slot);
    }
    this.settle(job);
    job.reject(new CancelledError());
    this.pump();
    this.keepOneWarm();
  }

  private startBudget(slot: Slot, job: Job): void {
    if (job.budgetMs === undefined || slot.budgetTimer) return;
    slot.budgetTimer = setTimeout(() => this.giveUp(slot, job), job.budgetMs);
  }

  /** Stops a job that ran past its budget; the next job gets a fresh worker. */
  private giveUp(slot: Slot, job: Job): void {
    if (slot.job !== job) return;
    const partial = slot.partial;
    const ranMs = job.budgetFromProgress ? Date.now() - (slot.jobStarted ?? Date.now()) : (job.budgetMs ?? 0);
    const silent = job.budgetFromProgress ? ` (${formatSeconds(job.budgetMs ?? 0)} s without progress)` : '';
    this.log.warn(`${jobName(job.request)}: gave up after ${formatSeconds(ranMs)} s${silent}${partial ? ` while computing ${partial.activity}` : ''}`);
    this.kill(slot);
    this.settle(job);
    job.reject(new GaveUpError(job.budgetMs ?? 0, partial, ranMs));
    this.pump();
    this.keepOneWarm();
  }

  /** The slot is done with its job (answered, failed, stopped). */
  private release(slot: Slot): void {
    slot.job = undefined;
    slot.jobStarted = undefined;
    slot.partial = undefined;
    if (slot.budgetTimer) clearTimeout(slot.budgetTimer);
    slot.budgetTimer = undefined;
  }

  private kill(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    this.release(slot);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    for (const w of slot.primedWaiters.splice(0)) w(undefined);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => undefined); // errors raised while terminating are expected
    void slot.worker.terminate();
  }

  private spawn(): Slot {
    const worker = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: this.opts.maxHeapMb } });
    const slot: Slot = { worker, online: false, ranJob: false, primedWaiters: [] };
    worker.once('online', () => {
      slot.online = true;
      if (slot.job) this.startBudget(slot, slot.job);
    });
    worker.on('message', (msg: unknown) => {
      if (isWorkerLog(msg)) return this.log[msg.log](msg.message);
      if (isWorkerPrimed(msg)) {
        this.log.trace(`worker primed: ${msg.primed.ran} of ${msg.primed.of} steps in ${msg.primed.ms} ms`);
        for (const w of slot.primedWaiters.splice(0)) w(msg.primed);
        return;
      }
      const job = slot.job;
      if (!job) return;
      if (isWorkerProgress(msg)) {
        if (msg.id !== job.id) return;
        slot.partial = msg.partial;
        if (job.budgetFromProgress && slot.budgetTimer) {
          clearTimeout(slot.budgetTimer);
          slot.budgetTimer = undefined;
          this.startBudget(slot, job);
        }
        job.onProgress?.(msg.partial);
        return;
      }
      if (!isWorkerReply(msg) || msg.id !== job.id) return;
      this.log.trace(`${jobName(job.request)}: ${msg.ok ? 'done' : 'refused'} in ${Date.now() - (slot.jobStarted ?? Date.now())} ms`);
      this.release(slot);
      // A burst worker leaves once the queue is empty, so the pool shrinks back to its size.
      if (this.slots.length > this.opts.size && this.queue.length === 0) {
        this.settle(job);
        job.resolve(msg);
        this.kill(slot);
        return;
      }
      this.settle(job);
      job.resolve(msg);
      this.idle(slot);
      this.pump();
    });
    const fail = (err: Error): void => {
      const job = slot.job;
      this.log.error(`analysis worker stopped (${err.message})${job ? ` during ${jobName(job.request)}` : ''}`);
      this.kill(slot);
      if (job) {
        this.settle(job);
        job.reject(new Error(`analysis worker stopped: ${err.message}`));
      }
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  private idle(slot: Slot): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    if (this.opts.keepWarm && !slot.ranJob) return;
    slot.idleTimer = setTimeout(() => {
      if (slot.job) return;
      this.kill(slot);
      this.keepOneWarm();
    }, this.opts.idleMs);
    slot.idleTimer.unref?.();
  }

  /** Whether every worker has been busy long enough to start one more, or ms until it will have. */
  private burstWait(): number | undefined {
    const cap = Math.max(this.opts.size, this.opts.burst ?? this.opts.size);
    if (this.slots.length >= cap) return undefined;
    const youngest = Math.max(...this.slots.map((s) => s.jobStarted ?? Date.now()));
    return Math.max(0, youngest + (this.opts.burstAfterMs ?? 0) - Date.now());
  }

  private pump(): void {
    if (this.burstTimer) clearTimeout(this.burstTimer);
    this.burstTimer = undefined;
    while (this.queue.length > 0 && !this.disposed) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot) {
        if (this.slots.length >= this.opts.size) {
          const wait = this.burstWait();
          if (wait === undefined) return;
          if (wait > 0) {
            this.burstTimer = setTimeout(() => this.pump(), wait);
            this.burstTimer.unref?.();
            return;
          }
        }
        slot = this.spawn();
      }
      const job = this.queue.shift() as Job;
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.job = job;
      slot.ranJob = true;
      slot.jobStarted = Date.now();
      if (slot.online) this.startBudget(slot, job);
      try {
        job.onStart?.();
        slot.worker.postMessage({ ...job.request, id: job.id });
      } catch (e) {
        this.release(slot);
        this.settle(job);
        job.reject(asError(e));
      }
    }
  }

  /**
   * Starts a worker now, when none is running, and has it prime its kernels while it waits
   * (`worker/prime.ts`): the first job on it then skips the thread's start and most of the JIT's
   * warm-up. Resolves when priming ended (all steps, or cut short by a job), or with undefined when
   * a worker was already running or this one stopped first.
   */
  prestart(): Promise<WorkerPrimed['primed'] | undefined> {
    if (this.disposed || this.slots.length > 0) return Promise.resolve(undefined);
    const slot = this.spawn();
    const done = new Promise<WorkerPrimed['primed'] | undefined>((resolve) => slot.primedWaiters.push(resolve));
    slot.worker.postMessage({ prime: true } satisfies WorkerPrime);
    this.idle(slot);
    return done;
  }

  /** With `keepWarm`, a primed worker in place of the last one that left. */
  private keepOneWarm(): void {
    if (this.opts.keepWarm && this.queue.length === 0) void this.prestart();
  }

  dispose(): void {
    this.disposed = true;
    if (this.burstTimer) clearTimeout(this.burstTimer);
    this.burstTimer = undefined;
    for (const job of this.queue.splice(0)) {
      this.settle(job);
      job.reject(new CancelledError());
    }
    for (const slot of [...this.slots]) {
      const job = slot.job;
      this.kill(slot);
      if (job) {
        this.settle(job);
        job.reject(new CancelledError());
      }
    }
  }
}
