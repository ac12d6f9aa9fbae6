/** The committed run fixture (scripts/fixtures/make_run_fixtures.py): numpy's numbers per step. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { readWeightFile } from '../../src/core/readers';
import type { Verdict } from '../../src/core/report';
import { checkpointNames, orderCheckpoints, resolveStep, summarizeCheckpoint, type CheckpointSummary } from '../../src/core/run';

export const RUN_DIR = join(__dirname, '..', 'fixtures', 'run');

export interface ExpectedPoint {
  readonly spectralRadius: number;
  readonly spectralNorm: number;
  readonly log10NormAtHorizon: number | null;
  readonly verdict: Verdict;
}

export interface ExpectedRun {
  readonly tolerance: { readonly spectralRadius: number; readonly spectralNorm: number; readonly log10NormAtHorizon: number };
  readonly horizon: number;
  readonly steps: readonly number[];
  readonly words: readonly string[];
  readonly series: Readonly<Record<string, readonly ExpectedPoint[]>>;
  /** numpy's ‖W_a − W_b‖_F / ‖W_a‖_F between steps a and b, per matrix. */
  readonly compare: { readonly a: number; readonly b: number; readonly relativeChange: Readonly<Record<string, number>> };
}

export const EXPECTED: ExpectedRun = JSON.parse(readFileSync(join(RUN_DIR, 'expected.json'), 'utf8')) as ExpectedRun;

/** Index of the first checkpoint whose verdict differs from the one before, in numpy's verdicts. */
export function expectedFirstChange(points: readonly ExpectedPoint[]): number {
  return points.findIndex((p, i) => i > 0 && p.verdict !== points[i - 1]?.verdict);
}

/** Relative closeness (absolute below 1). */
export function near(actual: number | null, expected: number | null, tol: number, what: string): void {
  if (actual === null || expected === null) {
    if (actual !== expected) throw new Error(`${what}: ${String(actual)} vs ${String(expected)}`);
    return;
  }
  const err = Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
  if (!(err <= tol)) throw new Error(`${what}: ${actual} vs numpy ${expected} (error ${err.toExponential(2)} > ${tol})`);
}

/** The run in a fixture folder as the panel's scanner would hold it (mtime = listing order). */
export function summariesOf(dir: string): CheckpointSummary[] {
  const options = { ...DEFAULT_OPTIONS, horizon: EXPECTED.horizon };
  const names = checkpointNames(readdirSync(dir));
  return orderCheckpoints(
    names.map((n, i) => {
      const file = join(dir, n);
      const weights = readWeightFile(new Uint8Array(readFileSync(file)), file);
      return { file, mtimeMs: i, size: 0, ...resolveStep(file, weights.meta), ...summarizeCheckpoint(weights, options) };
    }),
  );
}
