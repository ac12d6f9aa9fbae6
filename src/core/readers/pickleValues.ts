/**
 * The values the restricted unpickler builds. Everything is plain data: containers hold values,
 * and a class or function the allowlist does not know is a `PyGlobal` that is never called; what
 * a pickle would have made with it is a `PyObject` that only records its arguments and state.
 */

export class PyGlobal {
  constructor(readonly module: string, readonly name: string) {}
  get qualified(): string {
    return `${this.module}.${this.name}`;
  }
}

export class PyList {
  constructor(readonly items: PyValue[] = []) {}
}

export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}

export class PySet {
  constructor(readonly items: PyValue[] = []) {}
}

/** A dict. Keys live in a Map, so `__proto__` or `constructor` are ordinary keys. */
export class PyDict {
  readonly map = new Map<DictKey, PyValue>();
}

/** An instance of a class that was not run: its constructor arguments and pickled state. */
export class PyObject {
  state: PyValue | undefined;
  constructor(readonly cls: PyGlobal | PyObject, readonly args: readonly PyValue[]) {}
}

/** A torch storage class or dtype (`torch.FloatStorage`, `torch.float32`): an element type. */
export class TorchType {
  constructor(readonly dtype: string, readonly qualified: string) {}
}

/** A storage named by the file (zip entry key or legacy key), resolved by the container reader. */
export interface StorageRef {
  readonly kind: 'storage';
  readonly key: string;
  readonly dtype: string;
  /** Elements claimed by the pickle. */
  readonly numel: number;
  /** Element offset into the key's storage (legacy storage views), usually 0. */
  readonly viewOffset: number;
}

/** A tensor as `_rebuild_tensor*` describes it: a strided view of a storage. */
export class TensorRef {
  constructor(
    readonly storage: StorageRef,
    readonly offset: number,
    readonly shape: readonly number[],
    readonly stride: readonly number[],
  ) {}
}

/** A numpy array from `numpy.core.multiarray._reconstruct` + its pickled state. */
export class NumpyArray {
  shape: readonly number[] = [];
  descr = '';
  fortran = false;
  data: Uint8Array | undefined;
}

/** `numpy.dtype('f8')`; the byte order comes later from its BUILD state. */
export class NumpyDType {
  order = '<';
  constructor(readonly code: string) {}
  get descr(): string {
    return (this.code.length > 0 && '<>|='.includes(this.code[0] as string) ? '' : this.order) + this.code;
  }
}

export type DictKey = string | number | bigint | boolean | null | object;

export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyGlobal
  | PyList
  | PyTuple
  | PySet
  | PyDict
  | PyObject
  | TorchType
  | TensorRef
  | NumpyArray
  | NumpyDType
  | StorageRef;

export const itemsOf = (v: PyValue | undefined): readonly PyValue[] | undefined =>
  v instanceof PyTuple || v instanceof PyList ? v.items : undefined;

/** A Python-ish short rendering of a value for notes (one line, bounded). */
export function shortRepr(v: PyValue | undefined, budget = 60): string {
  const text = (() => {
    if (v === undefined || v === null) return 'None';
    if (typeof v === 'string') return `'${v}'`;
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
    if (typeof v === 'boolean') return v ? 'True' : 'False';
    if (v instanceof PyTuple || v instanceof PyList) return v.items.map((x) => shortRepr(x, budget)).join(', ');
    if (v instanceof PyGlobal) return v.qualified;
    return '…';
  })();
  // Control characters and line separators become spaces: a note stays one line.
  const line = Array.from(text, (ch) => {
    const c = ch.charCodeAt(0);
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 ? ' ' : ch;
  }).join('');
  return line.length > budget ? `${line.slice(0, budget - 1)}…` : line;
}
