/**
 * Order statistics without a full sort: a model's layers have tens of thousands of channels each,
 * and the per-layer numbers need only a handful of ranks (min, max, medians, gain quantiles).
 */

/**
 * Rearranges `a` in place so that, for every wanted rank r (0-based, ascending order), a[r] holds
 * the value a full ascending sort would put there. Quickselect with a three-way partition (equal
 * values settle at once), recursing only into ranges that hold a wanted rank; a range still open
 * after 2·log2(n) levels is sorted, so the worst case stays O(n log n). Every step removes the
 * pivot's equal run from the range, so it ends whatever the values (NaN counts as equal).
 */
export function selectRanks(a: Float64Array, ranks: readonly number[]): void {
  const n = a.length;
  const wanted = [...new Set(ranks.filter((r) => Number.isInteger(r) && r >= 0 && r < n))].sort((x, y) => x - y);
  if (wanted.length === 0) return;
  const maxDepth = 2 * Math.ceil(Math.log2(n + 1)) + 4;
  // Ranges to settle: [lo, hi] inclusive, the slice [rlo, rhi) of `wanted` inside, the depth.
  const stack: [number, number, number, number, number][] = [[0, n - 1, 0, wanted.length, 0]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [lo, hi, rlo, rhi, depth] = top;
    if (rlo >= rhi || lo >= hi) continue;
    if (depth > maxDepth || hi - lo < 16) {
      a.subarray(lo, hi + 1).sort();
      continue;
    }
    const [lt, gt] = partition3(a, lo, hi, medianOf3(a[lo] as number, a[(lo + hi) >> 1] as number, a[hi] as number));
    let split = rlo;
    while (split < rhi && (wanted[split] as number) < lt) split++;
    let after = split;
    while (after < rhi && (wanted[after] as number) <= gt) after++;
    stack.push([lo, lt - 1, rlo, split, depth + 1], [gt + 1, hi, after, rhi, depth + 1]);
  }
}

const medianOf3 = (x: number, y: number, z: number): number => (x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y);

/** Dutch-flag partition of a[lo..hi] around p: returns [lt, gt] with a[lt..gt] the values equal to p. */
function partition3(a: Float64Array, lo: number, hi: number, p: number): [number, number] {
  let lt = lo;
  let gt = hi;
  let i = lo;
  while (i <= gt) {
    const v = a[i] as number;
    if (v < p) {
      a[i++] = a[lt] as number;
      a[lt++] = v;
    } else if (v > p) {
      a[i] = a[gt] as number;
      a[gt--] = v;
    } else i++;
  }
  return [lt, gt];
}
