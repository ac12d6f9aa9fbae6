/**
 * ONNX TensorProto values as float64: `raw_data` (little-endian), `float_data`, `double_data`,
 * `int32_data` (FLOAT16/BFLOAT16 bits), and external data in a file beside the model, read by
 * offset through the caller's `openSibling`. Only float element types are converted.
 */
import type { OpenSibling } from '../weightFile';
import type { ByteSource } from './byteSource';
import { decodeElements, ELEMENT_TYPES, type ElementType } from './floats';
import { fields, safeInt, text, varints, wireError, WIRE_I32, WIRE_I64, WIRE_LEN, type Field } from './protobuf';
import { elementCount, shapeText } from './tensor';


/** TensorProto.DataType values that hold floats, and how their bytes are laid out. */
const FLOAT_TYPES: Record<number, ElementType> = { 1: 'f4', 11: 'f8', 10: 'f2', 16: 'bf16' };
const TYPE_NAMES: Record<number, string> = {
  1: 'FLOAT', 2: 'UINT8', 3: 'INT8', 4: 'UINT16', 5: 'INT16', 6: 'INT32', 7: 'INT64', 8: 'STRING', 9: 'BOOL',
  10: 'FLOAT16', 11: 'DOUBLE', 12: 'UINT32', 13: 'UINT64', 14: 'COMPLEX64', 15: 'COMPLEX128', 16: 'BFLOAT16',
};

/** A TensorProto's fields, found but not yet converted. */
export interface TensorFields {
  readonly name: string;
  readonly at: number;
  readonly dims: number[];
  readonly dataType: number;
  readonly raw?: Field;
  readonly floats: Field[];
  readonly doubles: Field[];
  readonly int32s: Field[];
  readonly external: Map<string, string>;
  readonly externalLocation: boolean;
}

/** Scans a TensorProto message at [start, end): names, dims and where its values are. */
export function tensorFields(bytes: Uint8Array, start: number, end: number): TensorFields {
  let name = '';
  let dataType = 0;
  let raw: Field | undefined;
  let externalLocation = false;
  const dims: number[] = [];
  const floats: Field[] = [];
  const doubles: Field[] = [];
  const int32s: Field[] = [];
  const external = new Map<string, string>();
  for (const f of fields(bytes, start, end)) {
    if (f.no === 1) varints(bytes, f, 'tensor dims', dims);
    else if (f.no === 2) dataType = safeInt(f, 'tensor data_type');
    else if (f.no === 4) floats.push(f);
    else if (f.no === 5) int32s.push(f);
    else if (f.no === 8 && f.wire === WIRE_LEN) name = text(bytes, f);
    else if (f.no === 9 && f.wire === WIRE_LEN) raw = f;
    else if (f.no === 10) doubles.push(f);
    else if (f.no === 13 && f.wire === WIRE_LEN) {
      let key = '';
      let value = '';
      for (const e of fields(bytes, f.start, f.end)) {
        if (e.no === 1 && e.wire === WIRE_LEN) key = text(bytes, e);
        if (e.no === 2 && e.wire === WIRE_LEN) value = text(bytes, e);
      }
      external.set(key, value);
    } else if (f.no === 14) externalLocation = safeInt(f, 'tensor data_location') === 1;
  }
  return { name, at: start, dims, dataType, floats, doubles, int32s, external, externalLocation, ...(raw ? { raw } : {}) };
}

export const typeName = (t: number): string => TYPE_NAMES[t] ?? `type ${t}`;
export const isFloatType = (t: number): boolean => FLOAT_TYPES[t] !== undefined;
/** `float32`, `float64`, `float16`, `bfloat16` for a float data type. */
export const floatTypeName = (t: number): string => ELEMENT_TYPES[FLOAT_TYPES[t] ?? 'f4'].name;

/** A file name that can only mean a file in the model's own folder. */
export function isPlainSiblingName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\:\0]/.test(name);
}

