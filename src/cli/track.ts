/**
 * `rnn-gradient-lens track <DIR | FILE...>`: every checkpoint of a run, ordered by step, analysed
 * on one thread per core (two at most; trackThreads.ts) and written in step order. A bad file is
 * reported on stderr with its place and skipped; the run goes on. Only per-checkpoint summaries
 * are kept (--json streams each full report as it is handed on) and only a few reports wait for
 * their turn (inOrder.ts), so memory does not grow with the number of checkpoints.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WeightFileError } from '../core/errors';
import { MB } from '../core/limits';
import type { AnalysisReport, RecurrenceReport } from '../core/report';
import { TEST_SPIN_ENV } from '../core/progress';
import { checkpointNames, checkpointSummaryOf, runExtensions, orderCheckpoints, resolveStep, stepFromName, type CheckpointSummary, type FileStamp, type StepSource } from '../core/run';
import { failedVerdicts, loadWeights, LocatedError, readInput, toOptions, withFile } from './analyze';
import { parseTrackArgs, type TrackArgs } from './args';
import { mapInOrder } from './inOrder';
import type { CliIO } from './io';
import { ANSI, PLAIN, useColour } from './style';
import { analyzeCheckpoint, type CheckpointOutcome, type TrackJob } from './trackCheckpoint';
import { CSV_HEADER, csvLines, formatRun } from './trackOutput';
import { NO_PROGRESS, trackProgress, type TrackProgress } from './trackProgress';
import { TrackThreads, trackWidth, trackWorkerScript } from './trackThreads';
import { parseUpstream, type Upstream } from './upstream';

interface Planned extends FileStamp {
  readonly step: number | null;
  readonly stepSource: StepSource;
}

/** Exit code when the run was printed but some files in it were skipped. */
export const EXIT_SKIPPED = 3;

function stampOf(file: string): FileStamp {
  const st = withFile(file, () => {
    try {
      return statSync(file);
    } catch {
      throw new WeightFileError('no such file or folder', { kind: 'file' });
    }
  });
  return { file, mtimeMs: st.mtimeMs, size: st.size };
}

/** The paths as files: a folder stands for its checkpoints (not recursive). */
function listRun(paths: readonly string[]): FileStamp[] {
  const out: FileStamp[] = [];
  for (const p of paths) {
    const st = stampOf(p);
    if (!statSync(p).isDirectory()) {
      out.push(st);
      continue;
    }
    const files = readdirSync(p, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name);
    const names = checkpointNames(files);
    if (names.length === 0) {
      const ext = runExtensions();
      throw new LocatedError(`${p}: no checkpoints here (files ending ${[...ext.binary, ...ext.text].map((e) => `.${e}`).join(', ')})`);
    }
    for (const n of names) out.push(stampOf(join(p, n)));
  }
  return out;
}

/** Sink for one output form; `add` is called in run order. */
interface Output {
  add(summary: CheckpointSummary, report: AnalysisReport): void;
  end(errors: readonly { file: string; error: string }[]): void;
}

/** A layer as analyze reports it, without its per-channel arrays (a Mamba layer has tens of thousands). */
function recurrenceEntry(r: RecurrenceReport): Omit<RecurrenceReport, 'eigenvalues' | 'logModulus' | 'phase' | 'gain' | 'tensors'> {
  const { eigenvalues: _e, logModulus: _l, phase: _p, gain: _g, tensors: _t, ...rest } = r;
  return rest;
}

function jsonOutput(io: CliIO): Output {
  let count = 0;
  io.stdout('{"tool":"rnn-gradient-lens","checkpoints":[');
  return {
    add(s, report) {
      const entry = {
        file: s.file,
        step: s.step,
        stepSource: s.stepSource,
        format: report.format,
        horizon: report.horizon,
        matrices: report.matrices,
        recurrences: report.recurrences.map(recurrenceEntry),
        skipped: report.skipped,
      };
      io.stdout(`${count++ === 0 ? '' : ','}\n${JSON.stringify(entry)}`);
    },
    end(errors) {
      io.stdout(`\n],"errors":${JSON.stringify(errors)}}\n`);
    },
  };
}

function csvOutput(io: CliIO): Output {
  io.stdout(`${CSV_HEADER}\n`);
  return {
    add: (s) => io.stdout(csvLines(s).map((l) => `${l}\n`).join('')),
    end: () => undefined,
  };
}

function humanOutput(io: CliIO, where: string): Output {
  const run: CheckpointSummary[] = [];
  return {
    add: (s) => void run.push(s),
    end: () => io.stdout(formatRun(run, where, useColour(io.isTTY, io.env) ? ANSI : PLAIN)),
  };
}

