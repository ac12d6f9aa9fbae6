/**
 * Orders results so the newest request always wins. Every request takes a ticket from one
 * increasing counter; a result is delivered only if no newer ticket on the same key has been
 * delivered before it, so a slow old analysis can never overwrite a newer one. Every ticket must
 * end in `deliver` or `abandon`, which keeps the maps as small as the requests in flight.
 */
export class LatestTracker {
  private next = 1;
  private readonly keys = new Map<string, { issued: number; delivered: number; pending: number }>();

  /** A new ticket for `key`; it supersedes every earlier ticket on that key. */
  begin(key: string): number {
    const t = this.next++;
    const k = this.keys.get(key);
    if (k) {
      k.issued = t;
      k.pending++;
    } else {
      this.keys.set(key, { issued: t, delivered: 0, pending: 1 });
    }
    return t;
  }

  /** True while `ticket` is the newest one issued on `key`. */
  isLatest(key: string, ticket: number): boolean {
    return this.keys.get(key)?.issued === ticket;
  }

  /** Ends `ticket`; true when its result may be shown (nothing newer was shown on `key` before). */
  deliver(key: string, ticket: number): boolean {
    const k = this.keys.get(key);
    if (!k) return false; // a ticket that was already ended, or never begun
    const ok = ticket >= k.delivered;
    if (ok) k.delivered = ticket;
    this.end(key, k);
    return ok;
  }

  /** Ends `ticket` without a result (cancelled or failed before producing one). */
  abandon(key: string): void {
    const k = this.keys.get(key);
    if (k) this.end(key, k);
  }

  private end(key: string, k: { pending: number }): void {
    k.pending--;
    if (k.pending <= 0) this.keys.delete(key);
  }

  /** True while some ticket on `key` has not ended. */
  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Keys with a request still outstanding (for leak tests). */
  get trackedKeys(): number {
    return this.keys.size;
  }
}
