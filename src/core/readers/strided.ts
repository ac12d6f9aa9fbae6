/** A strided view of a storage (torch's offset/size/stride), gathered into row-major float64. */
import { ELEMENT_TYPES, decodeElements, halfToNumber, type ElementType } from './floats';
import { elementCount } from './tensor';

/** Torch element type names that are read, and their element types. */
export const TORCH_FLOATS: Readonly<Record<string, ElementType>> = { float64: 'f8', float32: 'f4', float16: 'f2', bfloat16: 'bf16' };

/**
 * The largest storage index the view touches plus one (0 for an empty view), or Infinity when it
 * is not a safe integer. Negative strides never occur in saved tensors and are refused by callers.
 */
export function viewExtent(offset: number, shape: readonly number[], stride: readonly number[]): number {
  if (shape.some((d) => d === 0)) return 0;
  let last = offset;
  shape.forEach((d, i) => {
    last += (d - 1) * (stride[i] as number);
  });
  return Number.isSafeInteger(last) ? last + 1 : Infinity;
}

const isRowMajor = (shape: readonly number[], stride: readonly number[]): boolean => {
  let want = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if ((shape[i] as number) !== 1 && stride[i] !== want) return false;
    want *= shape[i] as number;
  }
  return true;
};

/** One element at a byte offset, for the non-contiguous path. */
function elementAt(view: DataView, at: number, type: ElementType, le: boolean): number {
  switch (type) {
    case 'f8':
      return view.getFloat64(at, le);
    case 'f4':
      return view.getFloat32(at, le);
    case 'f2':
      return halfToNumber(view.getUint16(at, le));
    default: {
      const f = new DataView(new ArrayBuffer(4));
      f.setUint32(0, view.getUint16(at, le) << 16);
      return f.getFloat32(0);
    }
  }
}

/**
 * Row-major float64 values of a 1-D or 2-D view. `bytes` holds the storage from element 0; the
 * caller has checked `viewExtent(...) * size <= bytes.length`.
 */
export function gather(bytes: Uint8Array, type: ElementType, le: boolean, offset: number, shape: readonly number[], stride: readonly number[]): Float64Array {
  const size = ELEMENT_TYPES[type].size;
  const count = elementCount(shape);
  if (isRowMajor(shape, stride)) return decodeElements(bytes, offset * size, count, type, le);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(count);
  const rows = shape.length === 2 ? (shape[0] as number) : 1;
  const cols = shape[shape.length - 1] as number;
  const rs = shape.length === 2 ? (stride[0] as number) : 0;
  const cs = stride[shape.length - 1] as number;
  for (let r = 0, k = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++, k++) out[k] = elementAt(view, (offset + r * rs + c * cs) * size, type, le);
  }
  return out;
}
