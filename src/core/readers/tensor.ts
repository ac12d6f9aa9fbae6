import type { WeightFileError } from '../errors';
import type { CsrMatrix } from '../sparse/csr';
import type { Layout, Role, TextSpan } from '../weightFile';
import type { LayerTensor, TensorListing } from '../recurrences/types';
import { mayBeRecurrent } from './names';

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
  /**
   * A matrix stored sparse: the entries in CSR. `data` then holds the dense form only when it is
   * small (see SPARSE_DENSE_COPY_UP_TO), else nothing.
   */
  readonly sparse?: CsrMatrix;
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
  /** Every tensor by name and shape, for finding modern recurrences (absent: `tensors` is all). */
  readonly listing?: readonly TensorListing[];
  /** Reads one listed tensor's values on demand (binary formats; absent: from `tensors`). */
  readonly read?: (name: string) => LayerTensor;
}

/**
 * Whether a tensor of this shape could be analysed or attached as a matrix (square, a gate stack
 * either way, a bias): only those are converted up front, so an embedding table costs no copy.
 */
export function mayMatter(shape: readonly number[]): boolean {
  if (shape.length === 1) return true;
  if (shape.length !== 2) return false;
  const [r, c] = shape as [number, number];
  return r === c || r === 3 * c || r === 4 * c || c === 3 * r || c === 4 * r || r === 2;
}

/**
 * Why a binary format's tensor is not worth converting up front (undefined: convert it): not a
 * matrix shape, or a gate-stack shape under a name that is no recurrent weight (an embedding or a
 * projection of a large model), which classification would refuse with the same words.
 */
export function skipReason(name: string, shape: readonly number[]): string | undefined {
  if (!mayMatter(shape)) {
    const why = shape.length === 2 ? 'neither square nor a gate stack' : shape.length === 0 ? 'a scalar' : `a ${shape.length}-D array`;
    return `${shapeText(shape)}, ${why}`;
  }
  const [r, c] = shape;
  if (shape.length === 2 && r !== c && r !== 2 && !mayBeRecurrent(name)) {
    return `${shapeText(shape)}, ${NOT_RECURRENT_STACK}`;
  }
  return undefined;
}

/** Why a gate-stack shape is not analysed when its name is not a recurrent weight's. */
export const NOT_RECURRENT_STACK = 'shaped like a gate stack but not named as a recurrent weight (weight_hh, recurrent_kernel)';

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
