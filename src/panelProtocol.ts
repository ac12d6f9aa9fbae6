/**
 * Messages between the extension host (or the standalone report's stub host) and the analysis
 * webview. Both sides validate what they receive at runtime: a message that does not match one of
 * these shapes exactly is ignored, never half-applied.
 */
import { isPartialReport, type PartialReport } from './core/progress';
import type { AnalysisReport, LossAt } from './core/report';
import { isRecurrenceKind, type RecurrenceKind } from './core/recurrences/types';

export type RecurrenceMode = 'linear' | 'tanh';
export type ExportKind = 'markdown' | 'json' | 'png' | 'svg';

/** The panel's controls: what the sliders and dropdowns hold. */
export interface PanelControls {
  readonly horizon: number;
  readonly clipTau: number;
  /** What-if factor on W (1 = as in the file). */
  readonly scale: number;
  readonly mode: RecurrenceMode;
  readonly forgetBias: number;
  readonly lossAt: LossAt;
}

/** What survives a window reload (kept small: no report, no matrix). */
export interface PanelState {
  /** The analysed file's URI as a string (host side) or display name (standalone). */
  readonly file: string;
  /** Name of the selected matrix in the report. */
  readonly matrix: string;
  readonly controls: PanelControls;
  /** Read every modern recurrent layer as this kind, matching names loosely (absent: by names). */
  readonly recurrenceKind?: RecurrenceKind;
}

/** The selected matrix's entries, row-major, for the heatmap and live recomputation. */
export interface MatrixData {
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  readonly values: readonly number[];
  /** Upstream gradients dL/do_t (t = 1..T) used by the report, when the host has them. */
  readonly upstream?: readonly (readonly number[])[];
}

/** A localisation bundle as `vscode.l10n.bundle` gives it. */
export type L10nBundle = Readonly<Record<string, string>>;

export type HostMessage =
  | {
      readonly type: 'init';
      readonly report: AnalysisReport;
      readonly matrix: MatrixData | null;
      readonly l10n: L10nBundle | null;
      readonly state: PanelState;
      /** False in the standalone report: no exports or file actions. */
      readonly interactive: boolean;
    }
  | { readonly type: 'update'; readonly report: AnalysisReport; readonly matrix: MatrixData | null; readonly state: PanelState }
  | { readonly type: 'error'; readonly message: string; readonly place: string | null }
  /** The analysis ran past its time budget: the message, and the numbers it had (incomplete). */
  | { readonly type: 'gaveUp'; readonly message: string; readonly partial: PartialReport | null }
  | { readonly type: 'progress'; readonly active: boolean; readonly message: string | null }
  /** The analysis so far (rho, sigma_max and the long-run class first), while it runs. */
  | { readonly type: 'partial'; readonly partial: PartialReport; readonly state: PanelState; readonly l10n: L10nBundle | null }
  /** The running analysis was cancelled from the page: what was shown stays, nothing more comes. */
  | { readonly type: 'stopped' }
  | { readonly type: 'exported'; readonly kind: ExportKind; readonly target: string | null }
  /** A matrix read from a paused debugger: where it was read and whether that stop is still current. */
  | { readonly type: 'live'; readonly text: string; readonly stale: boolean };

export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'setOptions'; readonly state: PanelState }
  | { readonly type: 'selectMatrix'; readonly name: string }
  | { readonly type: 'export'; readonly kind: ExportKind; readonly data: string; readonly suggestedName: string }
  | { readonly type: 'openFile' }
  /** Read a live matrix again at the debugger's current stop. */
  | { readonly type: 'refresh' }
  /** Stop the running analysis; `rerun` starts it again. */
  | { readonly type: 'cancel' }
  | { readonly type: 'rerun' };

// ---- runtime validation -------------------------------------------------------------------

type Obj = Record<string, unknown>;

export const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
export const isStr = (x: unknown): x is string => typeof x === 'string';
export const isFiniteNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isStrOrNull = (x: unknown): boolean => x === null || isStr(x);
const isNumArray = (x: unknown): x is number[] => Array.isArray(x) && x.every(isFiniteNum);
const isLog10Series = (x: unknown): boolean => Array.isArray(x) && x.every((v) => v === null || isFiniteNum(v));
const EXPORT_KINDS: readonly string[] = ['markdown', 'json', 'png', 'svg'];

/** Upper bounds that keep a hostile message from making the page allocate without limit. */
const MAX_NAME = 4096;
const MAX_EXPORT_CHARS = 64 * 1024 * 1024;

