/**
 * Messages between the extension host and the run panel (a folder of checkpoints over training).
 * Like protocol.ts: each side checks what it receives at runtime and ignores anything else.
 */
import type { CheckpointSummary, GateSummary, MatrixSummary, RecurrenceSummary } from './core/run/summary';
import { isFiniteNum as isNum, isL10n, isObj, isStr, type L10nBundle } from './panelProtocol';

export type RunHostMessage =
  | {
      readonly type: 'runInit';
      /** The folder as the user sees it (workspace-relative). */
      readonly folder: string;
      /** The folder's URI, kept in the page's state so the panel comes back after a reload. */
      readonly folderUri: string;
      readonly horizon: number;
      readonly l10n: L10nBundle | null;
      readonly checkpoints: readonly CheckpointSummary[];
    }
  /** A checkpoint analysed (new, or rewritten: it replaces the entry with the same file). */
  | { readonly type: 'runPoint'; readonly checkpoint: CheckpointSummary }
  | { readonly type: 'runRemove'; readonly file: string }
  | { readonly type: 'runProgress'; readonly done: number; readonly total: number; readonly active: boolean }
  /** A file of the folder that could not be read (skipped), with its located message. */
  | { readonly type: 'runError'; readonly file: string; readonly message: string };

export type RunWebviewMessage =
  | { readonly type: 'runReady' }
  | { readonly type: 'openCheckpoint'; readonly file: string }
  /** Compare With… on two checkpoints of the run (a before b). */
  | { readonly type: 'compareCheckpoints'; readonly a: string; readonly b: string };

type Obj = Record<string, unknown>;
const isNumOrNull = (x: unknown): boolean => x === null || isNum(x);
const VERDICTS = ['vanishing', 'exploding', 'transient-growth', 'stable'];
const isVerdictOrNull = (x: unknown): boolean => x === null || (isStr(x) && VERDICTS.includes(x));

function isPoint(x: Obj): boolean {
  return isNumOrNull(x.spectralRadius) && isNumOrNull(x.spectralNorm) && isNumOrNull(x.log10NormAtHorizon) && isVerdictOrNull(x.verdict);
}

function isGate(x: unknown): x is GateSummary {
  return isObj(x) && isStr(x.gate) && isPoint(x);
}

function isMatrix(x: unknown): x is MatrixSummary {
  if (!isObj(x) || !isStr(x.name) || !isStr(x.role) || !isNum(x.frobeniusNorm) || !isPoint(x)) return false;
  const shape = x.shape;
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every(isNum)) return false;
  return x.gates === undefined || (Array.isArray(x.gates) && x.gates.every(isGate));
}

function isRecurrence(x: unknown): x is RecurrenceSummary {
  if (!isObj(x) || !isStr(x.layer) || !isStr(x.kind) || !isNum(x.channels) || !isNum(x.nonDecaying) || !isPoint(x)) return false;
  const h = x.halfLife;
  return h === null || (isObj(h) && isNum(h.min) && isNum(h.median) && isNum(h.max));
}

export function isCheckpointSummary(x: unknown): x is CheckpointSummary {
  return (
    isObj(x) &&
    isStr(x.file) &&
    isNumOrNull(x.step) &&
    (x.stepSource === 'name' || x.stepSource === 'content' || x.stepSource === 'mtime') &&
    isNum(x.mtimeMs) &&
    isNum(x.size) &&
    Array.isArray(x.matrices) &&
    x.matrices.every(isMatrix) &&
    Array.isArray(x.recurrences) &&
    x.recurrences.every(isRecurrence)
  );
}

export function isRunHostMessage(x: unknown): x is RunHostMessage {
  if (!isObj(x)) return false;
  switch (x.type) {
    case 'runInit':
      return isStr(x.folder) && isStr(x.folderUri) && isNum(x.horizon) && isL10n(x.l10n) && Array.isArray(x.checkpoints) && x.checkpoints.every(isCheckpointSummary);
    case 'runPoint':
      return isCheckpointSummary(x.checkpoint);
    case 'runRemove':
      return isStr(x.file);
    case 'runProgress':
      return isNum(x.done) && isNum(x.total) && typeof x.active === 'boolean';
    case 'runError':
      return isStr(x.file) && isStr(x.message);
    default:
      return false;
  }
}

export function isRunWebviewMessage(x: unknown): x is RunWebviewMessage {
  if (!isObj(x)) return false;
  switch (x.type) {
    case 'runReady':
      return true;
    case 'openCheckpoint':
      return isStr(x.file);
    case 'compareCheckpoints':
      return isStr(x.a) && isStr(x.b);
    default:
      return false;
  }
}
