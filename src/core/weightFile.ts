import type { FormatId } from './formats';
import type { Matrix } from './matrix';
import type { ByteSource } from './readers/byteSource';
import type { RecurrenceKind, RecurrentLayerData, UnrecognisedLayer } from './recurrences/types';
import type { CsrMatrix } from './sparse/csr';

/** A format of the table in formats.ts. */
export type Format = FormatId;
export type Layout = 'pytorch' | 'keras';
/** `rnn`: a plain recurrent W_hh; `lstm`/`gru`: a gate stack; `matrix`: a square matrix of unknown role. */
export type Role = 'rnn' | 'lstm' | 'gru' | 'matrix';

/** Half-open range [start, end) of UTF-16 offsets into the decoded text (text formats only). */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

/** A recurrent matrix found in a file, in the orientation h_t = W h_{t-1}. */
export interface NamedMatrix {
  /** Tensor name (`rnn.weight_hh_l0`, `W_hh`); `""` for a file that is just one array. */
  readonly name: string;
  /** Shape as stored in the file (Keras `H x 4H` stays `[H, 4H]` here). */
  readonly shape: readonly [number, number];
  /**
   * The matrix in canonical orientation: square `n x n` for rnn/matrix, a row stack `gH x H` of
   * gate blocks for lstm (g = 4) and gru (g = 3). Keras kernels are already transposed.
   */
  readonly matrix: Matrix;
  /**
   * The matrix as read from a sparse file (CSR). Then `matrix` holds the dense form only up to
   * SPARSE_DENSE_COPY_UP_TO rows (for views that draw entries); above, its `data` is empty.
   */
  readonly sparse?: CsrMatrix;
  readonly role: Role;
  readonly layout: Layout;
  /** Element type in the file: float64, float32, float16, bfloat16, or `text` for JSON/CSV. */
  readonly dtype: string;
  /** Gate names in stack order (`['i','f','g','o']`, `['r','z','n']`, Keras `['i','f','c','o']`, `['z','r','h']`). */
  readonly gates?: readonly string[];
  /** Biases matched to this tensor, in the same gate order as the stack (length gH). */
  readonly biasHH?: Float64Array;
  readonly biasIH?: Float64Array;
  /** Where the tensor's value sits in a text file (for hover, diagnostics and CodeLens). */
  readonly span?: TextSpan;
  /** Where its name (JSON key) sits, when it has one. */
  readonly keySpan?: TextSpan;
  /** Ranks recurrent-looking names first; higher is more likely the W_hh the user means. */
  readonly score: number;
}

/** A tensor present in the file that is not an analysable matrix (listed, never analysed). */
export interface OtherTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly reason: string;
}

/**
 * Training counters a checkpoint carries beside its weights (a `step` scalar, safetensors
 * `__metadata__`, a pickled dict's `global_step`): what orders a run when file names do not.
 */
export interface CheckpointMeta {
  readonly step?: number;
  readonly globalStep?: number;
  readonly epoch?: number;
}

export interface WeightFile {
  readonly format: Format;
  /** Candidates, best first. */
  readonly matrices: readonly NamedMatrix[];
  readonly others: readonly OtherTensor[];
  /** Counters found in the file, when it has any. */
  readonly meta?: CheckpointMeta;
  /** What the reader wants users to know about the file (a checkpoint's globals that were not run). */
  readonly notes?: readonly string[];
  /** Modern recurrent layers found by name, their parameters read (absent: none). */
  readonly recurrent?: readonly RecurrentLayerData[];
  readonly unrecognisedRecurrences?: readonly UnrecognisedLayer[];
}

export interface ReadOptions {
  /** Overrides layout detection for ambiguous stacks. */
  readonly layout?: Layout;
  /** Refuse files larger than this many bytes (the setting/flag is named in the message). */
  readonly maxBytes?: number;
  /** Name of the setting or flag that controls maxBytes, quoted in the refusal. */
  readonly maxBytesSetting?: string;
  /**
   * Opens a file beside the one being read (ONNX external data) by a plain file name, never a
   * path; undefined when there is no such file. Readers check the name too; callers must refuse
   * `..`, separators and absolute paths themselves. Without it, such files are refused.
   */
  readonly openSibling?: OpenSibling;
  /** Read only this kind of modern recurrence, matching its names loosely (`--kind`). */
  readonly recurrenceKind?: RecurrenceKind;
}

/** Random access to a file beside the one being read, by its plain name; undefined when there is none. */
export type OpenSibling = (name: string) => ByteSource | undefined;
