import type { WeightFileError } from '../errors';
import type { TextSpan } from '../weightFile';

/** A tensor as found in a file, before deciding what it is: values row-major in `shape`. */
export interface RawTensor {
  /** Name in the file (`""` for a file that is one bare array). */
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float64Array;
  /** float64, float32, float16, bfloat16, or `text`. */
  readonly dtype: string;
  readonly span?: TextSpan;
  readonly keySpan?: TextSpan;
}

/** A tensor-like entry that holds no numbers we can use (listed in `others`). */
export interface SkippedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly reason: string;
  readonly span?: TextSpan;
  /** Set when the entry looked like a tensor but could not be read: the file's refusal if nothing else is usable. */
  readonly error?: WeightFileError;
  /** The number itself, for a single number (a checkpoint's `step`, `epoch`). */
  readonly value?: number;
}

export interface RawFile {
  readonly tensors: readonly RawTensor[];
  readonly skipped: readonly SkippedTensor[];
  /** Free-form string metadata the format carries (safetensors `__metadata__`). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** `5x3`, `(5,)`-free rendering used in messages. */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 0 ? 'a scalar' : shape.join('x');
}

/** Number of elements, or Infinity when it would not be a safe integer (so callers refuse it). */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (!Number.isSafeInteger(n)) return Infinity;
  }
  return n;
}
