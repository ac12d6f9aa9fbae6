/**
 * A x and A^T x for a dense row-major matrix in two-lane WebAssembly, in the order of operations
 * of logspace.ts's `mul` and `mulT` (four partial sums per row; four rows per pass, skipped when
 * their four entries of x are zero), so both give the same bits. The trajectories (BPTT, tanh)
 * take a few hundred such products per analysis: a fresh process runs these compiled from the
 * first one, where the TypeScript loops first ran in the interpreter.
 */
import {
  F64, I32, V128, addTo, f64Add, f64Const, f64Eq, f64Load, f64Mul, f64Store, get, i32, i32Add, i32And, i32Mul, i32Shl,
  i32Eqz, i32LtS, iff, module, seq, set, tee, vAdd, vLane, vLoad, vMul, vSplat, vStore, vZero, whileDo, type Bytes, type FnSpec,
} from './wasmEmit';
import { compileOrNull, instantiateFresh, type WasmModuleSpec } from './wasmRuntime';


/** mulv(a, rows, cols, x, out): out[i] = sum_j a[i, j] x[j], as logspace.ts's mul. */
function mulv(): FnSpec {
  // 0 a, 1 rows, 2 cols, 3 x, 4 out | 5 i, 6 row, 7 j (bytes), 8 end4 (bytes), 9 bytes | 10 acc01, 11 acc23 (v128) | 12 s0
  const body = seq(
    get(2), i32(3), i32Shl, set(9), get(2), i32(-4), i32And, i32(3), i32Shl, set(8), i32(0), set(5),
    whileDo(seq(get(5), get(1), i32LtS), seq(
      get(0), get(5), get(9), i32Mul, i32Add, set(6), vZero, set(10), vZero, set(11), i32(0), set(7),
      whileDo(seq(get(7), get(8), i32LtS), seq(
        get(10), get(6), get(7), i32Add, vLoad(), get(3), get(7), i32Add, vLoad(), vMul, vAdd, set(10),
        get(11), get(6), get(7), i32Add, vLoad(16), get(3), get(7), i32Add, vLoad(16), vMul, vAdd, set(11),
        addTo(7, 32),
      )),
      get(10), vLane(0), set(12),
      whileDo(seq(get(7), get(9), i32LtS), seq(
        get(12), get(6), get(7), i32Add, f64Load(), get(3), get(7), i32Add, f64Load(), f64Mul, f64Add, set(12), addTo(7, 8),
      )),
      get(4), get(5), i32(3), i32Shl, i32Add,
      get(12), get(10), vLane(1), f64Add, get(11), vLane(0), get(11), vLane(1), f64Add, f64Add, f64Store(),
      addTo(5, 1),
    )),
  );
  return { name: 'mulv', params: [I32, I32, I32, I32, I32], locals: [I32, I32, I32, I32, I32, V128, V128, F64], body };
}

