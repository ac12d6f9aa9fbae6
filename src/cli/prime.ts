/**
 * JIT priming for the one-shot CLI. V8 optimises a hot kernel from the types and branches it has
 * seen so far: a kernel first met on a large matrix gets optimised before its rarer branches ran,
 * deoptimises when they do, and runs interpreted until it is recompiled. One analysis of a small
 * seeded matrix first (about 10 ms) runs every branch once, so the real analysis reaches stable
 * optimised code sooner — in a cold process at n = 256 it saves several times what it costs.
 */
import { analyzeMatrix } from '../core/analysis';
import { powerNormsLog10 } from '../core/linalg/powerNorms';
import { gaussianData } from '../core/random';
import { DEFAULT_OPTIONS } from '../core/options';
import type { NamedMatrix } from '../core/weightFile';

/** Small enough to cost little in the interpreter, large enough to take every branch of the QR sweeps. */
const PRIMER_SIZE = 16;
/**
 * Below this size the analysis itself is over before priming would pay for itself: measured in
 * cold processes, priming cost about 4 ms more than it saved at n = 64, and saved a few ms at
 * n = 96 and some 35 ms at n = 256.
 */
export const PRIME_FROM = 80;

/** True when one of `matrices` is large enough for priming to pay. */
export function worthPriming(matrices: readonly NamedMatrix[]): boolean {
  return matrices.some((m) => m.matrix.cols >= PRIME_FROM);
}

/** Analyses a fixed small matrix and discards the result; never throws. */
export function primeKernels(): void {
  const n = PRIMER_SIZE;
  const data = gaussianData(n, n, 0x5eed);
  // Entries of size 1/sqrt(n): a spectral radius near 1, like a trained W_hh.
  for (let i = 0; i < data.length; i++) data[i]! /= Math.sqrt(n);
  const primer: NamedMatrix = { name: 'primer', shape: [n, n], matrix: { rows: n, cols: n, data }, role: 'matrix', layout: 'pytorch', dtype: 'float64', score: 0 };
  try {
    analyzeMatrix(primer, { ...DEFAULT_OPTIONS, horizon: 3 });
    // The primer's size takes the WebAssembly norms; matrices above WASM_NORMS_UP_TO take these.
    powerNormsLog10(primer.matrix, 3, { wasmNorms: false });
  } catch {
    // Priming only affects speed; the real analysis reports any problem itself.
  }
}
