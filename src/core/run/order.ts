/**
 * The order of a run: by step (from the name, else from a counter inside the checkpoint); files
 * with no step at all come after, in modification-time order. Ties fall to mtime, then to the
 * name compared with its numbers as numbers, so the order never depends on how a folder lists.
 */
import type { CheckpointMeta } from '../weightFile';
import { stepFromName, type StepSource } from './step';

/** The counter a checkpoint states inside: `global_step`, else `step`, else `epoch`. */
export function stepFromMeta(meta: CheckpointMeta | undefined): number | undefined {
  const v = meta?.globalStep ?? meta?.step ?? meta?.epoch;
  return v !== undefined && Number.isSafeInteger(v) ? v : undefined;
}

/** The step of a checkpoint and where it came from; `meta` is consulted only when the name is silent. */
export function resolveStep(file: string, meta?: CheckpointMeta): { step: number | null; stepSource: StepSource } {
  const byName = stepFromName(file);
  if (byName !== undefined) return { step: byName, stepSource: 'name' };
  const inside = stepFromMeta(meta);
  if (inside !== undefined) return { step: inside, stepSource: 'content' };
  return { step: null, stepSource: 'mtime' };
}

export interface Orderable {
  readonly file: string;
  readonly step: number | null;
  readonly mtimeMs: number;
}

/**
 * Made on first use: building an ICU collator costs about 6 ms of CPU, which a process that never
 * sorts checkpoints (every `analyze` of the CLI) should not pay.
 */
let nameOrder: Intl.Collator | undefined;

/** Negative when `a` comes first in the run. */
export function compareCheckpoints(a: Orderable, b: Orderable): number {
  if (a.step !== null && b.step === null) return -1;
  if (a.step === null && b.step !== null) return 1;
  if (a.step !== null && b.step !== null && a.step !== b.step) return a.step - b.step;
  if (a.mtimeMs !== b.mtimeMs) return a.mtimeMs - b.mtimeMs;
  nameOrder ??= new Intl.Collator('en', { numeric: true });
  return nameOrder.compare(a.file, b.file);
}

/** A sorted copy. */
export function orderCheckpoints<T extends Orderable>(list: readonly T[]): T[] {
  return [...list].sort(compareCheckpoints);
}

/**
 * Puts `item` into the sorted `list` in place (replacing the entry with the same file), by
 * binary search: a new checkpoint costs log n comparisons, never a re-sort. Returns its index.
 */
export function insertOrdered<T extends Orderable>(list: T[], item: T): number {
  const old = list.findIndex((x) => x.file === item.file);
  if (old >= 0) list.splice(old, 1);
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareCheckpoints(list[mid] as T, item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
  return lo;
}
