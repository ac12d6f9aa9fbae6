/**
 * V8's optimising compilers for a one-shot analysis of a small file: off from the start. The
 * heavy loops of a small matrix run in WebAssembly, and the JavaScript that is left (reading,
 * the report) is not hot long enough for an optimising compile on the other core to pay for
 * itself. Measured in cold processes at n = 64 (21 paired runs, load 11): 156 -> 139 ms of CPU;
 * at n = 256 the same setting cost 120 ms more, so the analysis turns them back on as soon as a
 * matrix is large enough to be primed (prime.ts). Set after the bundle's code cache was read:
 * V8's check of that cache covers the flags.
 */
import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

/** Input up to this size counts as small (about a 64 x 64 matrix as JSON text, 128 x 128 as .npy). */
export const SMALL_INPUT_BYTES = 128 * 1024;

/** True for `analyze` naming only files of at most SMALL_INPUT_BYTES (arguments that are not files are skipped). */
export function smallOneShot(argv: readonly string[]): boolean {
  if (argv[0] !== 'analyze') return false;
  let files = 0;
  for (const arg of argv.slice(1)) {
    try {
      const st = statSync(arg);
      if (!st.isFile()) continue;
      if (st.size > SMALL_INPUT_BYTES) return false;
      files++;
    } catch {
      // an option or its value, or a missing file the CLI will report
    }
  }
  return files > 0;
}

/** The optimising tiers on (V8's default) or off (interpreter and baseline compiler only). */
export function optimisingTiers(on: boolean): void {
  setFlagsFromString(on ? '--max-opt=999' : '--max-opt=1');
}
