/**
 * Products with one CSR matrix, in WebAssembly where it compiles (csrKernel.ts, the same bits as
 * csrMatVec), else csrMatVec. The matrix is copied once into a memory of its own, kept as long as
 * the matrix is (a WeakMap entry), so nothing outlives an analysis in a long-lived worker; each
 * product copies x in and the result out. A power A^k x stays in that memory between products.
 */
import { compileOrNull, instantiateFresh } from '../linalg/wasmRuntime';
import { CSR_KERNELS, type CsrKernelExports } from './csrKernel';
import { csrMatVec, nnzOf, type CsrMatrix } from './csr';

export interface CsrProducts {
  /** Whether the products run in WebAssembly. */
  readonly wasm: boolean;
  /** out = c (A x) (c defaults to 1; the product is rounded before the multiplication). */
  mul(x: ArrayLike<number>, out: Float64Array, c?: number): Float64Array;
  /** out = A^k x (A square; x itself for k = 0), each product rounded as by `mul`. */
  power(x: ArrayLike<number>, out: Float64Array, k: number): Float64Array;
}

/** Largest memory a matrix takes in the kernels (byte addresses stay far from 2^31). */
const MAX_BYTES = 1 << 30;

let compiled: object | null | undefined;
const made = new WeakMap<CsrMatrix, CsrProducts>();

/**
 * The products with `a` (the same object for the same matrix). `a` must not change afterwards.
 * Compiled once per process; after a refusal (no WebAssembly SIMD, a CSP, RGL_NO_WASM) every
 * matrix takes csrMatVec without asking again.
 */
export function csrProducts(a: CsrMatrix): CsrProducts {
  let p = made.get(a);
  if (!p) {
    if (compiled === undefined) compiled = compileOrNull(CSR_KERNELS);
    p = (compiled && wasmProducts(a, compiled)) || loopProducts(a);
    made.set(a, p);
  }
  return p;
}

/** csrMatVec's products (the fallback, and where the arrays do not form a valid CSR matrix). */
export function loopProducts(a: CsrMatrix): CsrProducts {
  const len = Math.max(a.rows, a.cols);
  let tmp: Float64Array | undefined;
  const mul = (x: ArrayLike<number>, out: Float64Array, c = 1): Float64Array => {
    csrMatVec(a, x instanceof Float64Array ? x : Float64Array.from(x), out);
    if (c !== 1) for (let i = 0; i < a.rows; i++) out[i]! *= c;
    return out;
  };
  const power = (x: ArrayLike<number>, out: Float64Array, k: number): Float64Array => {
    tmp ??= new Float64Array(len);
    let src = x instanceof Float64Array ? x : Float64Array.from(x);
    if (k < 1) out.set(src.subarray(0, a.rows));
    for (let j = 0; j < k; j++) {
      // The last product lands in out.
      const dst = (k - j) % 2 === 1 ? out : tmp;
      csrMatVec(a, src, dst);
      src = dst;
    }
    return out;
  };
  return { wasm: false, mul, power };
}

/** The kernel over a copy of `a`: x, y (two vectors), values, then rowPtr and colIdx. Null where it does not fit. */
function wasmProducts(a: CsrMatrix, mod: object): CsrProducts | null {
  const nnz = nnzOf(a);
  const len = Math.max(a.rows, a.cols);
  const rowPtrAt = 8 * (2 * len + nnz);
  const colIdxAt = rowPtrAt + 4 * (a.rows + 1);
  const bytes = colIdxAt + 4 * nnz;
  if (a.rows < 1 || bytes > MAX_BYTES || a.rowPtr.length !== a.rows + 1 || a.colIdx.length < nnz || a.values.length < nnz) return null;
  const inst = instantiateFresh(mod, bytes);
  if (!inst) return null;
  const f = new Float64Array(inst.memory.buffer);
  f.set(a.values.subarray(0, nnz), 2 * len);
  const ints = new Int32Array(inst.memory.buffer);
  ints.set(a.rowPtr, rowPtrAt / 4);
  ints.set(a.colIdx.subarray(0, nnz), colIdxAt / 4);
  const k = inst.exports as unknown as CsrKernelExports;
  // Checked in the copy (a loop over every entry, compiled from the first).
  if (!k.wellFormed(rowPtrAt, colIdxAt, a.rows, a.cols)) return null;
  const valuesAt = 16 * len;
  const rows = a.rows;
  // Vector slots (in doubles): 0 and len.
  const product = (src: number, dst: number, c: number): void => k.spmv(rowPtrAt, colIdxAt, valuesAt, rows, 8 * src, 8 * dst, c);
  const cols = a.cols;
  const fallback = loopProducts(a);
  const copyOut = (at: number, out: Float64Array): Float64Array => {
    out.set(f.subarray(at, at + rows));
    return out;
  };
  return {
    wasm: true,
    mul(x, out, c = 1) {
      // A vector of another length: csrMatVec's reading of it.
      if (x.length !== cols) return fallback.mul(x, out, c);
      f.set(x, 0);
      product(0, len, c);
      return copyOut(len, out);
    },
    power(x, out, steps) {
      if (x.length !== cols) return fallback.power(x, out, steps);
      f.set(x, 0);
      let src = 0;
      for (let j = 0; j < steps; j++) {
        product(src, len - src, 1);
        src = len - src;
      }
      return copyOut(src, out);
    },
  };
}
