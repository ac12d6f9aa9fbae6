/**
 * Work on a list with a few items at once, results handed on in list order. At most `width`
 * items run, and none starts more than `2 * width` places ahead of the next one to hand on, so
 * the results held back for order stay few however long the list (one slow file does not make
 * the others pile up in memory).
 */
export interface InOrderOptions {
  readonly width: number;
  /** Aborted: nothing more starts, nothing more is handed on, and the call rejects with its reason. */
  readonly signal?: AbortSignal;
}

export async function mapInOrder<T, R>(
  items: readonly T[],
  work: (item: T, index: number) => Promise<R>,
  emit: (result: R, item: T, index: number) => void,
  opts: InOrderOptions,
): Promise<void> {
  const width = Math.max(1, Math.floor(opts.width));
  const ahead = 2 * width;
  const results = new Map<number, R>();
  let started = 0;
  let emitted = 0;
  /** The first failure: nothing more starts; the items before it are still handed on. */
  let failure: { error: unknown; at: number } | undefined;
  // A lane waits here while it is too far ahead; each hand-on wakes the waiting lanes.
  let wake: (() => void)[] = [];
  const stopped = (): boolean => failure !== undefined || opts.signal?.aborted === true;
  const flush = (): void => {
    while (opts.signal?.aborted !== true && results.has(emitted) && emitted < (failure?.at ?? Infinity)) {
      const r = results.get(emitted) as R;
      results.delete(emitted);
      try {
        emit(r, items[emitted] as T, emitted);
      } catch (error) {
        failure = { error, at: emitted };
      }
      emitted++;
    }
    const waiting = wake;
    wake = [];
    for (const w of waiting) w();
  };
  const onAbort = (): void => flush();
  opts.signal?.addEventListener('abort', onAbort);
  const lane = async (): Promise<void> => {
    while (!stopped() && started < items.length) {
      if (started >= emitted + ahead) {
        await new Promise<void>((resolve) => wake.push(resolve));
        continue;
      }
      const i = started++;
      try {
        results.set(i, await work(items[i] as T, i));
      } catch (error) {
        if (!failure || i < failure.at) failure = { error, at: i };
      }
      flush();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  if (failure) throw failure.error;
  if (opts.signal?.aborted) throw opts.signal.reason;
}
