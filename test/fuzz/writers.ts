/**
 * Writers for every format the readers take, used by the property tests and `npm run fuzz` to
 * produce files whose content is known. They follow the formats' specifications, not the readers.
 */

export interface Tensor {
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  /** Row-major values. */
  readonly data: readonly number[];
}

const enc = new TextEncoder();

/** A float64 as text that parses back to the same bits (keeps the sign of -0). */
export const num = (v: number): string => (Object.is(v, -0) ? '-0.0' : String(v));

const nested = (t: Tensor, fmt: (v: number) => string = num): string => {
  const rows: string[] = [];
  for (let r = 0; r < t.rows; r++) rows.push(`[${t.data.slice(r * t.cols, (r + 1) * t.cols).map(fmt).join(', ')}]`);
  return `[${rows.join(', ')}]`;
};

export type JsonStyle = 'bare' | 'named' | 'nested-keys' | 'flat-shape' | 'pretty';

export function writeJson(tensors: readonly Tensor[], style: JsonStyle): Uint8Array {
  const first = tensors[0] as Tensor;
  switch (style) {
    case 'bare':
      return enc.encode(nested(first));
    case 'named':
      return enc.encode(`{${tensors.map((t) => `${JSON.stringify(t.name)}: ${nested(t)}`).join(', ')}}`);
    case 'nested-keys':
      return enc.encode(`{"model": {"layer": {${tensors.map((t) => `${JSON.stringify(t.name)}: ${nested(t)}`).join(',\n')}}}}`);
    case 'flat-shape':
      return enc.encode(`{"shape": [${first.rows}, ${first.cols}], "data": [${first.data.map(num).join(', ')}]}`);
    case 'pretty':
      return enc.encode(`// weights\n{\n  ${tensors.map((t) => `${JSON.stringify(t.name)}: ${nested(t).replace(/\], \[/g, '],\n    [')}`).join(',\n  ')}\n}\n`);
  }
}

export interface CsvStyle {
  readonly delimiter: ',' | ';' | '\t' | ' ';
  readonly header: boolean;
  readonly pandasIndex: boolean;
  readonly crlf: boolean;
  readonly bom: boolean;
  readonly comments: boolean;
  readonly trailingDelimiter: boolean;
  /** numpy savetxt's `%.18e`. */
  readonly exponent18: boolean;
}

export function writeCsv(t: Tensor, s: CsvStyle): Uint8Array {
  const fmt = s.exponent18 ? (v: number): string => (Object.is(v, -0) ? '-0.000000000000000000e+00' : v.toExponential(18)) : num;
  const eol = s.crlf ? '\r\n' : '\n';
  const end = s.trailingDelimiter && s.delimiter !== ' ' ? s.delimiter : '';
  const lines: string[] = [];
  if (s.comments) lines.push('# exported weights', '');
  if (s.header) {
    const names = Array.from({ length: t.cols }, (_, j) => `h${j}`);
    lines.push((s.pandasIndex ? ['', ...names] : names).join(s.delimiter) + end);
  }
  for (let r = 0; r < t.rows; r++) {
    const cells = t.data.slice(r * t.cols, (r + 1) * t.cols).map(fmt);
    if (s.pandasIndex) cells.unshift(String(r));
    lines.push(cells.join(s.delimiter) + end);
    if (s.comments && r === 0) lines.push('# a comment between rows', '');
  }
  return enc.encode((s.bom ? '\ufeff' : '') + lines.join(eol) + eol);
}

export type NpyType = 'f8' | 'f4' | 'f2';
const SIZE: Record<NpyType, number> = { f8: 8, f4: 4, f2: 2 };

/** Writes element i of `bits`/`values` with the given type. f2 takes raw 16-bit patterns. */
function putElement(view: DataView, at: number, type: NpyType, value: number, le: boolean): void {
  if (type === 'f8') view.setFloat64(at, value, le);
  else if (type === 'f4') view.setFloat32(at, value, le);
  else view.setUint16(at, value, le);
}

export interface NpyOptions {
  readonly version: 1 | 2 | 3;
  readonly type: NpyType;
  readonly bigEndian: boolean;
  readonly fortran: boolean;
}

/** A .npy file per NEP 1; for f2, `data` holds the raw half-precision bit patterns. */
export function writeNpy(t: Tensor, o: NpyOptions): Uint8Array {
  const descr = `${o.bigEndian ? '>' : '<'}${o.type}`;
  const dict = `{'descr': '${descr}', 'fortran_order': ${o.fortran ? 'True' : 'False'}, 'shape': (${t.rows}, ${t.cols}), }`;
  const pre = o.version === 1 ? 10 : 12;
  const padded = dict + ' '.repeat((64 - ((pre + dict.length + 1) % 64)) % 64) + '\n';
  const size = SIZE[o.type];
  const out = new Uint8Array(pre + padded.length + t.rows * t.cols * size);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, o.version, 0]);
  const view = new DataView(out.buffer);
  if (o.version === 1) view.setUint16(8, padded.length, true);
  else view.setUint32(8, padded.length, true);
  out.set(enc.encode(padded), pre);
  const base = pre + padded.length;
  for (let k = 0; k < t.rows * t.cols; k++) {
    // Fortran order stores column by column.
    const r = o.fortran ? k % t.rows : Math.floor(k / t.cols);
    const c = o.fortran ? Math.floor(k / t.rows) : k % t.cols;
    putElement(view, base + k * size, o.type, t.data[r * t.cols + c] as number, !o.bigEndian);
  }
  return out;
}

