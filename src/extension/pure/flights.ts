/**
 * Identical requests share one computation (a flight): each caller leaves on its own signal, the
 * computation is aborted only when the last caller has left, and every caller hears its progress.
 */
import { asError } from '../../core/errors';
import type { PartialReport } from '../../core/progress';

interface Flight<T> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  waiters: number;
  /** When a worker started on it (undefined while queued). */
  startedAt?: number;
  /** The callers' progress listeners, and the last partial report (replayed to a late joiner). */
  readonly listeners: Set<(p: PartialReport) => void>;
  partial?: PartialReport;
}

/** How a computation tells the callers sharing it where it is. */
export interface FlightHooks {
  readonly onStart: () => void;
  readonly onProgress: (p: PartialReport) => void;
}

export class Flights<T> {
  private readonly flights = new Map<string, Flight<T>>();

  /** `left` makes the error a caller whose own signal fired is rejected with. */
  constructor(private readonly left: () => Error) {}

  get size(): number {
    return this.flights.size;
  }

  /** When the computation under `key` started running, if it has. */
  startedAt(key: string): number | undefined {
    return this.flights.get(key)?.startedAt;
  }

  /** Shares one computation among identical requests; it is aborted only when all callers leave. */
  join<R extends T>(
    key: string,
    signal: AbortSignal,
    start: (signal: AbortSignal, hooks: FlightHooks) => Promise<R>,
    onPartial?: (p: PartialReport) => void,
  ): Promise<R> {
    let flight = this.flights.get(key) as Flight<R> | undefined;
    if (!flight) {
      const controller = new AbortController();
      const listeners = new Set<(p: PartialReport) => void>();
      let startedAt: number | undefined; // the pool may start the job before `flight` exists
      const onStart = (): void => {
        startedAt ??= Date.now();
        if (flight) flight.startedAt ??= startedAt;
      };
      const onProgress = (p: PartialReport): void => {
        if (flight) flight.partial = p;
        for (const l of listeners) l(p);
      };
      const promise = start(controller.signal, { onStart, onProgress }).finally(() => {
        if (this.flights.get(key) === (flight as Flight<R>)) this.flights.delete(key);
      });
      flight = { promise, controller, waiters: 0, listeners, ...(startedAt !== undefined ? { startedAt } : {}) };
      this.flights.set(key, flight as Flight<T>);
    }
    const f = flight;
    f.waiters++;
    if (onPartial) {
      f.listeners.add(onPartial);
      if (f.partial) onPartial(f.partial);
    }
    return new Promise<R>((resolve, reject) => {
      let done = false;
      const leave = (): void => {
        if (done) return;
        done = true;
        signal.removeEventListener('abort', onAbort);
        if (onPartial) f.listeners.delete(onPartial);
        f.waiters--;
      };
      const onAbort = (): void => {
        leave();
        if (f.waiters <= 0) {
          f.controller.abort();
          if (this.flights.get(key) === (f as Flight<T>)) this.flights.delete(key);
        }
        reject(this.left());
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      f.promise.then(
        (v) => {
          if (done) return;
          leave();
          resolve(v);
        },
        (e: unknown) => {
          if (done) return;
          leave();
          reject(asError(e));
        },
      );
    });
  }

  /** Aborts every computation (dispose). */
  abortAll(): void {
    for (const f of this.flights.values()) f.controller.abort();
    this.flights.clear();
  }
}
