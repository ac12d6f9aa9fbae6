/**
 * What the service makes of the worker's replies: outcomes, give-ups and worker deaths as data,
 * and which cached outcome may serve a later request.
 */
import { errorMessage, WeightFileError } from '../../core/errors';
import type { AnalysisOutcome, GaveUp, MatrixOutcome } from '../analysisService';
import type { FlightHooks } from '../pure/flights';
import { gaveUpMessage } from '../pure/gaveUpText';
import type { WorkerReply } from '../pure/workerProtocol';
import { CancelledError, formatSeconds, GaveUpError, type JobRequest, type WorkerPool } from './workerPool';

type Computed = AnalysisOutcome;

export const CANCELLED: AnalysisOutcome = { ok: false, message: 'cancelled', error: new CancelledError(), cancelled: true };

/**
 * A cached outcome serves a request unless it gave up under a shorter budget than this one has
 * (a hover gave up after 5 s; the panel, with 60 s, tries again).
 */
export function serves(o: Computed | MatrixOutcome, budgetMs: number): boolean {
  return o.ok || o.gaveUp === undefined || o.gaveUp.budgetMs >= budgetMs;
}

export function weighOutcome(o: Computed | MatrixOutcome): number {
  if (!('file' in o) || !o.ok) return 4096;
  let bytes = 64 * 1024;
  for (const m of o.file.matrices) {
    bytes += m.matrix.data.byteLength;
    if (m.sparse) bytes += m.sparse.values.byteLength + m.sparse.colIdx.byteLength + m.sparse.rowPtr.byteLength;
  }
  return bytes;
}

/** A job stopped at its budget, with the user-facing line and what it had computed. */
export interface GaveUpReply {
  readonly gaveUp: { readonly message: string; readonly info: GaveUp; readonly error: GaveUpError };
}

/**
 * Runs a job; a worker that dies (out of memory on a hostile file) becomes an error reply, which
 * is cached like any other refusal so the same file does not crash a worker on every hover. A job
 * past its budget becomes a give-up, cached too (see `serves`).
 */
export async function runOrFail(
  pool: WorkerPool,
  request: JobRequest,
  run: { signal: AbortSignal; budgetMs: number; budgetFromProgress?: boolean } & FlightHooks,
): Promise<WorkerReply | GaveUpReply> {
  try {
    return await pool.run(request, run);
  } catch (e) {
    if (e instanceof CancelledError) throw e;
    if (e instanceof GaveUpError) {
      const seconds = formatSeconds(e.ranMs);
      const info: GaveUp = { budgetMs: e.budgetMs, seconds, ...(e.partial ? { partial: e.partial } : {}) };
      return { gaveUp: { message: gaveUpMessage(seconds, e.partial), info, error: e } };
    }
    return { id: 0, ok: false, error: { name: 'Error', message: errorMessage(e) } };
  }
}

export function toOutcome(reply: WorkerReply | GaveUpReply, displayName: string, version: string): Computed {
  if ('gaveUp' in reply) {
    return { ok: false, message: `${displayName}: ${reply.gaveUp.message}`, error: reply.gaveUp.error, version, gaveUp: reply.gaveUp.info };
  }
  if (reply.ok && reply.kind === 'file') return { ok: true, report: reply.report, file: reply.file, version, locations: reply.locations };
  if (reply.ok) return { ok: false, message: `${displayName}: unexpected reply`, error: new Error('unexpected reply'), version };
  const e = reply.error;
  if ('place' in e) {
    const err = new WeightFileError(e.message, e.place);
    return { ok: false, message: err.format(displayName), error: err, version };
  }
  const err = new Error(e.message);
  err.name = e.name;
  return { ok: false, message: `${displayName}: ${e.message}`, error: err, version };
}