export type StType = 'F64' | 'F32' | 'F16' | 'BF16';
const ST_SIZE: Record<StType, number> = { F64: 8, F32: 4, F16: 2, BF16: 2 };

/** A .safetensors file; for F16/BF16, `data` holds raw 16-bit patterns. */
export function writeSafetensors(tensors: readonly Tensor[], type: StType, metadata = true): Uint8Array {
  const size = ST_SIZE[type];
  const header: Record<string, unknown> = metadata ? { __metadata__: { format: 'pt' } } : {};
  let offset = 0;
  for (const t of tensors) {
    const bytes = t.rows * t.cols * size;
    header[t.name] = { dtype: type, shape: [t.rows, t.cols], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const head = enc.encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, head.length, true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const t of tensors) {
    for (const v of t.data) {
      if (type === 'F64') view.setFloat64(at, v, true);
      else if (type === 'F32') view.setFloat32(at, v, true);
      else view.setUint16(at, v, true);
      at += size;
    }
  }
  return out;
}

/** Half-precision bits to a number, through float32 bits (an independent route from the reader's). */
export function halfBitsToNumber(h: number): number {
  const sign = h >> 15;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return (sign ? -1 : 1) * frac * 2 ** -24;
  const f32 = new DataView(new ArrayBuffer(4));
  f32.setUint32(0, (sign << 31) | ((exp - 15 + 127) << 23) | (frac << 13));
  return f32.getFloat32(0);
}

/** bfloat16 bits to a number by its definition: sign, 8-bit exponent, 7-bit fraction. */
export function bf16BitsToNumber(b: number): number {
  const sign = b & 0x8000 ? -1 : 1;
  const exp = (b >> 7) & 0xff;
  const frac = b & 0x7f;
  if (exp === 0) return sign * frac * 2 ** -133;
  return sign * (1 + frac / 128) * 2 ** (exp - 127);
}

export type GgufType = 'F32' | 'F16' | 'BF16';
const GGML_ID: Record<GgufType | 'Q8_0', number> = { F32: 0, F16: 1, BF16: 30, Q8_0: 8 };

/**
 * A GGUF v3 file (llama.cpp's format, from its specification): metadata of several value types,
 * the tensors' infos with ggml dims (fastest first), 32-byte aligned data. F16/BF16 `data` holds
 * raw 16-bit patterns. `quantised` adds a Q8_0 tensor of that many 32-value blocks (never read).
 */
export function writeGguf(tensors: readonly Tensor[], type: GgufType, quantised = 1): Uint8Array {
  const parts: number[] = [];
  const u8 = (...b: number[]): void => void parts.push(...b);
  const u32 = (v: number): void => u8(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  const u64 = (v: number): void => {
    u32(v % 2 ** 32);
    u32(Math.floor(v / 2 ** 32));
  };
  const str = (s: string): void => {
    const b = enc.encode(s);
    u64(b.length);
    u8(...b);
  };
  const size = type === 'F32' ? 4 : 2;
  const all = [...tensors.map((t) => ({ t, id: GGML_ID[type], bytes: t.rows * t.cols * size })), ...(quantised > 0 ? [{ t: { name: 'token_embd.weight', rows: quantised, cols: 32, data: [] }, id: GGML_ID.Q8_0, bytes: quantised * 34 }] : [])];
  u8(0x47, 0x47, 0x55, 0x46);
  u32(3);
  u64(all.length);
  u64(4);
  str('general.architecture');
  u32(8);
  str('mamba');
  str('general.alignment');
  u32(4);
  u32(32);
  str('tokenizer.ggml.tokens');
  u32(9);
  u32(8);
  u64(2);
  str('a');
  str('b');
  str('general.scale');
  u32(12);
  u8(0, 0, 0, 0, 0, 0, 0xf0, 0x3f);
  let offset = 0;
  const offsets: number[] = [];
  for (const { t, id, bytes } of all) {
    str(t.name);
    u32(2);
    u64(t.cols);
    u64(t.rows);
    u32(id);
    u64(offset);
    offsets.push(offset);
    offset += Math.ceil(bytes / 32) * 32;
  }
  while (parts.length % 32 !== 0) u8(0);
  const out = new Uint8Array(parts.length + offset);
  out.set(parts);
  const view = new DataView(out.buffer);
  all.forEach(({ t }, i) => {
    let at = parts.length + (offsets[i] as number);
    for (const v of t.data) {
      if (type === 'F32') view.setFloat32(at, v, true);
      else view.setUint16(at, v, true);
      at += size;
    }
  });
  return out;
}
