/**
 * The protobuf wire format, read field by field: enough to walk an ONNX model without a schema
 * compiler. Every length is checked against the enclosing message before it is used, a varint may
 * not run past 10 bytes, and every refusal is a WeightFileError at the byte where it went wrong.
 * Nothing is decoded that the caller does not ask for: skipping a field costs its tag and length.
 */
import { WeightFileError } from '../errors';
import { oneLine } from './text';

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

/** One field of a message. For wire type 0, `value`; for 1, 2 and 5, the payload [start, end). */
export interface Field {
  readonly no: number;
  readonly wire: number;
  /** Where the field's tag starts (for error places). */
  readonly at: number;
  /** The varint (wire 0), exact up to 2^53; larger values (negative int64s) are approximate. */
  readonly value: number;
  readonly start: number;
  readonly end: number;
}

export const wireError = (message: string, offset: number): WeightFileError => new WeightFileError(oneLine(message), { kind: 'byte', offset });

/** A varint at `pos`, and where the next byte is. At most 10 bytes; none past `end`. */
export function readVarint(bytes: Uint8Array, pos: number, end: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos + i >= end) throw wireError('a varint runs past the end of its message (truncated file?)', Math.min(pos + i, bytes.length));
    const b = bytes[pos + i] as number;
    value += (b & 0x7f) * scale;
    scale *= 128;
    if ((b & 0x80) === 0) return { value, next: pos + i + 1 };
  }
  throw wireError('a varint is longer than 10 bytes (more than 64 bits)', pos);
}

/** The fields of the message in bytes [start, end), in file order. */
export function* fields(bytes: Uint8Array, start: number, end: number): Generator<Field> {
  let pos = start;
  while (pos < end) {
    const at = pos;
    const tag = readVarint(bytes, pos, end);
    pos = tag.next;
    const no = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    if (no === 0 || !Number.isSafeInteger(tag.value)) throw wireError(`field number ${no} is not valid protobuf (damaged file?)`, at);
    switch (wire) {
      case WIRE_VARINT: {
        const v = readVarint(bytes, pos, end);
        pos = v.next;
        yield { no, wire, at, value: v.value, start: at, end: pos };
        break;
      }
      case WIRE_I64:
      case WIRE_I32: {
        const size = wire === WIRE_I64 ? 8 : 4;
        if (pos + size > end) throw wireError(`field ${no}: its ${size} bytes run past the end of the message at byte ${end}`, at);
        yield { no, wire, at, value: 0, start: pos, end: pos + size };
        pos += size;
        break;
      }
      case WIRE_LEN: {
        const len = readVarint(bytes, pos, end);
        pos = len.next;
        if (!Number.isSafeInteger(len.value) || pos + len.value > end) {
          throw wireError(`field ${no}: length ${len.value} runs past the end of the message at byte ${end}`, at);
        }
        yield { no, wire, at, value: 0, start: pos, end: pos + len.value };
        pos += len.value;
        break;
      }
      default:
        throw wireError(`field ${no} has wire type ${wire}, which this reader does not read (groups 3/4 are obsolete, 6/7 do not exist)`, at);
    }
  }
}

const utf8 = new TextDecoder('utf-8');

export const text = (bytes: Uint8Array, f: Field): string => utf8.decode(bytes.subarray(f.start, f.end));

/** A field's varint as a safe integer (a length, a dimension, an enum), refused otherwise. */
export function safeInt(f: Field, what: string): number {
  if (f.wire !== WIRE_VARINT) throw wireError(`${what}: expected a varint, found wire type ${f.wire}`, f.at);
  if (!Number.isSafeInteger(f.value)) throw wireError(`${what}: ${f.value} is out of range`, f.at);
  return f.value;
}

/** Repeated varints, packed (one length-delimited run) or not: appends them to `out`. */
export function varints(bytes: Uint8Array, f: Field, what: string, out: number[]): void {
  if (f.wire === WIRE_VARINT) {
    out.push(safeInt(f, what));
    return;
  }
  if (f.wire !== WIRE_LEN) throw wireError(`${what}: expected varints, found wire type ${f.wire}`, f.at);
  for (let pos = f.start; pos < f.end; ) {
    const v = readVarint(bytes, pos, f.end);
    if (!Number.isSafeInteger(v.value)) throw wireError(`${what}: ${v.value} is out of range`, pos);
    out.push(v.value);
    pos = v.next;
  }
}
