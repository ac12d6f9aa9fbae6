/**
 * The finiteness check every read matrix and layer tensor goes through before it is analysed.
 * x * 0 is 0 for every finite x and NaN for NaN and ±Infinity, so a block's sum of x * 0 tells
 * without a branch per entry whether the block holds a bad value; only that block is searched.
 */

/** Entries summed per block before the sum is looked at. */
const BLOCK = 1024;

/** Index of the first NaN or infinity in `data`, or -1. */
export function firstNonFinite(data: Float64Array): number {
  const n = data.length;
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    let a = 0;
    let b = 0;
    let i = start;
    for (; i + 1 < end; i += 2) {
      a += (data[i] as number) * 0;
      b += (data[i + 1] as number) * 0;
    }
    if (i < end) a += (data[i] as number) * 0;
    if (a + b !== 0) {
      for (let k = start; k < end; k++) if (!Number.isFinite(data[k] as number)) return k;
    }
  }
  return -1;
}
