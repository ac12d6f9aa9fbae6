/** A disposable bag that counts what it holds, so tests can check nothing outlives its owner. */
export interface DisposableLike {
  dispose(): unknown;
}

export class CountedDisposables {
  private readonly items = new Set<DisposableLike>();
  private disposed = false;

  get size(): number {
    return this.items.size;
  }

  /** Holds `d` until dispose; after dispose, disposes it at once (nothing outlives the owner). */
  add<T extends DisposableLike>(d: T): T {
    if (this.disposed) d.dispose();
    else this.items.add(d);
    return d;
  }

  /** Disposes one item now and stops counting it. */
  remove(d: DisposableLike): void {
    if (this.items.delete(d)) d.dispose();
  }

  /**
   * Disposes every item, newest first, even when some throw; then throws the one error, or an
   * AggregateError of all of them. A second call does nothing.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const d of [...this.items].reverse()) {
      try {
        d.dispose();
      } catch (e) {
        errors.push(e);
      }
    }
    this.items.clear();
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} disposables failed to dispose`);
  }
}

/**
 * Coalesces bursts of events per key: the first event starts a timer and later ones within `ms`
 * join it, so a file rewritten 20 times a second still fires every `ms` (a plain debounce would
 * never fire while the writes go on).
 */
export class Coalescer<K> {
  private readonly timers = new Map<K, { timer: ReturnType<typeof setTimeout>; kinds: Set<string> }>();

  constructor(
    private readonly ms: number,
    private readonly fire: (key: K, kinds: ReadonlySet<string>) => void,
  ) {}

  get pending(): number {
    return this.timers.size;
  }

  push(key: K, kind: string): void {
    const t = this.timers.get(key);
    if (t) {
      t.kinds.add(kind);
      return;
    }
    const entry = {
      kinds: new Set([kind]),
      timer: setTimeout(() => {
        this.timers.delete(key);
        this.fire(key, entry.kinds);
      }, this.ms),
    };
    this.timers.set(key, entry);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t.timer);
    this.timers.clear();
  }
}
