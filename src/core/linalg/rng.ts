/** Seeded Gaussian data for deterministic start vectors, tests and benchmarks. */
import { gaussian } from '../random';

export { gaussian };

/** A rows x cols Float64Array of standard normal deviates. */
export function gaussianData(rows: number, cols: number, seed: number): Float64Array {
  const g = gaussian(seed);
  const d = new Float64Array(rows * cols);
  for (let i = 0; i < d.length; i++) d[i] = g();
  return d;
}
