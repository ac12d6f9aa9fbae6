/**
 * The analysis layer: from a matrix to an AnalysisReport (formulas and defaults: docs/analysis.md).
 * Pure and browser-safe: the webview bundles the granular exports below to recompute instantly
 * when a control moves.
 */
import { version } from '../../../package.json';
import { scale as scaleMatrixBy } from '../matrix';
import { maxAbs } from '../linalg/dense';

/**
 * The largest entry analysed: 2^1000 leaves 2^23 of headroom below the largest double, so
 * ||W||_F, sigma_max and every scaled product stay finite for any matrix up to 2^23 rows.
 */
export const MAX_ENTRY = 2 ** 1000;
import type { AnalyzeOptions } from '../options';
import type { AnalysisReport, MatrixReport } from '../report';
import type { NamedMatrix, WeightFile } from '../weightFile';
import { UsageError } from '../errors';
import type { ProgressSink } from '../progress';
import { assertFinite } from './guard';
import { checkOptions, checkSparseWork, checkWork } from './inputs';
import { analyzeSparse, SPARSER_ROUTE } from './sparse';
import { csrFromDense, csrScale, nnzOf, type CsrMatrix } from '../sparse/csr';
import type { Matrix } from '../matrix';
import { analyzeSquare } from './square';
import { analyzeStack } from './stack';
import { analyzeRecurrences } from '../recurrences';

/** The package version, stamped into every report. */
export const ANALYSIS_VERSION: string = version;

export { linearTrajectory, linearTrajectoryFrom, projectUpstream, defaultUpstream } from './bptt';
export type { LinearTrajectory, UpstreamOptions } from './bptt';
export { boundSeries } from './bound';
export type { BoundInput } from './bound';
export { clippingReport, pytorchLog10Coef, d2lLog10Coef, defaultHiddenStates, PYTORCH_CLIP_EPS, VANISHED_LOG10 } from './clipping';
export type { ClippingInput, ClippingDetails } from './clipping';
export { tanhTrajectory, tanhForward, tanhBackward, tanhInputs, TANH_INPUT_STD, TANH_GAMMA } from './tanh';
export { lstmGradient, lstmInputs, LSTM_INPUT_STD } from './lstm';
export { analyzeStack, lastStepGain, gainRate } from './stack';
export type { LstmRunInput, LstmGateOrder } from './lstm';
export { gruGradient, gruInputs, GRU_INPUT_STD } from './gru';
export type { GruRunInput, GruGateOrder } from './gru';
export { gatePathLog10, resolveGateBias, combinedBias, sigmoid, DEFAULT_FORGET_BIAS } from './gates';
export { lstmWhatIf, squareTrajectory, WHAT_IF_FORGET_BIASES } from './square';
export { verdictOf, asymptoticOf, peakOf } from './verdict';
export { spectrumOf, radiusBound } from './spectrum';
export { analyzeSparse, csrOperator, SPARSE_ROUTE_FROM, SPARSER_ROUTE, takesSparseRoute, SPARSE_EIGENVALUES, SPARSE_EIGS, sparseEigsFor } from './sparse';
export { assertFinite, InternalAnalysisError } from './guard';
export { log10Add, log10Norm2, scaledVec } from './logspace';
export type { ScaledVec } from './logspace';
export { unitGaussianVectors, streamSeed, STREAM } from './streams';

/**
 * Analyses one matrix (square W or gate stack) of a file. `progress` is told each stage's numbers
 * as they exist, so an analysis stopped part-way still leaves what it had (see core/progress).
 */
