/**
 * Deterministic pseudo-random numbers, so that every default (upstream gradients, inputs of the
 * tanh/LSTM forward passes, hidden states for dL/dW) is the same on every machine and run.
 * mulberry32 (32-bit state) feeds a Box-Muller transform for unit Gaussians.
 */

/** mulberry32: uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples by Box-Muller (both values of each pair are used). */
export function gaussian(seed: number): () => number {
  const uniform = mulberry32(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    // 1 - u lies in (0, 1], so the logarithm is finite.
    const r = Math.sqrt(-2 * Math.log(1 - uniform()));
    const theta = 2 * Math.PI * uniform();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

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