/** mulTv(a, rows, cols, x, out): out[j] = sum_i a[i, j] x[i], as logspace.ts's mulT. */
function mulTv(): FnSpec {
  // 0 a, 1 rows, 2 cols, 3 x, 4 out | 5 i, 6 row, 7 j, 8 bytes, 9 pairs (bytes), 10 stride | 11..14 x0..x3 (f64) | 15..18 X0..X3 (v128)
  const X = (k: number): number => 11 + k;
  const V = (k: number): number => 15 + k;
  const rowAt = (k: number, off: Bytes): Bytes => seq(get(6), get(10), i32(k), i32Mul, i32Add, get(7), i32Add, off);
  // out[j] (pair or single) = out[j] + (((r0 x0 + r1 x1) + r2 x2) + r3 x3)
  const four = (wide: boolean): Bytes => {
    const ld = (k: number): Bytes => seq(rowAt(k, []), wide ? vLoad() : f64Load(), get(wide ? V(k) : X(k)), wide ? vMul : f64Mul);
    const add = wide ? vAdd : f64Add;
    return seq(get(4), get(7), i32Add, get(4), get(7), i32Add, wide ? vLoad() : f64Load(), ld(0), ld(1), add, ld(2), add, ld(3), add, add, wide ? vStore() : f64Store());
  };
  const one = (wide: boolean): Bytes => seq(
    get(4), get(7), i32Add, get(4), get(7), i32Add, wide ? vLoad() : f64Load(), rowAt(0, []), wide ? vLoad() : f64Load(), get(wide ? V(0) : X(0)), wide ? vMul : f64Mul,
    wide ? vAdd : f64Add, wide ? vStore() : f64Store(),
  );
  const columns = (body: (wide: boolean) => Bytes): Bytes => seq(
    i32(0), set(7), whileDo(seq(get(7), get(9), i32LtS), seq(body(true), addTo(7, 16))),
    iff(seq(get(9), get(8), i32LtS), body(false)),
  );
  const loadX = (k: number): Bytes => seq(get(3), get(5), i32(k), i32Add, i32(3), i32Shl, i32Add, f64Load(), tee(X(k)), vSplat, set(V(k)));
  const allZero = seq(...[0, 1, 2, 3].map((k) => seq(get(X(k)), f64Const(0), f64Eq)), i32And, i32And, i32And);
  const body = seq(
    get(2), i32(3), i32Shl, tee(8), set(10), get(8), i32(-16), i32And, set(9),
    i32(0), set(7), whileDo(seq(get(7), get(8), i32LtS), seq(get(4), get(7), i32Add, f64Const(0), f64Store(), addTo(7, 8))),
    i32(0), set(5),
    whileDo(seq(get(5), i32(3), i32Add, get(1), i32LtS), seq(
      loadX(0), loadX(1), loadX(2), loadX(3),
      iff(seq(allZero, i32Eqz), seq(get(0), get(5), get(10), i32Mul, i32Add, set(6), columns(four))),
      addTo(5, 4),
    )),
    whileDo(seq(get(5), get(1), i32LtS), seq(
      loadX(0),
      iff(seq(get(X(0)), f64Const(0), f64Eq, i32Eqz), seq(get(0), get(5), get(10), i32Mul, i32Add, set(6), columns(one))),
      addTo(5, 1),
    )),
  );
  return { name: 'mulTv', params: [I32, I32, I32, I32, I32], locals: [I32, I32, I32, I32, I32, I32, F64, F64, F64, F64, V128, V128, V128, V128], body };
}

export const PRODUCT_KERNELS: WasmModuleSpec = { name: 'productKernels', assemble: () => module([mulv(), mulTv()]) };

/** Largest matrix (entries) copied into the kernels: 8 MB. */
const MAX_ENTRIES = 1024 * 1024;

interface Made { memory: { buffer: ArrayBuffer }; exports: Record<string, unknown> }
let compiled: object | null | undefined;
/** The memory, reused while large enough, and the products that currently own it. */
let spare: Made | undefined;
let owner: DenseProducts | undefined;

/**
 * Products with one matrix. Null from a product means the memory now holds a later matrix (the
 * caller then uses its TypeScript loops, which give the same bits).
 */
export interface DenseProducts {
  /** out = A x. */
  mul(x: ArrayLike<number>, out: Float64Array): Float64Array | null;
  /** out = A^T x. */
  mulT(x: ArrayLike<number>, out: Float64Array): Float64Array | null;
}

/**
 * The products with a copy of `data` (rows x cols, row-major) in the kernels' memory, or null
 * where WebAssembly SIMD is unavailable or the matrix is larger than MAX_ENTRIES. A later call
 * takes the memory over: the earlier products then return null.
 */
export function denseProducts(data: Float64Array, rows: number, cols: number): DenseProducts | null {
  if (rows * cols > MAX_ENTRIES || rows < 1 || cols < 1) return null;
  // Compiled once: after a refusal (no SIMD, a CSP) the loops run without asking again.
  if (compiled === undefined) compiled = compileOrNull(PRODUCT_KERNELS);
  if (!compiled) return null;
  const len = Math.max(rows, cols);
  const bytes = 8 * (rows * cols + 2 * len);
  if (!spare || spare.memory.buffer.byteLength < bytes) spare = instantiateFresh(compiled, bytes) ?? undefined;
  if (!spare) return null;
  const f = new Float64Array(spare.memory.buffer);
  f.set(data);
  const xAt = rows * cols;
  const outAt = xAt + len;
  const mulv = spare.exports.mulv as (a: number, rows: number, cols: number, x: number, out: number) => void;
  const mulTv = spare.exports.mulTv as typeof mulv;
  const product = (kernel: typeof mulv, x: ArrayLike<number>, out: Float64Array, count: number): Float64Array | null => {
    if (owner !== products) return null;
    f.set(x, xAt);
    kernel(0, rows, cols, 8 * xAt, 8 * outAt);
    out.set(f.subarray(outAt, outAt + count));
    return out;
  };
  const products: DenseProducts = { mul: (x, out) => product(mulv, x, out, rows), mulT: (x, out) => product(mulTv, x, out, cols) };
  owner = products;
  return products;
}
