/**
 * The worker-backed AnalysisService: reads through vscode.workspace.fs (or an editor's unsaved
 * text), analyses in dist/worker.js, caches by URI + version + options, lets a newer request
 * supersede an older one and never delivers an older result after a newer one.
 */
import * as vscode from 'vscode';
import { asError, WeightFileError } from '../../core/errors';
import { formatMB } from '../../core/limits';
import type { AnalyzeOptions } from '../../core/options';
import { optionsFromSettings, readOptionsFromSettings, WEIGHTS_GLOB } from '../analysisOptions';
import type { AnalysisOutcome, AnalysisRequest, AnalysisService, MatrixOutcome, ServiceStats } from '../analysisService';
import { timeBudgetMs } from '../settings';
import { cacheKey, documentVersion, fileVersion, hash32, requestKey, stableStringify, supersedeKey } from '../pure/cacheKey';
import { CountedDisposables, Coalescer } from '../pure/disposables';
import { Flights } from '../pure/flights';
import type { Logger } from '../pure/logger';
import { LatestTracker } from '../pure/latest';
import { WeightedLru } from '../pure/lru';
import type { FileSource } from '../pure/workerProtocol';
import { readThroughWorker, type FileStat } from '../pure/stableRead';
import { CANCELLED, runOrFail, serves, toOutcome, weighOutcome } from './outcomes';
import { CancelledError, WorkerPool, type JobRequest } from './workerPool';
import { SiblingWatchers } from './siblingWatch';
import { limitCountsBytesRead } from '../../core/formats';

type Computed = AnalysisOutcome;

interface Superseder {
  readonly ticket: number;
  key?: string;
  abort: () => void;
}

/**
 * A superseded computation that has run this long is left to finish: restarting it on every
 * rewrite of a large file that is saved often would never produce a result. Its result is still
 * shown only if nothing newer was shown first.
 */
const KEEP_RUNNING_AFTER_MS = 1000;

/** How long after a refusal of a file on disk the service checks whether it was still being written. */
const VERIFY_REFUSAL_MS = 500;

export class WorkerAnalysisService implements AnalysisService {
  private readonly pool: WorkerPool;
  private readonly cache = new WeightedLru<Computed | MatrixOutcome>(64, 512 * 1024 * 1024, weighOutcome);
  private readonly flights = new Flights<Computed | MatrixOutcome>(() => new CancelledError());
  private readonly tracker = new LatestTracker();
  private readonly superseders = new Map<string, Set<Superseder>>();
  private readonly latest = new Map<string, Computed>();
  private readonly subs = new CountedDisposables();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly deleted = new vscode.EventEmitter<vscode.Uri>();
  private readonly coalescer: Coalescer<string>;
  private readonly siblings: SiblingWatchers;
  private watcherCount = 0;
  private readonly verifyTimers = new Set<ReturnType<typeof setTimeout>>();
  readonly onDidChangeFile = this.changed.event;
  readonly onDidDeleteFile = this.deleted.event;

  constructor(
    workerScript: string,
    private readonly log: Logger,
    warmUp = true,
  ) {
    // One primed worker waits from activation on, so the first numbers of a large file do not
    // wait for a thread to start and its kernels to warm up (see WorkerPool.prestart). The
    // user can turn this off; then a worker starts with the first job and leaves when idle.
    this.pool = new WorkerPool(workerScript, { size: 1, idleMs: 30_000, maxHeapMb: 4096, burst: 2, burstAfterMs: 3000, keepWarm: warmUp, log });
    if (warmUp) void this.pool.prestart();
    this.coalescer = new Coalescer<string>(150, (key, kinds) => {
      const uri = vscode.Uri.parse(key);
      this.cache.deletePrefix(`${key}\u0000`);
      if (kinds.has('delete')) this.deleted.fire(uri);
      else this.changed.fire(uri);
    });
    this.siblings = this.subs.add(new SiblingWatchers((model) => this.coalescer.push(model, 'change')));
    const watcher = this.subs.add(vscode.workspace.createFileSystemWatcher(WEIGHTS_GLOB));
    this.watcherCount = 1;
    this.subs.add(watcher.onDidChange((u) => this.coalescer.push(u.toString(), 'change')));
    this.subs.add(watcher.onDidCreate((u) => this.coalescer.push(u.toString(), 'change')));
    this.subs.add(watcher.onDidDelete((u) => this.coalescer.push(u.toString(), 'delete')));
  }

