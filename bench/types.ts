/** One line of the benchmark table. Times are medians in milliseconds. */
export interface BenchRow {
  readonly group: string;
  readonly name: string;
  /** Our median, in the row's unit (ms unless `unit` says otherwise). */
  readonly ours: number;
  readonly unit?: string;
  /** numpy's median for the same work, when there is a reference. */
  readonly reference?: number;
  /** The goal in words, e.g. "<= numpy", "<= 2x LAPACK", "<= 50 ms". */
  readonly goal?: string;
  /** Whether the goal holds on this run (undefined when there is no goal or no reference). */
  readonly holds?: boolean;
  readonly note?: string;
}

export interface BenchContext {
  /** Scratch folder for generated inputs; removed after the run. */
  readonly tmpDir: string;
  /** python3 with numpy, or undefined when it is missing (rows then say so). */
  readonly python?: string;
  /** Runs per case; the median is reported. */
  readonly runs: number;
  /** Sizes asked for on the command line (`--sizes`); suites that take sizes run only these. */
  readonly sizes?: readonly number[];
  /** Time limit of one timed process, ms (`--limit`); a side past it is reported as not finished. */
  readonly limitMs: number;
  readonly log: (line: string) => void;
}

export interface BenchSuite {
  readonly name: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}
