/**
 * One checkpoint of `track`: read, checked and analysed within --timeout. The same function runs
 * on the CLI's main thread and in its track threads (trackWorker.ts), so both give the same
 * reports and the same located lines for files that are skipped.
 */
import { analyzeFile } from '../core/analysis';
import { PartialReportBuilder, withTestSpin } from '../core/progress';
import type { AnalyzeOptions } from '../core/options';
import type { AnalysisReport } from '../core/report';
import { loadWeights, LocatedError, selectMatrices, withFile } from './analyze';
import type { TrackArgs } from './args';
import { runWithin } from './budget';
import { gaveUpLine } from './gaveUp';
import { primeKernels, worthPriming } from './prime';
import { checkUpstreamWidth, type Upstream } from './upstream';

/** A checkpoint's report, or the located line that says why it is skipped. */
export type CheckpointOutcome = { readonly ok: true; readonly report: AnalysisReport } | { readonly ok: false; readonly line: string };

/** What every checkpoint of one `track` call shares (plain data: it crosses to the threads). */
export interface TrackJob {
  readonly args: TrackArgs;
  readonly options: AnalyzeOptions;
  readonly upstream?: Upstream;
  /** TEST_SPIN_ENV of the CLI's environment (the test hook that makes a stage spin). */
  readonly spin?: string;
}

let primed = false;

/** Analyses `file`; a file that cannot be read or gives up is an outcome, anything else throws. */
export function analyzeCheckpoint(file: string, job: TrackJob): CheckpointOutcome {
  const { args, options, upstream } = job;
  const upPath = args.upstream;
  // Each checkpoint has the whole --timeout; one that gives up is skipped like a bad file.
  const partial = new PartialReportBuilder(file, options.horizon);
  const sink = withTestSpin(partial.sink, job.spin);
  try {
    const run = runWithin(args.timeoutSeconds * 1000, () => {
      const weights = loadWeights(file, args);
      partial.read(weights.format);
      const chosen = selectMatrices(weights, args.matrices, file);
      if (chosen.length === 0 && (weights.recurrent ?? []).length === 0) throw new LocatedError(`${file}: no square matrix or gate stack found to analyse`);
      if (upPath !== undefined && upstream) withFile(upPath, () => chosen.forEach((m) => checkUpstreamWidth(upstream, m.matrix.cols, m.name === '' ? 'the matrix' : `'${m.name}'`)));
      if (!primed && worthPriming(chosen)) primeKernels();
      primed = true;
      return analyzeFile(weights, file, options, args.matrices.length > 0 ? args.matrices : undefined, sink);
    });
    if (!run.done) return { ok: false, line: `${file}: ${gaveUpLine(args.timeoutSeconds, partial.snapshot())} (--timeout ${args.timeoutSeconds})` };
    return { ok: true, report: run.value };
  } catch (err) {
    if (!(err instanceof LocatedError)) throw err;
    return { ok: false, line: err.line };
  }
}
