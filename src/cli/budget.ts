/**
 * The CLI's time budget (--timeout). The analysis runs on the main thread, as before: a worker
 * thread would add its start-up to every run. V8's own watchdog (node:vm's `timeout`) stops
 * synchronous JavaScript and WebAssembly alike when the budget runs out, and the thread then goes
 * on: what the analysis had reported to its progress sink is still there to print.
 */
import { Script } from 'node:vm';

/** Default --timeout in seconds (documented in --help and the README). */
export const DEFAULT_TIMEOUT_SECONDS = 120;
/** Exit code of `analyze` / `report` when the analysis gave up at --timeout (3 is track's "skipped"). */
export const EXIT_GAVE_UP = 4;

const HOOK = Symbol.for('rnn-gradient-lens.budgeted');
const CALL = new Script(`globalThis[Symbol.for('rnn-gradient-lens.budgeted')]()`, { filename: 'rnn-gradient-lens:budget' });

type Hooked = typeof globalThis & { [HOOK]?: () => unknown };

export type Budgeted<T> = { readonly done: true; readonly value: T } | { readonly done: false };

function isTimeout(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/**
 * Runs `fn` synchronously for at most `ms` (0: no limit). `done: false` when it was stopped;
 * anything `fn` throws is thrown on.
 */
export function runWithin<T>(ms: number, fn: () => T): Budgeted<T> {
  if (ms <= 0) return { done: true, value: fn() };
  const g = globalThis as Hooked;
  g[HOOK] = fn;
  try {
    return { done: true, value: CALL.runInThisContext({ timeout: Math.max(1, Math.round(ms)) }) as T };
  } catch (err) {
    if (isTimeout(err)) return { done: false };
    throw err;
  } finally {
    delete g[HOOK];
  }
}
