/**
 * Priming an idle worker: the first numbers of a large matrix (sigma_max, then the eigenvalues)
 * run hot loops that a fresh thread has never run, so its first large solve pays the JIT's warm-up
 * and compiles the WebAssembly kernels on the way. An idle worker runs the same calls on a few
 * small made-up matrices first, one call per turn of the event loop, and stops at once when a job
 * comes: a job waits at most one call (the largest, n = PRIME_SIZES' last, takes ~0.1-0.2 s).
 * The results are thrown away; nothing the worker answers depends on having primed or not.
 */
import { eigenvalues, frobeniusNorm, spectralNorm } from '../../core/linalg';
import type { Matrix } from '../../core/matrix';
import { gaussianData } from '../../core/random';

/**
 * Sizes primed, smallest first. The largest reaches the multishift QR (from n = 320) and a
 * Lanczos sigma_max (above the 128 whose singular values are all computed), the paths n = 1024 takes.
 */
export const PRIME_SIZES: readonly number[] = [96, 192, 384];

/** A Gaussian n x n matrix scaled to spectral radius about 1 (deterministic: the same every time). */
function sample(n: number): Matrix {
  const data = gaussianData(n, n, n);
  const s = 1 / Math.sqrt(n);
  for (let i = 0; i < data.length; i++) data[i]! *= s;
  return { rows: n, cols: n, data };
}

/** The calls, in order, each a step small enough to yield after. */
export function primingSteps(sizes: readonly number[] = PRIME_SIZES): (() => void)[] {
  return sizes.flatMap((n) => {
    const m = sample(n);
    return [
      () => void spectralNorm(m),
      () => void frobeniusNorm(m),
      () => void eigenvalues(m, { keepHessenberg: true }),
    ];
  });
}

/**
 * Runs `steps` one per `setImmediate` turn (so a posted job is taken between two of them) until
 * all ran or `stopped()` says a job came; then calls `done` with how many ran.
 */
export function runWhileIdle(steps: readonly (() => void)[], stopped: () => boolean, done: (ran: number) => void): void {
  let i = 0;
  const next = (): void => {
    if (i >= steps.length || stopped()) return done(i);
    steps[i++]!();
    setImmediate(next);
  };
  setImmediate(next);
}