/** Each file's step: from its name, else from a counter inside (the file is read for it). */
function plan(stamps: readonly FileStamp[], args: TrackArgs, skip: (file: string, line: string) => void): Planned[] {
  const planned: Planned[] = [];
  for (const s of stamps) {
    if (stepFromName(s.file) !== undefined) {
      planned.push({ ...s, ...resolveStep(s.file) });
      continue;
    }
    try {
      const meta = loadWeights(s.file, args).meta;
      planned.push({ ...s, ...resolveStep(s.file, meta) });
    } catch (err) {
      if (!(err instanceof LocatedError)) throw err;
      skip(s.file, err.line);
    }
  }
  return orderCheckpoints(planned);
}

export async function runTrack(argv: readonly string[], io: CliIO): Promise<number> {
  const args = parseTrackArgs(argv);
  if (args.help) {
    io.stdout(TRACK_HELP);
    return 0;
  }
  const upPath = args.upstream;
  const upstream: Upstream | undefined = upPath === undefined ? undefined : withFile(upPath, () => parseUpstream(new TextDecoder('utf-8').decode(readInput(upPath, args.maxSizeMB * MB))));
  const options = toOptions(args, upstream);
  const errors: { file: string; error: string }[] = [];
  // Drawn once the run is planned; a file skipped while planning needs no erase.
  let progress: TrackProgress = NO_PROGRESS;
  const skip = (file: string, line: string): void => {
    errors.push({ file, error: line });
    progress.clear();
    io.stderr(`${line} (skipped)\n`);
  };
  const ordered = plan(listRun(args.paths), args, skip);
  const out = args.json ? jsonOutput(io) : args.csv ? csvOutput(io) : humanOutput(io, args.paths.join(', '));
  progress = trackProgress(io, ordered.length, args.json || args.csv);
  let done = 0;
  progress.step(0);
  const spin = io.env[TEST_SPIN_ENV];
  const job: TrackJob = { args, options, ...(upstream ? { upstream } : {}), ...(spin === undefined ? {} : { spin }) };
  let last: AnalysisReport | undefined;
  const handOn = (outcome: CheckpointOutcome, c: Planned): void => {
    if (outcome.ok) {
      out.add(checkpointSummaryOf(outcome.report, c, c.step, c.stepSource), outcome.report);
      last = outcome.report;
    } else skip(c.file, outcome.line);
    progress.step(++done, c.file);
  };
  // Threads only when there are several checkpoints and the threads' bundle is beside this one.
  const width = trackWidth(ordered.length);
  const script = width > 1 ? trackWorkerScript() : undefined;
  if (script === undefined) {
    for (const c of ordered) handOn(analyzeCheckpoint(c.file, job), c);
  } else {
    const threads = new TrackThreads(script, job);
    try {
      await mapInOrder(ordered, (c) => threads.run(c.file), handOn, { width });
    } finally {
      await threads.close();
    }
  }
  progress.clear();
  out.end(errors);
  if (!last) throw new LocatedError(`${args.paths.join(', ')}: no checkpoint of the run could be analysed`);
  const failed = failedVerdicts(last, args.failOn);
  if (failed.length > 0) {
    io.stderr(`rnn-gradient-lens: --fail-on matched in the last checkpoint (${last.file}): ${failed.join(', ')}\n`);
    return 1;
  }
  return errors.length > 0 ? EXIT_SKIPPED : 0;
}

export const TRACK_HELP = `usage: rnn-gradient-lens track <DIR | FILE...> [--json | --csv] [options]

Analyses every checkpoint of a training run and shows how the spectral radius,
σ_max, ‖W^T‖ and the verdict of each recurrent matrix move over the steps.

A folder stands for the checkpoints in it: files of every binary format analyze
reads (.npy, .safetensors, ...); JSON and CSV weights only when the folder has
no binary ones. Checkpoints are ordered by
step: the number in the file name (step_2 before step_10; epoch=3-step=300 is
step 300; ckpt-0012 is 12), else a step / global_step / epoch entry inside the
checkpoint, else modification time (the step is then null).

output:
  (default)   one table per matrix or layer: step, ρ (per gate for LSTM/GRU),
              σ_max, verdict; a modern layer: ρ, half-lives (min, median, max),
              non-decaying channels, memory verdict; the first change is marked
  --json      {"checkpoints": [{file, step, stepSource, matrices: [as in
              analyze --json], recurrences: [as in analyze --json, without
              the per-channel arrays]}], "errors": [{file, error}]}
  --csv       a header, then one line per checkpoint and matrix; an LSTM/GRU
              stack has its own line (its verdict) followed by one line per gate
              (column gate set); modern recurrent layers have one line each
              (verdict: the memory verdict; half_life_min/_median/_max)

Every option of analyze applies to each checkpoint (--matrix, --horizon,
--upstream, --clip, --forget-bias, --layout, --scale, --loss-at, --seed,
--max-size, --timeout: a checkpoint that gives up is skipped). --fail-on LIST
judges the last checkpoint of the run.

On a terminal, stderr counts the checkpoints done while the run is analysed.

exit codes: 0 done; 1 a --fail-on verdict matched in the last checkpoint;
2 bad usage, or no checkpoint could be analysed; 3 the run was printed but some
files were skipped (each named on stderr with its place).
`;
