import { run } from './run';

// `rnn-gradient-lens analyze big.json --json | head` closes the pipe early: that is the reader's
// choice, not an error to report with a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`rnn-gradient-lens: cannot write the output: ${err.code ?? err.message}\n`);
  process.exit(2);
});

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Last resort: never a stack trace for users.
    process.stderr.write(`rnn-gradient-lens: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
