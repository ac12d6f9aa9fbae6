/** The CLI's subcommands, in one table: `run.ts` dispatches on `name`, `--help` lists `summary`. */
import { runAnalyze } from './analyze';
import { runTrack } from './track';
import type { CliIO } from './io';

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Arguments after the subcommand's name; returns the exit code. */
  readonly run: (argv: readonly string[], io: CliIO) => Promise<number>;
}

export const COMMANDS: readonly Command[] = [
  {
    name: 'analyze',
    summary: 'analyse the recurrent matrix in a weights file (text or --json)',
    run: runAnalyze,
  },
  {
    name: 'track',
    summary: 'follow a training run: every checkpoint of a folder, ordered by step',
    run: runTrack,
  },
  {
    name: 'report',
    summary: 'write a standalone HTML report of a weights file (-o report.html)',
    // Loaded on use: `analyze` runs never pay for node:crypto and the page builder. A CommonJS
    // require, not import(): the CLI is CommonJS, and run from source (tsx) import() would go
    // through the ES module loader, which does not resolve extensionless .ts paths.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    run: async (argv, io) => (require('./htmlReport') as typeof import('./htmlReport')).runReport(argv, io),
  },
];
