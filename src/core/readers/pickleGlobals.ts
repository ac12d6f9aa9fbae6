/**
 * The allowlist: the only globals a pickle may call, each a pure-data constructor rebuilt here by
 * hand. Anything else stays an inert `PyGlobal`; calling it makes a `PyObject` that records its
 * arguments, and the unpickler names it in the report's notes.
 */
import {
  NumpyArray, NumpyDType, PyDict, PyGlobal, PyList, PySet, PyTuple, TensorRef, TorchType, itemsOf,
  type DictKey, type PyValue, type StorageRef,
} from './pickleValues';

/** torch storage classes and dtypes → element type name (`float32` …, as ELEMENT_TYPES names). */
const TORCH_TYPES: Record<string, string> = {
  DoubleStorage: 'float64', FloatStorage: 'float32', HalfStorage: 'float16', BFloat16Storage: 'bfloat16',
  LongStorage: 'int64', IntStorage: 'int32', ShortStorage: 'int16', CharStorage: 'int8', ByteStorage: 'uint8',
  BoolStorage: 'bool', ComplexFloatStorage: 'complex64', ComplexDoubleStorage: 'complex128',
  QInt8Storage: 'qint8', QUInt8Storage: 'quint8', QInt32Storage: 'qint32', UntypedStorage: 'uint8',
  float64: 'float64', double: 'float64', float32: 'float32', float: 'float32', float16: 'float16', half: 'float16',
  bfloat16: 'bfloat16', int64: 'int64', long: 'int64', int32: 'int32', int: 'int32', int16: 'int16', int8: 'int8',
  uint8: 'uint8', bool: 'bool', complex64: 'complex64', complex128: 'complex128',
};

/** Module names that older writers used for the same thing. */
const MODULE_ALIASES: Record<string, string> = {
  __builtin__: 'builtins', copy_reg: 'copyreg', 'numpy._core.multiarray': 'numpy.core.multiarray', 'torch.storage': 'torch',
  'numpy._core.numeric': 'numpy.core.numeric',
};

export type Constructor = (args: readonly PyValue[]) => PyValue;

const int = (v: PyValue | undefined): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined);
const ints = (v: PyValue | undefined): number[] | undefined => {
  const items = itemsOf(v);
  if (!items) return undefined;
  const out = items.map(int);
  return out.every((x): x is number => x !== undefined && x >= 0) ? out : undefined;
};

const isStorage = (v: PyValue | undefined): v is StorageRef =>
  typeof v === 'object' && v !== null && 'kind' in v && (v as { kind: unknown }).kind === 'storage';

/** `_rebuild_tensor(storage, offset, size, stride)` and the v2/v3 forms with more trailing arguments. */
function rebuildTensor(args: readonly PyValue[], dtypeAt?: number): PyValue {
  const [storage, offset, size, stride] = args;
  const shape = ints(size);
  const strides = ints(stride);
  const off = int(offset);
  if (!isStorage(storage) || shape === undefined || strides === undefined || off === undefined || off < 0 || shape.length !== strides.length) {
    throw new Error('a tensor rebuild with arguments that are not (storage, offset, size, stride)');
  }
  const dtype = dtypeAt === undefined ? undefined : args[dtypeAt];
  const typed = dtype instanceof TorchType ? { ...storage, dtype: dtype.dtype } : storage;
  return new TensorRef(typed, off + storage.viewOffset, shape, strides);
}

const dictFrom = (pairs: PyValue | undefined): PyDict => {
  const d = new PyDict();
  for (const p of itemsOf(pairs) ?? []) {
    const kv = itemsOf(p);
    if (kv && kv.length === 2) d.map.set(kv[0] as DictKey, kv[1] as PyValue);
  }
  return d;
};

/** numpy scalar: `scalar(dtype, bytes)` → a number for the float/int types. */
function numpyScalar(args: readonly PyValue[]): PyValue {
  const [dt, raw] = args;
  if (!(dt instanceof NumpyDType) || !(raw instanceof Uint8Array)) return null;
  const m = /^([<>|=]?)([fiub])(\d+)$/.exec(dt.descr);
  if (!m) return null;
  const le = m[1] !== '>';
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const size = Number(m[3]);
  if (raw.length < size) return null;
  if (m[2] === 'f') return size === 8 ? v.getFloat64(0, le) : size === 4 ? v.getFloat32(0, le) : null;
  if (m[2] === 'b') return raw[0] !== 0;
  if (size === 8) return Number(m[2] === 'i' ? v.getBigInt64(0, le) : v.getBigUint64(0, le));
  if (size === 4) return m[2] === 'i' ? v.getInt32(0, le) : v.getUint32(0, le);
  if (size === 2) return m[2] === 'i' ? v.getInt16(0, le) : v.getUint16(0, le);
  return m[2] === 'i' ? v.getInt8(0) : v.getUint8(0);
}

