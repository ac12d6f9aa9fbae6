/**
 * `rnn-gradient-lens analyze FILE`: read → analyse → print. Returns the exit code; every refusal
 * becomes one located line on stderr (thrown as WeightFileError / UsageError, caught in run.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import { analyzeFile } from '../core/analysis';
import { WeightFileError } from '../core/errors';
import { DEFAULT_OPTIONS, type AnalyzeOptions } from '../core/options';
import { MB, tooLargeMessage } from '../core/limits';
import { readWeightSource, type ByteSource } from '../core/readers';
import { readableExtensions } from '../core/readers/registry';
import { PartialReportBuilder, TEST_SPIN_ENV, withTestSpin } from '../core/progress';
import type { AnalysisReport } from '../core/report';
import type { NamedMatrix, WeightFile } from '../core/weightFile';
import { parseAnalyzeArgs, type AnalyzeArgs, type FailOn } from './args';
import { EXIT_GAVE_UP, runWithin } from './budget';
import { formatPartial, gaveUpLine } from './gaveUp';
import { primeKernels, worthPriming } from './prime';
import { optimisingTiers } from './tiering';
import { formatReport } from './human';
import { siblingOpener } from '../node/siblings';
import type { CliIO } from './io';
import { ANSI, PLAIN, useColour } from './style';
import { withFileSource } from '../node/fileByteSource';
import { checkUpstreamWidth, parseUpstream, type Upstream } from './upstream';
import { limitCountsBytesRead } from '../core/formats';

/** Checks a file the user named before reading it: it exists, is a file, and is within the limit. */
function checkInput(path: string, maxBytes: number, setting: string): void {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new WeightFileError('not a regular file', { kind: 'file' });
    size = st.size;
  } catch (err) {
    if (err instanceof WeightFileError) throw err;
    throw new WeightFileError(describeFsError(err), { kind: 'file' });
  }
  if (size > maxBytes) throw new WeightFileError(tooLargeMessage(size, maxBytes, setting), { kind: 'file' });
}

