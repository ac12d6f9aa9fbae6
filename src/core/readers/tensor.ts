import type { WeightFileError } from '../errors';
import type { Layout, Role, TextSpan } from '../weightFile';

/**
 * What a file's own structure says a tensor is (an ONNX node's R, a Keras layer's recurrent
 * kernel): classification takes it instead of guessing from the name, the shape or the options.
 */
export interface KnownRecurrent {
  readonly role: Role;
  /** `keras`: stored H x gH and transposed on reading; `pytorch`: gH x H rows, h_t = W h_{t-1}. */
  readonly layout: Layout;
  /** Gate names in stack order when they are not the layout's usual ones (ONNX LSTM: i, o, f, c). */
  readonly gates?: readonly string[];
  /** Biases in the same gate order (length gH), when the file pairs them with this tensor. */
  readonly biasIH?: Float64Array;
  readonly biasHH?: Float64Array;
}

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
  readonly known?: KnownRecurrent;
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
  /** Passed on to WeightFile.notes. */
  readonly notes?: readonly string[];
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
