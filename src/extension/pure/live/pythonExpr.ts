/**
 * Python expressions sent to a paused debugpy frame. The user's expression (or the adapter's
 * `evaluateName`) only ever travels as a string literal handed to `compile(..., 'eval')`, so it is
 * parsed as exactly one expression: text that tries to close a parenthesis and add statements is a
 * SyntaxError in the debuggee, never code. Everything around it is a chain of lambdas: nothing is
 * bound in the frame's namespace, no import is left in it and nothing is written anywhere.
 */

/** An ASCII-only Python string literal for any text (escapes every character outside printable ASCII). */
export function pyStringLiteral(text: string): string {
  let out = "'";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\' || ch === "'") out += `\\${ch}`;
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}'`;
}

/** The frame's builtins, globals and locals, taken at the top level of the evaluated expression. */
const FRAME_ARGS = "__import__('builtins'), __import__('builtins').globals(), __import__('builtins').locals()";

/** `(lambda b, g, l: BODY(v))(...)` where `v` is the value of `expression` in the paused frame. */
function withValue(expression: string, body: string): string {
  const value = `b.eval(b.compile(${pyStringLiteral(expression)}, '<rnn-gradient-lens>', 'eval'), g, l)`;
  return `(lambda b, g, l: (lambda v: ${body})(${value}))(${FRAME_ARGS})`;
}

/**
 * `RGL1|<type>|<dtype>|<d0,d1,...>|<itemsize>` without converting or copying the value; the shape
 * is `-` when the value has none. Bytes per element come from the value's own API (numpy and JAX
 * `itemsize`, PyTorch `element_size()`, TensorFlow `dtype.size`).
 */
export function pythonProbe(expression: string): string {
  const type = "type(v).__module__.split('.')[0] + '.' + type(v).__name__";
  const shape = "(','.join(str(d) for d in v.shape) if hasattr(v, 'shape') and not callable(v.shape) else '-')";
  const dtype = "str(getattr(v, 'dtype', ''))";
  const itemsize =
    "str(getattr(v, 'itemsize', None) or (v.element_size() if hasattr(v, 'element_size') else 0) or getattr(getattr(v, 'dtype', None), 'size', 0) or 0)";
  return withValue(expression, `'|'.join(['RGL1', ${type}, ${dtype}, ${shape}, ${itemsize}])`);
}

/**
 * The value as a NumPy array: PyTorch tensors detached and moved to the CPU (bfloat16 widened to
 * float32, which NumPy lacks), anything else (NumPy, JAX, TensorFlow) through `numpy.asarray`.
 * Types the .npy reader does not take (bool, bfloat16 from ml_dtypes) become float32.
 */
const AS_ARRAY =
  "(lambda np: (lambda a: a if a.dtype.kind in 'fiu' and a.dtype.itemsize in (1, 2, 4, 8) else a.astype('float32'))(" +
  "(lambda t: (t.float() if str(t.dtype) == 'torch.bfloat16' else t).numpy())(v.detach().cpu()) " +
  "if type(v).__module__.split('.')[0] == 'torch' and hasattr(v, 'detach') else np.asarray(v)))(__import__('numpy'))";

/** The .npy bytes of the value, base64 (written to an in-memory buffer only). */
const NPY_BASE64 =
  `(lambda f: (__import__('numpy').save(f, ${AS_ARRAY}, allow_pickle=False), __import__('base64').b64encode(f.getvalue()).decode('ascii'))[1])(__import__('io').BytesIO())`;

/**
 * `<length>:<crc32>:<chars offset..offset+count of the base64 text>`. Each chunk serialises the
 * value again (nothing can be kept between evaluations without binding a name); the CRC of the
 * whole text lets the host see a value that changed between chunks.
 */
export function pythonChunk(expression: string, offset: number, count: number): string {
  const end = Number.isFinite(count) ? String(offset + count) : '';
  const slice = `(lambda s: str(len(s)) + ':' + str(__import__('zlib').crc32(s.encode('ascii'))) + ':' + s[${offset}:${end}])(${NPY_BASE64})`;
  return withValue(expression, slice);
}
