/**
 * Training counters stored beside the weights: a top-level or nested `step`, `global_step` or
 * `epoch` number (JSON, a safetensors scalar) or string (safetensors `__metadata__`).
 */
import type { CheckpointMeta } from '../weightFile';
import type { RawFile } from './tensor';

type Key = keyof CheckpointMeta;

const KEYS: Readonly<Record<string, Key>> = { step: 'step', global_step: 'globalStep', globalstep: 'globalStep', epoch: 'epoch' };

/** The counter a tensor path names (`trainer.global_step` → globalStep), by its last segment. */
function keyOf(name: string): Key | undefined {
  const last = name.split(/[./]/).pop() ?? '';
  return KEYS[last.toLowerCase()];
}

/** A counter is a finite number ≥ 0; anything else is not one. */
function counter(v: number | undefined): number | undefined {
  return v !== undefined && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** The counters in `raw`, shallowest name first when a key occurs twice; undefined when none. */
export function checkpointMeta(raw: RawFile): CheckpointMeta | undefined {
  const found: { key: Key; value: number; depth: number }[] = [];
  const add = (name: string, v: number | undefined): void => {
    const key = keyOf(name);
    const value = counter(v);
    if (key !== undefined && value !== undefined) found.push({ key, value, depth: name.split(/[./]/).length });
  };
  for (const s of raw.skipped) add(s.name, s.value);
  for (const t of raw.tensors) if (t.data.length === 1) add(t.name, t.data[0]);
  for (const [k, v] of Object.entries(raw.metadata ?? {})) add(k, /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : undefined);
  if (found.length === 0) return undefined;
  found.sort((a, b) => a.depth - b.depth);
  const out: { -readonly [K in Key]?: number } = {};
  for (const f of found) out[f.key] ??= f.value;
  return out;
}
