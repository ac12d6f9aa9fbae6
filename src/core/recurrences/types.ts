/**
 * Modern recurrent layers (state-space models and linear RNNs): their transition is diagonal, so
 * the eigenvalues λ come straight from the parameters (formulas and sources: docs/analysis.md).
 */

export const RECURRENCE_KINDS = ['mamba', 'mamba2', 's4d', 'lru', 'rwkv', 'rwkv7', 'xlstm'] as const;
export type RecurrenceKind = (typeof RECURRENCE_KINDS)[number];

export const isRecurrenceKind = (s: string): s is RecurrenceKind => (RECURRENCE_KINDS as readonly string[]).includes(s);

/** A tensor as listed in a file, before its values are read (only the names and shapes decide). */
export interface TensorListing {
  readonly name: string;
  /** Row-major shape (GGUF's ggml order is already reversed). */
  readonly shape: readonly number[];
  /** Element type as the file names it (F32, BF16, Q4_K, float32, ...). */
  readonly dtype: string;
  /** Why its values cannot be read (a quantised type, say), with the byte where they sit. */
  readonly unreadable?: { readonly reason: string; readonly offset: number };
}

/** The tensors one layer needs, found by name: role → tensor name. */
export interface LayerPlan {
  readonly layer: string;
  readonly kind: RecurrenceKind;
  readonly tensors: Readonly<Record<string, string>>;
  /** How the parameters are stored when a file departs from the model code (GGUF's ssm_a = A). */
  readonly variant?: string;
}

/** A layer whose tensors look recurrent but do not make up a known kind: listed, never guessed. */
export interface UnrecognisedLayer {
  readonly layer: string;
  readonly tensors: readonly string[];
  readonly reason: string;
  /** Byte offset of the tensor the layer could not read (a quantised one), when that is why. */
  readonly offset?: number;
}

/** A read tensor: values row-major in `shape`. */
export interface LayerTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly data: Float64Array;
  /** Where its value and its key sit in a text file (JSON): a TextSpan, for the editor's places. */
  readonly span?: { readonly start: number; readonly end: number };
  readonly keySpan?: { readonly start: number; readonly end: number };
}

/** One layer with its tensors read: plain data (crosses worker and webview boundaries). */
export interface RecurrentLayerData {
  readonly layer: string;
  readonly kind: RecurrenceKind;
  readonly variant?: string;
  readonly tensors: Readonly<Record<string, LayerTensor>>;
}

/** λ of every channel, channel order (row-major over the parameter's shape). */
export interface Eigen {
  readonly re: Float64Array;
  readonly im: Float64Array;
}