const CONSTRUCTORS: Record<string, Constructor> = {
  'collections.OrderedDict': (a) => dictFrom(a[0]),
  'builtins.dict': (a) => dictFrom(a[0]),
  'builtins.set': (a) => new PySet([...(itemsOf(a[0]) ?? [])]),
  'builtins.frozenset': (a) => new PySet([...(itemsOf(a[0]) ?? [])]),
  'builtins.list': (a) => new PyList([...(itemsOf(a[0]) ?? [])]),
  'builtins.tuple': (a) => new PyTuple([...(itemsOf(a[0]) ?? [])]),
  'builtins.complex': (a) => new PyTuple([a[0] ?? 0, a[1] ?? 0]),
  'builtins.slice': (a) => new PyTuple([...a]),
  'builtins.bytearray': (a) => (a[0] instanceof Uint8Array ? a[0] : new Uint8Array(0)),
  // Protocol 2 writes bytes as _codecs.encode(text, 'latin1'): each code point is one byte.
  '_codecs.encode': (a) => {
    const s = typeof a[0] === 'string' ? a[0] : '';
    const enc = typeof a[1] === 'string' ? a[1].toLowerCase().replace(/[-_]/g, '') : 'utf8';
    return enc === 'latin1' || enc === 'iso88591' ? Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff) : new TextEncoder().encode(s);
  },
  'torch._utils._rebuild_tensor': (a) => rebuildTensor(a),
  'torch._utils._rebuild_tensor_v2': (a) => rebuildTensor(a),
  'torch._utils._rebuild_tensor_v3': (a) => rebuildTensor(a, 6),
  'torch._utils._rebuild_parameter': (a) => a[0] ?? null,
  'torch._utils._rebuild_parameter_with_state': (a) => a[0] ?? null,
  'torch.Size': (a) => new PyTuple([...(itemsOf(a[0]) ?? [])]),
  'torch.device': (a) => (typeof a[0] === 'string' ? a[0] : null),
  'numpy.core.multiarray.scalar': numpyScalar,
  'numpy.core.multiarray._reconstruct': () => new NumpyArray(),
  'numpy.dtype': (a) => new NumpyDType(typeof a[0] === 'string' ? a[0] : ''),
  'numpy.ndarray': () => new NumpyArray(),
};

/** The qualified name with old module names mapped to current ones. */
export function canonicalName(module: string, name: string): string {
  return `${MODULE_ALIASES[module] ?? module}.${name}`;
}

/**
 * What a GLOBAL opcode pushes: a torch element type, an allowlisted constructor (kept as its
 * PyGlobal, looked up again when called), or an inert stub.
 */
export function resolveGlobal(module: string, name: string): PyValue {
  const mod = MODULE_ALIASES[module] ?? module;
  if (mod === 'torch' && Object.prototype.hasOwnProperty.call(TORCH_TYPES, name)) {
    return new TorchType(TORCH_TYPES[name] as string, `${mod}.${name}`);
  }
  return new PyGlobal(mod, name);
}

/** The allowlisted constructor for a global, or undefined (then it is never run). */
export function constructorOf(g: PyGlobal): Constructor | undefined {
  const key = canonicalName(g.module, g.name);
  return Object.prototype.hasOwnProperty.call(CONSTRUCTORS, key) ? CONSTRUCTORS[key] : undefined;
}

/** BUILD on an allowlisted value: numpy arrays and dtypes take their state; others ignore it. */
export function buildAllowed(target: PyValue, state: PyValue): void {
  const s = itemsOf(state);
  if (target instanceof NumpyDType && s) {
    if (typeof s[1] === 'string') target.order = s[1];
  } else if (target instanceof NumpyArray && s && s.length >= 5) {
    target.shape = ints(s[1]) ?? [];
    target.descr = s[2] instanceof NumpyDType ? s[2].descr : '';
    target.fortran = s[3] === true;
    target.data = s[4] instanceof Uint8Array ? s[4] : undefined;
  }
  // A dict's state is its attributes (a state_dict's `_metadata`), not items: ignored.
}