  stats(): ServiceStats {
    return {
      liveWorkers: this.pool.liveWorkers,
      pendingJobs: this.pool.pendingJobs,
      inFlight: this.flights.size,
      trackedKeys: this.tracker.trackedKeys + this.superseders.size + this.latest.size,
      cacheEntries: this.cache.size,
      watchers: this.watcherCount,
      siblingWatchers: this.siblings.size,
      listeners: this.subs.size,
      timers: this.coalescer.pending + this.verifyTimers.size,
    };
  }

  async analyze(req: AnalysisRequest, token?: vscode.CancellationToken): Promise<AnalysisOutcome> {
    const options = optionsFromSettings(req.options);
    const read = { ...readOptionsFromSettings(), ...(req.recurrenceKind ? { recurrenceKind: req.recurrenceKind } : {}) };
    const budgetMs = timeBudgetMs(req.budget ?? 'quick');
    const request = requestKey(options, req.names, stableStringify(read));
    const sKey = supersedeKey(req.uri.toString(), request, req.channel);
    const ticket = this.tracker.begin(sKey);
    const entry: Superseder = { ticket, abort: () => undefined };
    let set = this.superseders.get(sKey);
    if (!set) this.superseders.set(sKey, (set = new Set()));
    set.add(entry);
    let outcome: Computed | undefined;
    try {
      outcome = await this.runCancellable(entry, token, (signal) =>
        this.compute(req, { options, settings: read, request, budgetMs }, signal, (key) => {
          entry.key = key;
          // Older requests on this key that are computing another version give way.
          for (const other of set) {
            if (other.ticket >= ticket || other.key === undefined || other.key === key) continue;
            const started = this.flights.startedAt(other.key);
            if (started === undefined || Date.now() - started < KEEP_RUNNING_AFTER_MS) other.abort();
          }
        }),
      );
    } catch (e) {
      // Unexpected (every expected failure is an outcome): still end the ticket, and answer.
      const err = asError(e);
      this.log.error(`${req.uri.toString()}: unexpected ${err.stack ?? err.message}`);
      outcome = { ok: false, message: `${vscode.workspace.asRelativePath(req.uri, false)}: ${err.message}`, error: err };
    } finally {
      set.delete(entry);
      if (set.size === 0 && this.superseders.get(sKey) === set) this.superseders.delete(sKey);
    }
    if (outcome === undefined) {
      this.tracker.abandon(sKey);
      this.forgetLatest(sKey);
      return CANCELLED;
    }
    if (this.tracker.deliver(sKey, ticket)) {
      this.latest.set(sKey, outcome);
      this.forgetLatest(sKey);
      return outcome;
    }
    // A newer result was already shown: this caller gets that one, never the older.
    const newest = this.latest.get(sKey) ?? CANCELLED;
    this.forgetLatest(sKey);
    return newest;
  }

  private forgetLatest(sKey: string): void {
    if (!this.tracker.has(sKey)) this.latest.delete(sKey);
  }

