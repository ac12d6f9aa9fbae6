/** The last check before a report leaves the core: no NaN or Infinity anywhere in it. */

/** Thrown when a non-finite number reached a report: a bug in the analysis, never the user's input. */
export class InternalAnalysisError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalAnalysisError';
  }
}

/** Walks plain data (objects, arrays, typed arrays) and throws at the first non-finite number. */
export function assertFinite(value: unknown, path = 'report'): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InternalAnalysisError(`internal error: ${path} is ${value} (expected a finite number)`);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const arr = value as unknown as ArrayLike<number>;
    for (let i = 0; i < arr.length; i++) assertFinite(arr[i], `${path}[${i}]`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((x, i) => assertFinite(x, `${path}[${i}]`));
    return;
  }
  for (const [k, v] of Object.entries(value)) assertFinite(v, `${path}.${k}`);
}