export function isPanelControls(x: unknown): x is PanelControls {
  return (
    isObj(x) &&
    Number.isInteger(x.horizon) && (x.horizon as number) >= 1 && (x.horizon as number) <= 100000 &&
    isFiniteNum(x.clipTau) && x.clipTau > 0 &&
    isFiniteNum(x.scale) &&
    (x.mode === 'linear' || x.mode === 'tanh') &&
    isFiniteNum(x.forgetBias) &&
    (x.lossAt === 'every-step' || x.lossAt === 'last-step')
  );
}

export function isPanelState(x: unknown): x is PanelState {
  return (
    isObj(x) && isStr(x.file) && x.file.length <= MAX_NAME && isStr(x.matrix) && x.matrix.length <= MAX_NAME && isPanelControls(x.controls) &&
    (x.recurrenceKind === undefined || (isStr(x.recurrenceKind) && isRecurrenceKind(x.recurrenceKind)))
  );
}

export function isMatrixData(x: unknown): x is MatrixData {
  if (!isObj(x) || !isStr(x.name) || !Number.isInteger(x.rows) || !Number.isInteger(x.cols)) return false;
  const rows = x.rows as number;
  const cols = x.cols as number;
  if (rows < 1 || cols < 1 || !isNumArray(x.values) || x.values.length !== rows * cols) return false;
  if (x.upstream !== undefined && !(Array.isArray(x.upstream) && x.upstream.every((r) => isNumArray(r) && r.length === cols))) return false;
  return true;
}

function isMatrixReport(x: unknown): boolean {
  return (
    isObj(x) &&
    isStr(x.name) &&
    isStr(x.role) &&
    Array.isArray(x.shape) && x.shape.length === 2 && isNumArray(x.shape) &&
    (x.spectralRadius === null || isFiniteNum(x.spectralRadius)) &&
    (x.spectralNorm === null || isFiniteNum(x.spectralNorm)) &&
    isFiniteNum(x.frobeniusNorm) &&
    Array.isArray(x.eigenvalues) && x.eigenvalues.every((e) => isNumArray(e) && e.length === 2) &&
    isNumArray(x.singularValues) &&
    isLog10Series(x.log10PowerNorms) &&
    isStr(x.verdict) &&
    isObj(x.trajectory) && isLog10Series(x.trajectory.log10GradNorm) &&
    Array.isArray(x.notes) && x.notes.every(isStr) &&
    (x.scale === undefined || isFiniteNum(x.scale)) &&
    (x.gates === undefined || (Array.isArray(x.gates) && x.gates.every(isGateReport)))
  );
}

function isGateReport(x: unknown): boolean {
  return (
    isObj(x) &&
    isStr(x.gate) &&
    isFiniteNum(x.spectralRadius) &&
    isFiniteNum(x.spectralNorm) &&
    isFiniteNum(x.frobeniusNorm) &&
    Array.isArray(x.eigenvalues) && x.eigenvalues.every((e) => isNumArray(e) && e.length === 2) &&
    isLog10Series(x.log10PowerNorms) &&
    isStr(x.verdict)
  );
}

/** A modern recurrent layer as the panel reads it: λ, ln|λ| and the gain bands are finite numbers. */
function isRecurrenceReport(x: unknown): boolean {
  return (
    isObj(x) &&
    isStr(x.layer) && isStr(x.kind) && isRecurrenceKind(x.kind) &&
    Number.isInteger(x.channels) && isFiniteNum(x.spectralRadius) && Number.isInteger(x.nonDecaying) &&
    (x.halfLife === null || (isObj(x.halfLife) && isFiniteNum(x.halfLife.min) && isFiniteNum(x.halfLife.median) && isFiniteNum(x.halfLife.max))) &&
    isStr(x.assumption) && isStr(x.verdict) && Number.isInteger(x.horizon) && isFiniteNum(x.deltaScale) &&
    Array.isArray(x.tensors) && x.tensors.every((t) => isObj(t) && isStr(t.role) && isStr(t.name) && isNumArray(t.shape) && isStr(t.dtype)) &&
    Array.isArray(x.eigenvalues) && x.eigenvalues.every((e) => isNumArray(e) && e.length === 2) &&
    isNumArray(x.logModulus) && x.logModulus.length === x.eigenvalues.length &&
    (x.phase === null || (isNumArray(x.phase) && x.phase.length === x.eigenvalues.length)) &&
    isObj(x.gain) && Array.isArray(x.gain.log10Gain) && x.gain.log10Gain.every(isNumArray) &&
    Array.isArray(x.notes) && x.notes.every(isStr)
  );
}

