/** Checks the options once and resolves the upstream gradients dL/do_1..dL/do_T. */
import { UsageError } from '../errors';
import type { Matrix } from '../matrix';
import type { AnalyzeOptions } from '../options';
import { defaultUpstream } from './bptt';

export interface ResolvedUpstream {
  readonly rows: readonly Float64Array[];
  readonly given: boolean;
}

export function checkOptions(o: AnalyzeOptions): void {
  if (!Number.isInteger(o.horizon) || o.horizon < 1) throw new UsageError(`horizon must be a whole number >= 1, got ${o.horizon}`);
  if (!(o.clipTau > 0) || !Number.isFinite(o.clipTau)) throw new UsageError(`clipping threshold must be a positive number, got ${o.clipTau}`);
  if (!Number.isFinite(o.scale)) throw new UsageError(`scale must be a finite number, got ${o.scale}`);
  if (!Number.isInteger(o.seed)) throw new UsageError(`seed must be a whole number, got ${o.seed}`);
  if (o.forgetBias !== undefined && !Number.isFinite(o.forgetBias)) throw new UsageError(`forget bias must be a finite number, got ${o.forgetBias}`);
  if (o.wqh !== undefined) {
    for (const x of o.wqh.data) if (!Number.isFinite(x)) throw new UsageError('W_qh has a non-finite entry');
  }
}

/** The given dL/do rows (checked against q), else the seeded default of `horizon` unit vectors. */
export function resolveUpstream(o: AnalyzeOptions, q: number, matrixName: string): ResolvedUpstream {
  if (o.upstream === undefined) return { rows: defaultUpstream(o.seed, o.horizon, q), given: false };
  if (o.upstream.length === 0) throw new UsageError('upstream dLdo has no rows');
  const rows = o.upstream.map((row, t) => {
    if (row.length !== q) {
      throw new UsageError(`upstream dLdo row ${t + 1} has ${row.length} values, but ${matrixName || 'the matrix'} needs ${q}`);
    }
    row.forEach((x, j) => {
      if (!Number.isFinite(x)) throw new UsageError(`upstream dLdo row ${t + 1}, col ${j + 1} is not a finite number`);
    });
    return Float64Array.from(row);
  });
  return { rows, given: true };
}

/** The output size q: rows of W_qh, else n (W_qh = I). */
export function outputSize(wqh: Matrix | undefined, n: number, matrixName: string): number {
  if (wqh === undefined) return n;
  if (wqh.cols !== n) throw new UsageError(`W_qh has ${wqh.cols} columns, but ${matrixName || 'the matrix'} is ${n} x ${n}`);
  return wqh.rows;
}

/**
 * Trajectories cost about T n^2 operations and hold a few T x n arrays; past these limits an
 * analysis would take minutes or gigabytes, so it is refused with the largest horizon that fits.
 */
export const MAX_TRAJECTORY_WORK = 4e10;
export const MAX_TRAJECTORY_CELLS = 2e7;

export function checkWork(o: AnalyzeOptions, n: number, matrixName: string): void {
  const T = Math.max(o.upstream?.length ?? o.horizon, o.horizon);
  const maxT = Math.floor(Math.min(MAX_TRAJECTORY_WORK / (n * n), MAX_TRAJECTORY_CELLS / n));
  if (T > maxT) {
    throw new UsageError(`horizon T = ${T} with ${matrixName} of size n = ${n} is too much work for the gradient trajectories; use T <= ${maxT}`);
  }
}

/** The same limits for a sparse W: the trajectories then cost about T nnz operations. */
export function checkSparseWork(o: AnalyzeOptions, n: number, nnz: number, matrixName: string): void {
  const T = Math.max(o.upstream?.length ?? o.horizon, o.horizon);
  const maxT = Math.floor(Math.min(MAX_TRAJECTORY_WORK / Math.max(nnz, n), MAX_TRAJECTORY_CELLS / n));
  if (T > maxT) {
    throw new UsageError(`horizon T = ${T} with ${matrixName} of size n = ${n} is too much work for the gradient trajectories; use T <= ${maxT}`);
  }
}
