/**
 * The lines of a run chart and where their verdicts change. A line is a square matrix, one gate
 * of a stack (`rnn.weight_hh_l0 [f]`) or a modern layer's recurrence; a checkpoint that lacks it
 * leaves a gap. A change is a checkpoint whose verdict differs from the line's previous verdict.
 */
import type { RecurrenceVerdict } from '../recurrences/stats';
import type { Verdict } from '../report';
import type { CheckpointSummary, SeriesPoint } from './summary';

export type SeriesKind = 'matrix' | 'gate' | 'recurrence';

/** What a line's changes are about: a matrix's verdict, or a modern layer's memory verdict. */
export type LineVerdict = Verdict | RecurrenceVerdict;

/** The verdict a point's line is judged by (a layer's memory verdict, else the matrix verdict). */
export const lineVerdict = (p: SeriesPoint | null): LineVerdict | null => (p === null ? null : 'memory' in p && p.memory !== null ? (p.memory as RecurrenceVerdict) : p.verdict);

/** V: a matrix verdict, or a modern layer's memory verdict. */
export interface VerdictChange<V extends string = Verdict> {
  /** Index into the run's checkpoints. */
  readonly index: number;
  readonly step: number | null;
  readonly from: V;
  readonly to: V;
}

export interface RunSeries {
  /** Unique within the run: the matrix name, `name [gate]`, or the layer. */
  readonly id: string;
  readonly kind: SeriesKind;
  /** The matrix or layer the line belongs to (a stack's gates share it). */
  readonly group: string;
  readonly gate?: string;
  /** One entry per checkpoint of the run (null where the checkpoint does not have this line). */
  readonly points: readonly (SeriesPoint | null)[];
  readonly changes: readonly VerdictChange<LineVerdict>[];
}

/** The first verdict change of a sequence, and every later one. */
export function verdictChanges<V extends string = Verdict>(verdicts: readonly (V | null)[], steps: readonly (number | null)[]): VerdictChange<V>[] {
  const out: VerdictChange<V>[] = [];
  let prev: V | null = null;
  verdicts.forEach((v, index) => {
    if (v === null) return;
    if (prev !== null && v !== prev) out.push({ index, step: steps[index] ?? null, from: prev, to: v });
    prev = v;
  });
  return out;
}

interface Draft {
  readonly id: string;
  readonly kind: SeriesKind;
  readonly group: string;
  readonly gate?: string;
  readonly points: (SeriesPoint | null)[];
}

/** The run's lines in order of first appearance, each with its verdict changes. */
export function runSeries(checkpoints: readonly CheckpointSummary[]): RunSeries[] {
  const drafts = new Map<string, Draft>();
  const n = checkpoints.length;
  const put = (id: string, kind: SeriesKind, group: string, gate: string | undefined, index: number, p: SeriesPoint): void => {
    let d = drafts.get(id);
    if (!d) {
      d = { id, kind, group, ...(gate === undefined ? {} : { gate }), points: new Array<SeriesPoint | null>(n).fill(null) };
      drafts.set(id, d);
    }
    d.points[index] = p;
  };
  checkpoints.forEach((c, i) => {
    for (const m of c.matrices) {
      if (m.gates) for (const g of m.gates) put(`${m.name} [${g.gate}]`, 'gate', m.name, g.gate, i, g);
      else put(m.name, 'matrix', m.name, undefined, i, m);
    }
    for (const r of c.recurrences) put(r.layer, 'recurrence', r.layer, undefined, i, r);
  });
  const steps = checkpoints.map((c) => c.step);
  return [...drafts.values()].map((d) => ({ ...d, changes: verdictChanges(d.points.map(lineVerdict), steps) }));
}

/** The earliest change over all lines (the line that changed first, for "which layer went first"). */
export function firstChange(series: readonly RunSeries[]): { series: RunSeries; change: VerdictChange<LineVerdict> } | undefined {
  let best: { series: RunSeries; change: VerdictChange<LineVerdict> } | undefined;
  for (const s of series) {
    const c = s.changes[0];
    if (c && (best === undefined || c.index < best.change.index)) best = { series: s, change: c };
  }
  return best;
}
