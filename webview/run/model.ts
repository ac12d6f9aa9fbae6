/**
 * The run page's data: the checkpoints in step order (kept sorted with the core's own ordering)
 * and the chart lines derived from them.
 */
import { runSeries, type RunSeries } from '../../src/core/run/changes';
import { insertOrdered } from '../../src/core/run/order';
import type { CheckpointSummary, SeriesPoint } from '../../src/core/run/summary';

export type Metric = 'rho' | 'sigma' | 'growth';

export const METRICS: readonly Metric[] = ['rho', 'sigma', 'growth'];

export function metricOf(p: SeriesPoint, m: Metric): number | null {
  return m === 'rho' ? p.spectralRadius : m === 'sigma' ? p.spectralNorm : p.log10NormAtHorizon;
}

/** A chart per matrix or layer: its lines (a stack's gates, or the matrix itself). */
export interface Group {
  readonly id: string;
  readonly lines: readonly RunSeries[];
}

export class RunModel {
  readonly checkpoints: CheckpointSummary[] = [];
  readonly errors = new Map<string, string>();

  reset(list: readonly CheckpointSummary[]): void {
    this.checkpoints.length = 0;
    for (const c of list) insertOrdered(this.checkpoints, c);
  }

  upsert(c: CheckpointSummary): void {
    this.errors.delete(c.file);
    insertOrdered(this.checkpoints, c);
  }

  remove(file: string): void {
    const i = this.checkpoints.findIndex((c) => c.file === file);
    if (i >= 0) this.checkpoints.splice(i, 1);
    this.errors.delete(file);
  }

  /** x of checkpoint i: its step, or its place in the run when no step is known. */
  x(i: number): number {
    return this.checkpoints[i]?.step ?? i;
  }

  /** Whether every checkpoint has a step (the x axis is then "step"). */
  get stepped(): boolean {
    return this.checkpoints.every((c) => c.step !== null);
  }

  groups(): Group[] {
    const out = new Map<string, RunSeries[]>();
    for (const s of runSeries(this.checkpoints)) {
      const list = out.get(s.group) ?? [];
      list.push(s);
      out.set(s.group, list);
    }
    return [...out].map(([id, lines]) => ({ id, lines }));
  }
}
