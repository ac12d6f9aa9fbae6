/** A least-recently-used map bounded by entry count and by a total weight (bytes held). */
export class WeightedLru<V> {
  private readonly map = new Map<string, { value: V; weight: number }>();
  private weight = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxWeight: number,
    private readonly weigh: (v: V) => number,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get totalWeight(): number {
    return this.weight;
  }

  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    this.map.delete(key); // re-insert: Map order is recency order
    this.map.set(key, e);
    return e.value;
  }

  set(key: string, value: V): void {
    this.delete(key);
    const w = Math.max(0, this.weigh(value));
    if (w > this.maxWeight) return; // larger than the whole cache: not kept
    this.map.set(key, { value, weight: w });
    this.weight += w;
    for (const [k, e] of this.map) {
      if (this.map.size <= this.maxEntries && this.weight <= this.maxWeight) break;
      this.map.delete(k);
      this.weight -= e.weight;
    }
  }

  delete(key: string): boolean {
    const e = this.map.get(key);
    if (!e) return false;
    this.map.delete(key);
    this.weight -= e.weight;
    return true;
  }

  /** Drops every entry whose key starts with `prefix` (all versions of one file). */
  deletePrefix(prefix: string): number {
    let n = 0;
    for (const k of [...this.map.keys()]) if (k.startsWith(prefix) && this.delete(k)) n++;
    return n;
  }

  clear(): void {
    this.map.clear();
    this.weight = 0;
  }
}
