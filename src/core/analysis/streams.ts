/**
 * The analysis's seeded vectors, one independent stream per use, so that every default (upstream
 * gradients, inputs of the tanh/LSTM forward passes, hidden states for dL/dW) is the same on
 * every machine and run. The numbers come from the core's one generator, `../random.ts`.
 */

import { gaussian } from '../random';

/** `count` vectors of length n, each with i.i.d. N(0, 1) entries scaled by `scale`. */
export function gaussianVectors(seed: number, count: number, n: number, scale = 1): Float64Array[] {
  const next = gaussian(seed);
  const out: Float64Array[] = [];
  for (let t = 0; t < count; t++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = next() * scale;
    out.push(v);
  }
  return out;
}

/** `count` Gaussian vectors of length n normalised to unit 2-norm (direction uniform on the sphere). */
export function unitGaussianVectors(seed: number, count: number, n: number): Float64Array[] {
  const out = gaussianVectors(seed, count, n);
  for (const v of out) {
    let s = 0;
    for (let i = 0; i < n; i++) s += (v[i] as number) ** 2;
    const norm = Math.sqrt(s);
    // A zero draw has probability 0; keep it a valid unit vector anyway.
    if (norm === 0) v[0] = 1;
    else for (let i = 0; i < n; i++) v[i] = (v[i] as number) / norm;
  }
  return out;
}

/**
 * Seeds of the independent streams derived from the user's seed, so that changing the horizon
 * never changes the upstream vectors of earlier steps and the streams never coincide.
 */
export const STREAM = { upstream: 0, hidden: 1, tanhInput: 2, lstmInput: 3, gruInput: 4 } as const;

export function streamSeed(seed: number, stream: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
}
