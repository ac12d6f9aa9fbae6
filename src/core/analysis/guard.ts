/** The last check before a report leaves the core: no NaN or Infinity anywhere in it. */

/** Thrown when a non-finite number reached a report: a bug in the analysis, never the user's input. */
export class InternalAnalysisError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalAnalysisError';
  }
}

/** Whether every number in plain data is finite (no paths built: the fast check of big reports). */
function allFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (value === null || typeof value !== 'object') return true;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const arr = value as unknown as ArrayLike<number>;
    for (let i = 0; i < arr.length; i++) if (!Number.isFinite(arr[i])) return false;
    return true;
  }
  if (Array.isArray(value)) {
    for (const x of value) if (!allFinite(x)) return false;
    return true;
  }
  for (const v of Object.values(value)) if (!allFinite(v)) return false;
  return true;
}

/** Walks plain data (objects, arrays, typed arrays) and throws at the first non-finite number. */
export function assertFinite(value: unknown, path = 'report'): void {
  if (allFinite(value)) return;
  findNonFinite(value, path);
}

/** The slow walk that names where the non-finite number is. */
function findNonFinite(value: unknown, path: string): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InternalAnalysisError(`internal error: ${path} is ${value} (expected a finite number)`);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const arr = value as unknown as ArrayLike<number>;
    for (let i = 0; i < arr.length; i++) findNonFinite(arr[i], `${path}[${i}]`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((x, i) => findNonFinite(x, `${path}[${i}]`));
    return;
  }
  for (const [k, v] of Object.entries(value)) findNonFinite(v, `${path}.${k}`);
}