  async analyzeRows(rows: readonly (readonly number[])[], name: string, token?: vscode.CancellationToken): Promise<MatrixOutcome> {
    const options = optionsFromSettings();
    const budgetMs = timeBudgetMs('quick');
    const key = `literal:${hash32(stableStringify(rows))}:${rows.length}\u0000${requestKey(options, undefined)}`;
    const cached = this.cache.get(key);
    if (cached && !('report' in cached) && !('error' in cached) && serves(cached, budgetMs)) return cached;
    const out = await this.runCancellable(undefined, token, (signal) =>
      this.flights.join(`${key}\u0000${budgetMs}`, signal, async (s, hooks) => {
        const reply = await runOrFail(this.pool, { kind: 'matrix', name, rows, options }, { signal: s, ...hooks, budgetMs });
        const o: MatrixOutcome =
          'gaveUp' in reply
            ? { ok: false, message: reply.gaveUp.message, gaveUp: reply.gaveUp.info }
            : reply.ok && reply.kind === 'matrix'
              ? { ok: true, matrix: reply.matrix }
              : { ok: false, message: reply.ok ? 'unexpected reply' : reply.error.message };
        this.cache.set(key, o);
        return o;
      }),
    );
    return out === undefined ? { ok: false, message: 'cancelled', cancelled: true } : (out as MatrixOutcome);
  }

  /**
   * Runs `work` until it finishes, the caller's token fires, or a newer request on `sKey`
   * supersedes it; undefined means cancelled.
   */
  private async runCancellable<T>(
    entry: { abort: () => void } | undefined,
    token: vscode.CancellationToken | undefined,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T | undefined> {
    const ac = new AbortController();
    if (entry) entry.abort = () => ac.abort();
    const tokenSub = token?.onCancellationRequested(() => ac.abort());
    if (token?.isCancellationRequested) ac.abort();
    try {
      return await work(ac.signal);
    } catch (e) {
      if (e instanceof CancelledError) return undefined;
      throw e;
    } finally {
      tokenSub?.dispose();
    }
  }

  private async compute(req: AnalysisRequest, how: ComputeSettings, signal: AbortSignal, keyed: (cacheKey: string) => void): Promise<Computed> {
    const { options, settings, request, budgetMs } = how;
    // The panel's budget counts from the last progress: a large matrix whose curves keep coming
    // in runs on; the quick features (hover, status bar) stop at their budget whatever happens.
    const fromProgress = req.budget === 'panel';
    const uri = req.uri;
    // Identical requests share a computation only under the same budget (a give-up is budget-bound).
    const flightKey = (key: string): string => `${key}\u0000${budgetMs}${fromProgress ? '+' : ''}`;
    const uriKey = uri.toString();
    const displayName = vscode.workspace.asRelativePath(uri, false);
    const { layoutFallback, ...read } = settings;
    const job = (source: FileSource): JobRequest => ({
      kind: 'file',
      fileName: uri.path,
      displayName,
      source,
      read,
      ...(layoutFallback ? { layoutFallback } : {}),
      options,
      ...(req.names ? { names: req.names } : {}),
    });

    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uriKey && d.isDirty);
    if (doc) {
      const version = documentVersion(doc.version);
      const key = cacheKey(uriKey, version, request);
      keyed(key);
      const hit = this.cache.get(key);
      if (hit && ('error' in hit || 'report' in hit) && serves(hit, budgetMs)) return hit;
      const text = doc.getText();
      return this.flights.join(
        flightKey(key),
        signal,
        async (s, hooks) => {
          const out = toOutcome(await runOrFail(this.pool, job({ text }), { signal: s, ...hooks, budgetMs, budgetFromProgress: fromProgress }), displayName, version);
          this.cache.set(key, out);
          return out;
        },
        req.onPartial,
      );
    }

    let first: FileStat;
    try {
      first = await vscode.workspace.fs.stat(uri);
    } catch (e) {
      const err = asError(e);
      return { ok: false, message: `${displayName}: ${err.message}`, error: new WeightFileError(err.message, { kind: 'file' }) };
    }
    // A change beside the model (its external data) starts a new generation: a result read before
    // it is neither served from the cache nor shared with a request made after it.
    const generation = this.siblings.generation(uriKey);
    const keyAt = (st: FileStat): string => cacheKey(uriKey, `${fileVersion(st)}${generation}`, request);
    const firstKey = keyAt(first);
    keyed(firstKey);
    const hit = this.cache.get(firstKey);
    if (hit && ('report' in hit || 'error' in hit) && serves(hit, budgetMs)) return hit;
    // The worker opens a file on disk itself; a checkpoint read by offset is then held to the
    // limit by the bytes its reader takes (the worker's reader counts them), not by its size.
    if (first.size > read.maxBytes && !(uri.scheme === 'file' && limitCountsBytesRead(uri.path))) {
      const message = vscode.l10n.t(
        'The file is {0}, larger than the {1} limit (setting rnnGradientLens.maxFileSizeMB).',
        formatMB(first.size),
        formatMB(read.maxBytes),
      );
      return { ok: false, message: `${displayName}: ${message}`, error: new WeightFileError(message, { kind: 'file' }), version: fileVersion(first) };
    }
    return this.flights.join(flightKey(firstKey), signal, async (s, hooks) => {
      try {
        const isRefusal = (o: Computed): boolean => !o.ok && o.error instanceof WeightFileError;
        let siblings: readonly string[] = [];
        const { result, stat: st } = await readThroughWorker(
          // A file on disk is opened by the worker itself (never copied whole between threads).
          uri.scheme === 'file' ? uri.fsPath : undefined,
          {
            stat: () => Promise.resolve(vscode.workspace.fs.stat(uri)),
            readBytes: () => Promise.resolve(vscode.workspace.fs.readFile(uri)),
            run: (source) => runOrFail(this.pool, job(source), { signal: s, ...hooks, budgetMs, budgetFromProgress: fromProgress }),
          },
          (reply, at) => {
            if ('siblings' in reply && reply.siblings) siblings = reply.siblings;
            return toOutcome(reply, displayName, fileVersion(at));
          },
          isRefusal,
        );
        if (siblings.length > 0) this.siblings.watch(uri, siblings);
        this.cache.set(keyAt(st), result);
        if (isRefusal(result)) this.verifyLater(uri, st);
        return result;
      } catch (e) {
        if (e instanceof CancelledError) throw e;
        // The file vanished or became unreadable between stat and read: an outcome, not a throw.
        const err = asError(e);
        return { ok: false, message: `${displayName}: ${err.message}`, error: new WeightFileError(err.message, { kind: 'file' }) };
      }
    }, req.onPartial);
  }

