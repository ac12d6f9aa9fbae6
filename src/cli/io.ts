/** Where the CLI writes and what it knows of its terminal; tests pass their own. */
import { writeSync } from 'node:fs';

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal (colour is used only then). */
  readonly isTTY: boolean | undefined;
  /** Whether stderr is a terminal (track's progress line is drawn only then). */
  readonly stderrIsTTY?: boolean | undefined;
  readonly env: NodeJS.ProcessEnv;
}

/** Set once the reader of stdout has gone (`| head`): the rest of the output is dropped. */
let stdoutClosed = false;
/** Per fd: once a write went to the stream, later ones follow it there, in order. */
const viaStream = { 1: false, 2: false };

/**
 * process.stdout/stderr as streams, only when a direct write cannot finish. Their errors end the
 * process the way a direct write's would.
 */
function stream(fd: 1 | 2): NodeJS.WriteStream {
  const s = fd === 1 ? process.stdout : process.stderr;
  if (fd === 1 && s.listenerCount('error') === 0) {
    s.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      failOutput(err);
    });
  }
  return s;
}

function failOutput(err: NodeJS.ErrnoException): never {
  process.stderr.write(`rnn-gradient-lens: cannot write the output: ${err.code ?? err.message}\n`);
  process.exit(2);
}

/**
 * Writes `text` to fd 1 or 2 with plain write(2) calls. A one-shot run never needs the stream
 * behind process.stdout, whose setup alone costs about 2 ms when stdout is a pipe. A descriptor
 * that another process made non-blocking (EAGAIN) hands the rest to the stream, which waits.
 */
export function writeToFd(fd: 1 | 2, text: string): void {
  if (fd === 1 && stdoutClosed) return;
  if (viaStream[fd]) {
    stream(fd).write(text);
    return;
  }
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  try {
    while (off < buf.length) off += writeSync(fd, buf, off);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EAGAIN') {
      viaStream[fd] = true;
      stream(fd).write(buf.subarray(off));
    } else if (fd === 1) {
      // The reader closed the pipe: its choice, not an error; messages on stderr still go out.
      if (e.code === 'EPIPE') stdoutClosed = true;
      else failOutput(e);
    }
  }
}

export const processIO: CliIO = {
  stdout: (t) => writeToFd(1, t),
  stderr: (t) => writeToFd(2, t),
  // Asked only for text output; JSON runs never set up the stream.
  get isTTY() {
    return process.stdout.isTTY;
  },
  get stderrIsTTY() {
    return process.stderr.isTTY;
  },
  env: process.env,
};