/** Reads a whole small input (the --upstream JSON) after checkInput. */
export function readInput(path: string, maxBytes: number): Uint8Array {
  checkInput(path, maxBytes, '--max-size');
  try {
    const buf = readFileSync(path);
    // A plain Uint8Array view (no copy): Buffer#slice shares memory where Uint8Array#slice copies,
    // and readers are written against the Uint8Array contract.
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (err) {
    throw new WeightFileError(describeFsError(err), { kind: 'file' });
  }
}

/**
 * Reads a weights file the user named (size checked first) into a WeightFile; a refusal is a
 * LocatedError naming the file and the place.
 */
export function loadWeights(file: string, args: Pick<AnalyzeArgs, 'layout' | 'maxSizeMB' | 'kind'>): WeightFile {
  return withFile(file, () => {
    const maxBytes = args.maxSizeMB * MB;
    // A checkpoint read by offset is held to the limit by the bytes its reader takes, not its size.
    checkInput(file, limitCountsBytesRead(file) ? Infinity : maxBytes, '--max-size');
    const read = { layout: args.layout, maxBytes, maxBytesSetting: '--max-size', openSibling: siblingOpener(file), ...(args.kind === undefined ? {} : { recurrenceKind: args.kind }) };
    // Random access: readers of large checkpoints fetch only the ranges they need.
    return openInput(file, (source) => readWeightSource(source, file, read));
  });
}

/** withFileSource, with open/read failures as one-line refusals. */
function openInput<T>(path: string, use: (source: ByteSource) => T): T {
  try {
    return withFileSource(path, use);
  } catch (err) {
    if (err instanceof WeightFileError || !(err instanceof Error) || !('code' in err)) throw err;
    throw new WeightFileError(describeFsError(err), { kind: 'file' });
  }
}

function describeFsError(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory, not a file';
  return `cannot read the file${code ? ` (${code})` : ''}`;
}

/** `--matrix NAME` must name a candidate; the message lists the names the file has. */
export function selectMatrices(file: WeightFile, names: readonly string[], fileName: string): readonly NamedMatrix[] {
  if (names.length === 0) return file.matrices;
  return names.map((name) => {
    const m = file.matrices.find((x) => x.name === name);
    if (m) return m;
    const other = file.others.find((x) => x.name === name);
    if (other) throw new LocatedError(`${fileName}: '${name}' [${other.shape.join('×')}] cannot be analysed: ${other.reason}`);
    const known = file.matrices.map((x) => (x.name === '' ? '(unnamed)' : x.name)).join(', ');
    throw new LocatedError(`${fileName}: no matrix named '${name}'; the file has: ${known || 'no matrices'}`);
  });
}

/** The hidden size a row of dL/do must have: n for a square W, H for a gate stack gH × H. */
function hiddenSize(m: NamedMatrix): number {
  return m.matrix.cols;
}

export function toOptions(a: Omit<AnalyzeArgs, 'file'>, upstream?: Upstream): AnalyzeOptions {
  return {
    ...DEFAULT_OPTIONS,
    horizon: a.horizon ?? DEFAULT_OPTIONS.horizon,
    clipTau: a.clipTau ?? DEFAULT_OPTIONS.clipTau,
    lossAt: a.lossAt ?? DEFAULT_OPTIONS.lossAt,
    scale: a.scale ?? DEFAULT_OPTIONS.scale,
    seed: a.seed ?? DEFAULT_OPTIONS.seed,
    ...(a.forgetBias === undefined ? {} : { forgetBias: a.forgetBias }),
    ...(a.deltaScale === undefined ? {} : { deltaScale: a.deltaScale }),
    ...(upstream ? { upstream: upstream.rows } : {}),
  };
}

/** The --fail-on verdicts that some analysed matrix has, in the order the user gave them. */
export function failedVerdicts(report: AnalysisReport, failOn: readonly FailOn[]): FailOn[] {
  return failOn.filter((v) => report.matrices.some((m) => m.verdict === v));
}

/**
 * What every subcommand reads: --upstream (bounded by --max-size) and the weights file (its size
 * checked before it is read), the matrices --matrix selects, and the upstream's width checked
 * against each. Refusals come as LocatedErrors naming the file and the place.
 */
export function loadInputs(args: AnalyzeArgs): { weights: WeightFile; upstream: Upstream | undefined; chosen: readonly NamedMatrix[] } {
  const upPath = args.upstream;
  const upstream = upPath === undefined ? undefined : withFile(upPath, () => parseUpstream(new TextDecoder('utf-8').decode(readInput(upPath, args.maxSizeMB * MB))));
  const weights = loadWeights(args.file, args);
  const chosen = selectMatrices(weights, args.matrices, args.file);
  if (chosen.length === 0 && (weights.recurrent ?? []).length === 0) {
    throw new LocatedError(`${args.file}: no square matrix, gate stack or modern recurrent layer found to analyse`);
  }
  if (upPath !== undefined && upstream) {
    withFile(upPath, () => chosen.forEach((m) => checkUpstreamWidth(upstream, hiddenSize(m), m.name === '' ? 'the matrix' : `'${m.name}'`)));
  }
  return { weights, upstream, chosen };
}

export interface Analysed {
  readonly weights: WeightFile;
  readonly upstream: Upstream | undefined;
  readonly report: AnalysisReport;
}

/**
 * Reads and analyses within --timeout. Past it, prints the one-line give-up on stderr and what was
 * computed (the partial report, marked incomplete; JSON with --json) and returns undefined: the
 * caller exits with EXIT_GAVE_UP.
 */
export function analyzeWithin(args: AnalyzeArgs, io: CliIO): Analysed | undefined {
  const partial = new PartialReportBuilder(args.file, args.horizon ?? DEFAULT_OPTIONS.horizon);
  const sink = withTestSpin(partial.sink, io.env[TEST_SPIN_ENV]);
  const run = runWithin(args.timeoutSeconds * 1000, () => {
    const { weights, upstream, chosen } = loadInputs(args);
    partial.read(weights.format);
    if (worthPriming(chosen)) {
      // A small file may hold a matrix large enough for them to pay (see tiering.ts).
      optimisingTiers(true);
      primeKernels();
    }
    const report = analyzeFile(weights, args.file, toOptions(args, upstream), args.matrices.length > 0 ? args.matrices : undefined, sink);
    return { weights, upstream, report };
  });
  if (run.done) return run.value;
  const snapshot = partial.snapshot();
  io.stderr(`rnn-gradient-lens: ${args.file}: ${gaveUpLine(args.timeoutSeconds, snapshot)} (--timeout ${args.timeoutSeconds}; 0 for no limit)\n`);
  if (args.json) io.stdout(JSON.stringify({ ...snapshot, gaveUpAfterSeconds: args.timeoutSeconds }) + '\n');
  else io.stdout(formatPartial(snapshot, args.timeoutSeconds));
  return undefined;
}

export async function runAnalyze(argv: readonly string[], io: CliIO): Promise<number> {
  const args = parseAnalyzeArgs(argv);
  if (args.help) {
    io.stdout(ANALYZE_HELP);
    return 0;
  }
  const done = analyzeWithin(args, io);
  if (!done) return EXIT_GAVE_UP;
  const { report, upstream } = done;
  if (args.json) {
    io.stdout(JSON.stringify(report) + '\n');
  } else {
    io.stdout(formatReport(report, useColour(io.isTTY, io.env) ? ANSI : PLAIN, upstream ? undefined : (args.seed ?? DEFAULT_OPTIONS.seed)));
  }
  const failed = failedVerdicts(report, args.failOn);
  if (failed.length > 0) {
    io.stderr(`rnn-gradient-lens: --fail-on matched: ${failed.join(', ')}\n`);
    return 1;
  }
  return 0;
}

/** Runs `fn`, turning a WeightFileError into a LocatedError that carries the file name. */
export function withFile<T>(fileName: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof WeightFileError) throw new LocatedError(err.format(fileName));
    throw err;
  }
}