export function analyzeMatrix(m: NamedMatrix, options: AnalyzeOptions, progress?: ProgressSink): MatrixReport {
  checkOptions(options);
  if (m.sparse !== undefined) return analyzeSparseMatrix(m, m.sparse, options);
  // One pass over the entries: maxAbs is NaN or Infinity exactly when an entry is.
  const given = maxAbs(m.matrix.data);
  if (!Number.isFinite(given)) throw new UsageError(`${m.name || 'the matrix'} has a non-finite entry`);
  const w = options.scale === 1 ? m.matrix : scaleMatrixBy(m.matrix, options.scale);
  const big = options.scale === 1 ? given : maxAbs(w.data);
  if (!Number.isFinite(big)) throw new UsageError(`scaling ${m.name || 'the matrix'} by ${options.scale} overflows float64`);
  const label = m.name || 'the matrix';
  if (big > MAX_ENTRY) {
    // Norms, sums and products of such entries overflow double precision: ask for a scaled copy.
    throw new UsageError(`${label} has entries up to ${big.toPrecision(3)}, beyond ${MAX_ENTRY.toPrecision(3)} (2^1000), where its norms and products overflow double precision; analyse it with a scale factor below 1 (CLI --scale, the panel's scale)`);
  }
  if (w.rows === 0 || w.cols === 0) throw new UsageError(`${label} is empty (${w.rows} x ${w.cols})`);
  const stacked = (m.role === 'lstm' || m.role === 'gru') && w.rows !== w.cols;
  if (stacked) {
    const g = m.role === 'lstm' ? 4 : 3;
    if (w.rows !== g * w.cols) throw new UsageError(`${label} is ${w.rows} x ${w.cols}: an ${m.role.toUpperCase()} stack must be ${g * w.cols} x ${w.cols}`);
  } else if (w.rows !== w.cols) throw new UsageError(`${label} is ${w.rows} x ${w.cols}: a recurrent matrix must be square`);
  let denseNote: string | undefined;
  if (!stacked) {
    const a = sparseEnough(m.matrix);
    if (a) {
      const r = analyzeSparseMatrix(m, a, options);
      const stored = `stored dense with ${(100 * (r.sparse?.density ?? 0)).toPrecision(2)}% of its entries non-zero`;
      // Krylov–Schur can fail where the dense QR does not (every eigenvalue on one circle, say): then the dense route answers.
      if (r.sparse?.converged) return { ...r, notes: [`${stored}: analysed through sparse products, faster at or below ${100 * SPARSER_ROUTE.density}% from n = ${SPARSER_ROUTE.from}`, ...r.notes] };
      denseNote = `${stored}; the sparse route's eigenvalue iteration did not converge, so the dense route answered`;
    }
  }
  checkWork(options, w.cols, label);
  progress?.({ kind: 'matrix', name: m.name, role: m.role, shape: m.shape });
  const computed = stacked ? analyzeStack(m, w, options, progress) : analyzeSquare(m, w, options, progress);
  const report = denseNote === undefined ? computed : { ...computed, notes: [denseNote, ...computed.notes] };
  assertFinite(report, `matrix ${m.name || '(unnamed)'}`);
  progress?.({ kind: 'done', report });
  return report;
}

/**
 * A square dense matrix whose non-zero entries are few enough for the sparse route to be faster
 * (SPARSER_ROUTE, as for sparse files), as CSR; else null. Counting comes first: no copy otherwise.
 */
function sparseEnough(w: Matrix): CsrMatrix | null {
  const n = w.rows;
  if (n !== w.cols || n < SPARSER_ROUTE.from) return null;
  const most = Math.floor(SPARSER_ROUTE.density * n * n);
  let nnz = 0;
  for (const x of w.data) if (x !== 0 && ++nnz > most) return null;
  return csrFromDense(w);
}

function analyzeSparseMatrix(m: NamedMatrix, a: CsrMatrix, options: AnalyzeOptions): MatrixReport {
  const label = m.name || 'the matrix';
  for (const x of a.values) if (!Number.isFinite(x)) throw new UsageError(`${label} has a non-finite entry`);
  const w = options.scale === 1 ? a : csrScale(a, options.scale);
  for (const x of w.values) if (!Number.isFinite(x)) throw new UsageError(`scaling ${label} by ${options.scale} overflows float64`);
  if (w.rows === 0 || w.cols === 0) throw new UsageError(`${label} is empty (${w.rows} x ${w.cols})`);
  if (w.rows !== w.cols) throw new UsageError(`${label} is ${w.rows} x ${w.cols}: a recurrent matrix must be square`);
  checkSparseWork(options, w.rows, nnzOf(w), label);
  const report = analyzeSparse(m, w, options);
  assertFinite(report, `matrix ${m.name || '(unnamed)'}`);
  return report;
}

/**
 * Analyses the file's matrices: only `names` when given, else every candidate.
 * `fileName` is reported as given (the CLI passes the path the user typed).
 */
export function analyzeFile(file: WeightFile, fileName: string, options: AnalyzeOptions, names?: readonly string[], progress?: ProgressSink): AnalysisReport {
  checkOptions(options);
  let chosen = file.matrices;
  if (names !== undefined) {
    chosen = names.map((name) => {
      const m = file.matrices.find((x) => x.name === name);
      if (m === undefined) {
        const have = file.matrices.map((x) => x.name || '(unnamed)').join(', ');
        throw new UsageError(`no matrix named "${name}" (found: ${have || 'none'})`);
      }
      return m;
    });
  }
  const recurrences = analyzeRecurrences(file.recurrent ?? [], { horizon: options.horizon, deltaScale: options.deltaScale ?? 1 });
  const report: AnalysisReport = {
    tool: 'rnn-gradient-lens',
    version: ANALYSIS_VERSION,
    file: fileName,
    format: file.format,
    horizon: options.horizon,
    thresholds: options.thresholds,
    matrices: chosen.map((m) => analyzeMatrix(m, options, progress)),
    skipped: file.others.map((x) => ({ name: x.name, shape: x.shape, reason: x.reason })),
    ...(file.notes && file.notes.length > 0 ? { notes: [...file.notes] } : {}),
    recurrences: recurrences.reports,
    unrecognisedRecurrences: [...(file.unrecognisedRecurrences ?? []), ...recurrences.unrecognised],
  };
  // The recurrences' per-channel lists were checked as they were built (recurrences/index.ts).
  assertFinite({ ...report, recurrences: report.recurrences.map(({ eigenvalues: _e, logModulus: _l, phase: _p, ...rest }) => rest) });
  return report;
}
