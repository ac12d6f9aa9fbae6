import { run } from './run';
import { errorMessage } from '../core/errors';

// Output goes through io.ts, which writes to the descriptors directly; a reader that closes the
// pipe early (`... --json | head`) is the reader's choice, not an error (see writeToFd).
run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Last resort: never a stack trace for users.
    process.stderr.write(`rnn-gradient-lens: internal error: ${errorMessage(err)}\n`);
    process.exitCode = 2;
  },
);