  /**
   * A refusal may still come from a half-written file whose writer stalled longer than the settle
   * wait; if the file has changed a moment later, report it changed (the watcher may have folded
   * that write into the event we already handled) so every consumer reads it again.
   */
  private verifyLater(uri: vscode.Uri, seen: FileStat): void {
    const timer = setTimeout(() => {
      this.verifyTimers.delete(timer);
      void Promise.resolve(vscode.workspace.fs.stat(uri)).then(
        (now) => {
          if (now.mtime === seen.mtime && now.size === seen.size) return;
          this.cache.deletePrefix(`${uri.toString()}\u0000`);
          this.changed.fire(uri);
        },
        () => undefined, // deleted meanwhile: the watcher reports that
      );
    }, VERIFY_REFUSAL_MS);
    this.verifyTimers.add(timer);
  }

  dispose(): void {
    this.flights.abortAll();
    for (const set of this.superseders.values()) for (const e of set) e.abort();
    this.superseders.clear();
    this.latest.clear();
    this.pool.dispose();
    this.coalescer.dispose();
    for (const t of this.verifyTimers) clearTimeout(t);
    this.verifyTimers.clear();
    this.subs.dispose();
    this.watcherCount = 0;
    this.cache.clear();
    this.changed.dispose();
    this.deleted.dispose();
  }
}

interface ComputeSettings {
  readonly options: AnalyzeOptions;
  readonly settings: ReturnType<typeof readOptionsFromSettings>;
  readonly request: string;
  readonly budgetMs: number;
}
