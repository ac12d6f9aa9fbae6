/** Element types the binary readers convert, with their size in bytes and a readable name. */
export const ELEMENT_TYPES = {
  f8: { size: 8, name: 'float64' },
  f4: { size: 4, name: 'float32' },
  f2: { size: 2, name: 'float16' },
  bf16: { size: 2, name: 'bfloat16' },
  i1: { size: 1, name: 'int8' },
  u1: { size: 1, name: 'uint8' },
  i2: { size: 2, name: 'int16' },
  u2: { size: 2, name: 'uint16' },
  i4: { size: 4, name: 'int32' },
  u4: { size: 4, name: 'uint32' },
  i8: { size: 8, name: 'int64' },
  u8: { size: 8, name: 'uint64' },
} as const;
export type ElementType = keyof typeof ELEMENT_TYPES;

export const isElementType = (s: string): s is ElementType => Object.prototype.hasOwnProperty.call(ELEMENT_TYPES, s);

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** IEEE half precision to float64, exactly (subnormals, signed zero, inf, NaN included). */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1024 + frac) * 2 ** (exp - 25);
}

/**
 * Converts `count` elements starting at `offset` to float64. The caller has checked that the bytes
 * exist. Every float type converts exactly; 64-bit integers beyond 2^53 round to nearest.
 */
export function decodeElements(bytes: Uint8Array, offset: number, count: number, type: ElementType, littleEndian: boolean): Float64Array {
  const size = ELEMENT_TYPES[type].size;
  if (type === 'f8' && littleEndian === littleEndianHost) {
    // Fast path: one copy into a fresh aligned buffer, no per-element work. (Not bytes.slice: on a
    // Node Buffer that is a view of the shared pool, not a copy.)
    return new Float64Array(new Uint8Array(bytes.subarray(offset, offset + count * 8)).buffer);
  }
  if (type === 'f4' && littleEndian === littleEndianHost) {
    // Widened natively by TypedArray.set; a view needs 4-byte alignment, else one aligned copy.
    const at = bytes.byteOffset + offset;
    const f4 = at % 4 === 0 ? new Float32Array(bytes.buffer, at, count) : new Float32Array(new Uint8Array(bytes.subarray(offset, offset + count * 4)).buffer);
    const wide = new Float64Array(count);
    wide.set(f4);
    return wide;
  }
  const out = new Float64Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * size);
  const le = littleEndian;
  switch (type) {
    case 'f8':
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, le);
      break;
    case 'f4':
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, le);
      break;
    case 'f2':
      for (let i = 0; i < count; i++) out[i] = halfToNumber(view.getUint16(i * 2, le));
      break;
    case 'bf16': {
      // bfloat16 is the top half of a float32: widen the bits and read them as float32.
      const scratch = new DataView(new ArrayBuffer(4));
      for (let i = 0; i < count; i++) {
        scratch.setUint32(0, view.getUint16(i * 2, le) << 16);
        out[i] = scratch.getFloat32(0);
      }
      break;
    }
    case 'i1':
      for (let i = 0; i < count; i++) out[i] = view.getInt8(i);
      break;
    case 'u1':
      for (let i = 0; i < count; i++) out[i] = view.getUint8(i);
      break;
    case 'i2':
      for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, le);
      break;
    case 'u2':
      for (let i = 0; i < count; i++) out[i] = view.getUint16(i * 2, le);
      break;
    case 'i4':
      for (let i = 0; i < count; i++) out[i] = view.getInt32(i * 4, le);
      break;
    case 'u4':
      for (let i = 0; i < count; i++) out[i] = view.getUint32(i * 4, le);
      break;
    case 'i8':
      for (let i = 0; i < count; i++) out[i] = Number(view.getBigInt64(i * 8, le));
      break;
    case 'u8':
      for (let i = 0; i < count; i++) out[i] = Number(view.getBigUint64(i * 8, le));
      break;
  }
  return out;
}
