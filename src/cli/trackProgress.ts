/**
 * A one-line count on stderr while `track` works through a run ("37/200 checkpoints · step_1850.pt"),
 * redrawn in place. Only for a terminal, and only when stdout is not streaming to the same one.
 */
import { basename } from 'node:path';
import type { CliIO } from './io';

/** Redraws at most this often (ms), so a fast run does not flood the terminal. */
const EVERY_MS = 100;
/** Back to the line's start and erase it. */
const ERASE = '\r\u001b[2K';

export interface TrackProgress {
  /** `done` of the run's checkpoints are through; `file` is the last one. */
  step(done: number, file?: string): void;
  /** Erases the line: before any other stderr text, and at the end. */
  clear(): void;
}

export const NO_PROGRESS: TrackProgress = { step: () => undefined, clear: () => undefined };

export function trackProgress(io: CliIO, total: number, streamsToStdout: boolean, now: () => number = Date.now): TrackProgress {
  if (io.stderrIsTTY !== true || total < 2 || (streamsToStdout && io.isTTY === true)) return NO_PROGRESS;
  let shown = false;
  let last = -Infinity;
  return {
    step(done, file) {
      const t = now();
      if (done < total && t - last < EVERY_MS) return;
      last = t;
      io.stderr(`${ERASE}${done}/${total} checkpoints${file === undefined ? '' : ` · ${basename(file)}`}`);
      shown = true;
    },
    clear() {
      if (!shown) return;
      io.stderr(ERASE);
      shown = false;
    },
  };
}