/** Concatenated payloads of fixed-size values (packed runs or one value per field). */
function fixedValues(bytes: Uint8Array, fs: readonly Field[], type: ElementType, count: number, what: string): Float64Array {
  const size = ELEMENT_TYPES[type].size;
  const total = fs.reduce((n, f) => n + (f.end - f.start), 0);
  const first = fs[0] as Field;
  if (total !== count * size) throw wireError(`${what}: ${total / size} values for ${count} elements`, first.at);
  const out = new Float64Array(count);
  let k = 0;
  for (const f of fs) {
    if (f.wire !== WIRE_LEN && f.wire !== (size === 8 ? WIRE_I64 : WIRE_I32)) throw wireError(`${what}: wire type ${f.wire} cannot hold ${ELEMENT_TYPES[type].name} values`, f.at);
    const part = decodeElements(bytes, f.start, (f.end - f.start) / size, type, true);
    out.set(part, k);
    k += part.length;
  }
  return out;
}

/** FLOAT16/BFLOAT16 values kept one per int32 varint (the ONNX rule for int32_data). */
function bitsValues(bytes: Uint8Array, fs: readonly Field[], type: ElementType, count: number, what: string): Float64Array {
  const bits: number[] = [];
  for (const f of fs) varints(bytes, f, what, bits);
  if (bits.length !== count) throw wireError(`${what}: ${bits.length} values for ${count} elements`, (fs[0] as Field).at);
  const packed = new Uint8Array(count * 2);
  const v = new DataView(packed.buffer);
  bits.forEach((b, i) => v.setUint16(i * 2, b & 0xffff, true));
  return decodeElements(packed, 0, count, type, true);
}

function externalBytes(t: TensorFields, bytesNeeded: number, openSibling: OpenSibling | undefined, what: string): Uint8Array {
  const location = t.external.get('location') ?? '';
  const offset = Number(t.external.get('offset') ?? '0');
  const length = t.external.has('length') ? Number(t.external.get('length')) : bytesNeeded;
  const refuse = (why: string): never => {
    throw wireError(`${what}: its values are in the external file '${location}', ${why}`, t.at);
  };
  if (!isPlainSiblingName(location)) refuse('which is not a plain file name beside the model (paths are never followed)');
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length !== bytesNeeded) {
    refuse(`whose offset ${String(t.external.get('offset'))} and length ${String(t.external.get('length'))} do not give the ${bytesNeeded} bytes it needs`);
  }
  if (!openSibling) refuse('and files beside the model cannot be opened here');
  const file = (openSibling as OpenSibling)(location);
  if (!file) refuse('which is not beside the model');
  const f = file as ByteSource;
  if (offset + length > f.size) refuse(`which has ${f.size} bytes, fewer than offset ${offset} + length ${length}`);
  const got = f.read(offset, length);
  if (got.length !== length) refuse(`which gave ${got.length} of the ${length} bytes asked for`);
  return got;
}

/** The tensor's values as float64, row-major in `t.dims`; only float element types. */
export function tensorValues(bytes: Uint8Array, t: TensorFields, openSibling: OpenSibling | undefined, what: string): Float64Array {
  const type = FLOAT_TYPES[t.dataType];
  if (type === undefined) throw wireError(`${what} is ${typeName(t.dataType)}; only FLOAT, DOUBLE, FLOAT16 and BFLOAT16 are read`, t.at);
  const count = elementCount(t.dims);
  const size = ELEMENT_TYPES[type].size;
  if (!Number.isSafeInteger(count * size)) throw wireError(`${what}: shape ${shapeText(t.dims)} is too large`, t.at);
  if (t.externalLocation || t.external.size > 0) {
    return decodeElements(externalBytes(t, count * size, openSibling, what), 0, count, type, true);
  }
  if (t.raw) {
    const got = t.raw.end - t.raw.start;
    if (got !== count * size) throw wireError(`${what}: raw_data has ${got} bytes, shape ${shapeText(t.dims)} of ${typeName(t.dataType)} needs ${count * size}`, t.raw.at);
    return decodeElements(bytes, t.raw.start, count, type, true);
  }
  if (count === 0) return new Float64Array(0);
  if (type === 'f4' && t.floats.length > 0) return fixedValues(bytes, t.floats, 'f4', count, `${what} float_data`);
  if (type === 'f8' && t.doubles.length > 0) return fixedValues(bytes, t.doubles, 'f8', count, `${what} double_data`);
  if ((type === 'f2' || type === 'bf16') && t.int32s.length > 0) return bitsValues(bytes, t.int32s, type, count, `${what} int32_data`);
  throw wireError(`${what}: no values (no raw_data and no ${type === 'f8' ? 'double_data' : type === 'f4' ? 'float_data' : 'int32_data'})`, t.at);
}