const isUnrecognisedLayer = (x: unknown): boolean => isObj(x) && isStr(x.layer) && isStr(x.reason) && Array.isArray(x.tensors) && x.tensors.every(isStr);

/** A structural check of the fields the panel reads; the report's producer owns the rest. */
export function isAnalysisReport(x: unknown): x is AnalysisReport {
  return (
    isObj(x) &&
    x.tool === 'rnn-gradient-lens' &&
    isStr(x.file) &&
    isStr(x.format) &&
    Number.isInteger(x.horizon) &&
    isObj(x.thresholds) &&
    Array.isArray(x.matrices) && x.matrices.every(isMatrixReport) &&
    Array.isArray(x.skipped) &&
    Array.isArray(x.recurrences) && x.recurrences.every(isRecurrenceReport) &&
    Array.isArray(x.unrecognisedRecurrences) && x.unrecognisedRecurrences.every(isUnrecognisedLayer)
  );
}

/** A partial report as the page reads it: every number it shows is finite. */
function isPartialMessage(x: unknown): x is PartialReport {
  if (!isPartialReport(x)) return false;
  const optNum = (v: unknown): boolean => v === undefined || v === null || isFiniteNum(v);
  return x.matrices.every(
    (m: unknown) =>
      isObj(m) && isStr(m.name) && typeof m.complete === 'boolean' && optNum(m.spectralRadius) && optNum(m.spectralNorm) && optNum(m.frobeniusNorm) &&
      (m.asymptotic === undefined || m.asymptotic === 'exploding' || m.asymptotic === 'vanishing' || m.asymptotic === 'marginal') &&
      (m.gates === undefined || (Array.isArray(m.gates) && m.gates.every(isGateReport))),
  );
}

/** A running analysis's report: as above, with each matrix's role, shape and finished stages. */
function isProgressMessage(x: unknown): x is PartialReport {
  return (
    isPartialMessage(x) &&
    (x.matrixCount === undefined || Number.isInteger(x.matrixCount)) &&
    x.matrices.every((m) => isStr(m.role) && Array.isArray(m.shape) && m.shape.length === 2 && isNumArray(m.shape) && Array.isArray(m.stages) && m.stages.every(isStr))
  );
}

export const isL10n = (x: unknown): boolean => x === null || (isObj(x) && Object.values(x).every(isStr));
const isMatrixOrNull = (x: unknown): boolean => x === null || isMatrixData(x);

/** Host → webview. */
export function isHostMessage(x: unknown): x is HostMessage {
  if (!isObj(x)) return false;
  switch (x.type) {
    case 'init':
      return isAnalysisReport(x.report) && isMatrixOrNull(x.matrix) && isL10n(x.l10n) && isPanelState(x.state) && typeof x.interactive === 'boolean';
    case 'update':
      return isAnalysisReport(x.report) && isMatrixOrNull(x.matrix) && isPanelState(x.state);
    case 'error':
      return isStr(x.message) && isStrOrNull(x.place);
    case 'gaveUp':
      return isStr(x.message) && (x.partial === null || isPartialMessage(x.partial));
    case 'progress':
      return typeof x.active === 'boolean' && isStrOrNull(x.message);
    case 'partial':
      return isProgressMessage(x.partial) && isPanelState(x.state) && isL10n(x.l10n);
    case 'stopped':
      return true;
    case 'exported':
      return isStr(x.kind) && EXPORT_KINDS.includes(x.kind) && isStrOrNull(x.target);
    case 'live':
      return isStr(x.text) && x.text.length <= MAX_NAME && typeof x.stale === 'boolean';
    default:
      return false;
  }
}

/** Webview → host. */
export function isWebviewMessage(x: unknown): x is WebviewMessage {
  if (!isObj(x)) return false;
  switch (x.type) {
    case 'ready':
    case 'openFile':
    case 'refresh':
    case 'cancel':
    case 'rerun':
      return true;
    case 'setOptions':
      return isPanelState(x.state);
    case 'selectMatrix':
      return isStr(x.name) && x.name.length <= MAX_NAME;
    case 'export':
      return (
        isStr(x.kind) && EXPORT_KINDS.includes(x.kind) &&
        isStr(x.data) && x.data.length <= MAX_EXPORT_CHARS &&
        isStr(x.suggestedName) && x.suggestedName.length <= MAX_NAME
      );
    default:
      return false;
  }
}
