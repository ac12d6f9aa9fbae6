/** A small seeded generator (deterministic start vectors, tests and benchmarks). */

/** mulberry32: uniform in [0, 1). */
export function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal deviates by Box–Muller. */
export function gaussian(seed: number): () => number {
  const u = uniform(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const v = spare;
      spare = undefined;
      return v;
    }
    let a = u();
    while (a === 0) a = u();
    const r = Math.sqrt(-2 * Math.log(a));
    const th = 2 * Math.PI * u();
    spare = r * Math.sin(th);
    return r * Math.cos(th);
  };
}

/** A rows x cols Float64Array of standard normal deviates. */
export function gaussianData(rows: number, cols: number, seed: number): Float64Array {
  const g = gaussian(seed);
  const d = new Float64Array(rows * cols);
  for (let i = 0; i < d.length; i++) d[i] = g();
  return d;
}