/** A refusal already formatted with its file and place: printed as is. */
export class LocatedError extends Error {
  constructor(readonly line: string) {
    super(line);
    this.name = 'LocatedError';
  }
}

export const ANALYZE_HELP = `usage: rnn-gradient-lens analyze <file> [options]

Reads the recurrent matrix W_hh (or an LSTM/GRU gate stack) from a weights file
(${readableExtensions().map((e) => `.${e}`).join(', ')}) and reports its
spectrum, ‖W^k‖ and the BPTT gradient-norm trajectory; modern recurrent layers
(Mamba, Mamba-2, S4D, LRU, RWKV, xLSTM) get their eigenvalues λ, half-lives
and a verdict against the horizon T.

options:
  --matrix NAME         analyse only this tensor (repeatable); default: every
                        square matrix and gate stack in the file
  --horizon T           k = 0..T for ‖W^k‖, and the trajectory length when no
                        --upstream is given (default 60, at most 100000)
  --upstream FILE       JSON {"dLdo": [[...], ...]}: T rows of length n give
                        dL/do_1..dL/do_T and set the trajectory's T
  --clip TAU            clipping threshold τ > 0 (PyTorch clip_grad_norm_;
                        default 1)
  --forget-bias B       LSTM forget-gate bias (default: the file's, else 1)
  --layout L            pytorch or keras: how to read ambiguous gate stacks
  --scale C             what-if: analyse C·W instead of W (default 1)
  --loss-at WHEN        every (a loss at every step, default) or last
  --seed N              seed of the default dL/do and the tanh/LSTM forward
                        passes (default 1)
  --max-size MB         refuse files larger than this (default 200)
  --timeout SECONDS     give up after this long (default 120; 0: no limit),
                        print what was computed so far, marked incomplete
  --kind K              modern recurrences of kind K only (mamba, mamba2, s4d,
                        lru, rwkv, rwkv7, xlstm), names matched loosely
  --delta-scale C       what-if: the step Δ of modern recurrences times C > 0
                        (λ → λ^C; default 1)
  --json                print the full report as JSON
  --fail-on LIST        exit 1 if a matrix's verdict is in LIST: exploding,
                        vanishing, transient-growth (comma-separated)

exit codes: 0 done, 1 a --fail-on verdict matched, 2 bad input or usage,
            4 gave up at --timeout.
`;
