/** The CLI's subcommands, in one table: `run.ts` dispatches on `name`, `--help` lists `summary`. */
import { runAnalyze } from './analyze';
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
  // `report`: added here by src/cli/report.ts (runReport) when that module lands; until then the
  // subcommand is listed and says it is not available in this build.
  {
    name: 'report',
    summary: 'write a standalone report of a weights file',
    run: async (_argv, io) => {
      io.stderr('rnn-gradient-lens: report: not available in this build\n');
      return 2;
    },
  },
];
