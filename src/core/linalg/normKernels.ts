/**
 * Two-lane WebAssembly kernels for the vector work of Golub–Kahan–Lanczos on a small dense
 * matrix (normLanczos.ts): products with the matrix and its transpose, dot products, Gram–Schmidt
 * against a basis, scaled additions. Vectors and matrix rows are padded to whole lanes with
 * exact zeros; every length is in bytes, a multiple of 16.
 */
import {
  F64, I32, V128, block, f64Abs, f64Const, f64Gt, f64Mul, iff, seq, br, brIf, end, f64Add, f64Load, f64Store, get, i32, i32Add, i32And, i32GeS, i32GtS, i32Mul, i32Shl, i32Sub,
  loop, module, set, tee, vAdd, vLane, vLoad, vMul, vSplat, vStore, vSub, vZero, type Bytes, type FnSpec,
} from './wasmEmit';
import { GEMM_LOCALS, GEMM_PARAMS, gemmBody } from './simdGemm';
import type { WasmModuleSpec } from './wasmRuntime';
import { lanczosFunctions, type LanczosKernelExports } from './lanczosKernel';

function emitter(): { body: Bytes; emit: (...parts: Bytes[]) => void } {
  const body: Bytes = [];
  return { body, emit: (...parts) => { for (const p of parts) body.push(...p); } };
}

/** Leaves lane 0 + lane 1 of sum_c x[c] y[c] on the stack (x, y byte addresses in locals). */
function dotInto(emit: (...parts: Bytes[]) => void, x: number, y: number, len: number, c: number, acc: number): void {
  emit(vZero, set(acc), i32(0), set(c), block, loop, get(c), get(len), i32GeS, brIf(1));
  emit(get(acc), get(x), get(c), i32Add, vLoad(), get(y), get(c), i32Add, vLoad(), vMul, vAdd, set(acc));
  emit(get(c), i32(16), i32Add, set(c), br(0), end, end);
  emit(get(acc), vLane(0), get(acc), vLane(1), f64Add);
}

/** y[c] -= s x[c] over len bytes (s a v128 local holding the factor in both lanes). */
function subScaled(emit: (...parts: Bytes[]) => void, y: number, x: number, s: number, len: number, c: number): void {
  emit(i32(0), set(c), block, loop, get(c), get(len), i32GeS, brIf(1));
  emit(get(y), get(c), i32Add, get(y), get(c), i32Add, vLoad(), get(s), get(x), get(c), i32Add, vLoad(), vMul, vSub, vStore());
  emit(get(c), i32(16), i32Add, set(c), br(0), end, end);
}

/** matvec(out, a, rows, stride, x): out[i] = a[i] . x for i < rows (row stride = vector length). */
function matvec(): FnSpec {
  // 0 out, 1 a, 2 rows, 3 stride, 4 x | 5 i, 6 row, 7 c | 8 acc
  const { body, emit } = emitter();
  emit(i32(0), set(5), block, loop, get(5), get(2), i32GeS, brIf(1));
  emit(get(1), get(5), get(3), i32Mul, i32Add, set(6));
  emit(get(0), get(5), i32(3), [0x74], i32Add);
  dotInto(emit, 6, 4, 3, 7, 8);
  emit(f64Store(), get(5), i32(1), i32Add, set(5), br(0), end, end);
  return { name: 'matvec', params: [I32, I32, I32, I32, I32], locals: [I32, I32, I32, V128], body };
}

/** matTvec(out, a, rows, stride, y): out += sum_i y[i] a[i] (out zeroed by the caller). */
function matTvec(): FnSpec {
  // 0 out, 1 a, 2 rows, 3 stride, 4 y | 5 i, 6 row, 7 c | 8 s (v128)
  const { body, emit } = emitter();
  emit(i32(0), set(5), block, loop, get(5), get(2), i32GeS, brIf(1));
  emit(get(1), get(5), get(3), i32Mul, i32Add, set(6));
  emit(get(4), get(5), i32(3), [0x74], i32Add, f64Load(), vSplat, set(8));
  emit(i32(0), set(7), block, loop, get(7), get(3), i32GeS, brIf(1));
  emit(get(0), get(7), i32Add, get(0), get(7), i32Add, vLoad(), get(8), get(6), get(7), i32Add, vLoad(), vMul, vAdd, vStore());
  emit(get(7), i32(16), i32Add, set(7), br(0), end, end);
  emit(get(5), i32(1), i32Add, set(5), br(0), end, end);
  return { name: 'matTvec', params: [I32, I32, I32, I32, I32], locals: [I32, I32, I32, V128], body };
}

/**
 * Byte column where row i of a matrix with lower bandwidth `band` (local) starts: max(0, i - band)
 * rounded down to a whole lane (the entries before the band are exact zeros, so this is exact).
 */
function bandStart(emit: (...parts: Bytes[]) => void, i: number, band: number, t: number, out: number): void {
  // select(t, 0, t > 0): 0x1b
  emit(get(i), get(band), i32Sub, tee(t), i32(0), get(t), i32(0), i32GtS, [0x1b], i32(-2), i32And, i32(3), i32Shl, set(out));
}

/** matvecBand(out, a, rows, stride, x, band): out[i] = a[i] . x, row i from column i - band on. */
function matvecBand(): FnSpec {
  // 0 out, 1 a, 2 rows, 3 stride, 4 x, 5 band | 6 i, 7 row, 8 c, 9 t | 10 acc
  const { body, emit } = emitter();
  emit(i32(0), set(6), block, loop, get(6), get(2), i32GeS, brIf(1));
  emit(get(1), get(6), get(3), i32Mul, i32Add, set(7));
  bandStart(emit, 6, 5, 9, 8);
  emit(get(0), get(6), i32(3), i32Shl, i32Add, vZero, set(10), block, loop, get(8), get(3), i32GeS, brIf(1));
  emit(get(10), get(7), get(8), i32Add, vLoad(), get(4), get(8), i32Add, vLoad(), vMul, vAdd, set(10));
  emit(get(8), i32(16), i32Add, set(8), br(0), end, end);
  emit(get(10), vLane(0), get(10), vLane(1), f64Add, f64Store(), get(6), i32(1), i32Add, set(6), br(0), end, end);
  return { name: 'matvecBand', params: [I32, I32, I32, I32, I32, I32], locals: [I32, I32, I32, I32, V128], body };
}

/** matTvecBand(out, a, rows, stride, y, band): out += sum_i y[i] a[i], row i from column i - band on. */
function matTvecBand(): FnSpec {
  // 0 out, 1 a, 2 rows, 3 stride, 4 y, 5 band | 6 i, 7 row, 8 c, 9 t | 10 s
  const { body, emit } = emitter();
  emit(i32(0), set(6), block, loop, get(6), get(2), i32GeS, brIf(1));
  emit(get(1), get(6), get(3), i32Mul, i32Add, set(7));
  emit(get(4), get(6), i32(3), i32Shl, i32Add, f64Load(), vSplat, set(10));
  bandStart(emit, 6, 5, 9, 8);
  emit(block, loop, get(8), get(3), i32GeS, brIf(1));
  emit(get(0), get(8), i32Add, get(0), get(8), i32Add, vLoad(), get(10), get(7), get(8), i32Add, vLoad(), vMul, vAdd, vStore());
  emit(get(8), i32(16), i32Add, set(8), br(0), end, end);
  emit(get(6), i32(1), i32Add, set(6), br(0), end, end);
  return { name: 'matTvecBand', params: [I32, I32, I32, I32, I32, I32], locals: [I32, I32, I32, I32, V128], body };
}

/** gemm: simdGemm.ts's dst += sign coef src, dst rows outer (the power norms' products). */
function gemm(): FnSpec {
  return {
    name: 'gemm',
    params: [...Array<number>(GEMM_PARAMS - 1).fill(I32), F64],
    locals: [...Array<number>(GEMM_LOCALS.i32).fill(I32), ...Array<number>(GEMM_LOCALS.v128).fill(V128)],
    body: gemmBody(true),
  };
}

/** dot(res, x, y, len): the f64 at res = x . y. */
function dot(): FnSpec {
  // 0 res, 1 x, 2 y, 3 len | 4 c | 5 acc
  const { body, emit } = emitter();
  emit(get(0));
  dotInto(emit, 1, 2, 3, 4, 5);
  emit(f64Store());
  return { name: 'dot', params: [I32, I32, I32, I32], locals: [I32, V128], body };
}

/** axpy(y, x, a, len): y -= a x. */
function axpy(): FnSpec {
  // 0 y, 1 x, 2 a (f64), 3 len | 4 c | 5 s
  const { body, emit } = emitter();
  emit(get(2), vSplat, set(5));
  subScaled(emit, 0, 1, 5, 3, 4);
  return { name: 'axpy', params: [I32, I32, F64, I32], locals: [I32, V128], body };
}

/** scale(x, a, len): x *= a. */
function scale(): FnSpec {
  // 0 x, 1 a (f64), 2 len | 3 c | 4 s
  const { body, emit } = emitter();
  emit(get(1), vSplat, set(4), i32(0), set(3), block, loop, get(3), get(2), i32GeS, brIf(1));
  emit(get(0), get(3), i32Add, get(0), get(3), i32Add, vLoad(), get(4), vMul, vStore());
  emit(get(3), i32(16), i32Add, set(3), br(0), end, end);
  return { name: 'scale', params: [I32, F64, I32], locals: [I32, V128], body };
}

/** reorth(x, basis, count, len): classical Gram–Schmidt of x against `count` vectors, twice. */
function reorth(): FnSpec {
  // 0 x, 1 basis, 2 count, 3 len | 4 pass, 5 b, 6 addr, 7 c | 8 acc, 9 s
  const { body, emit } = emitter();
  emit(i32(0), set(4), block, loop, get(4), i32(2), i32GeS, brIf(1));
  emit(i32(0), set(5), block, loop, get(5), get(2), i32GeS, brIf(1));
  emit(get(1), get(5), get(3), i32Mul, i32Add, set(6));
  dotInto(emit, 0, 6, 3, 7, 8);
  emit(vSplat, set(9));
  subScaled(emit, 0, 6, 9, 3, 7);
  emit(get(5), i32(1), i32Add, set(5), br(0), end, end);
  emit(get(4), i32(1), i32Add, set(4), br(0), end, end);
  return { name: 'reorth', params: [I32, I32, I32, I32], locals: [I32, I32, I32, I32, V128, V128], body };
}

/** maxAbs(x, len): max |x[c]| over len bytes, 0 when none is larger (NaN entries are passed over). */
function maxAbs(): FnSpec {
  // 0 x, 1 len | 2 c | 3 m, 4 v
  const { body, emit } = emitter();
  emit(f64Const(0), set(3), i32(0), set(2), block, loop, get(2), get(1), i32GeS, brIf(1));
  emit(iff(seq(get(0), get(2), i32Add, f64Load(), f64Abs, tee(4), get(3), f64Gt), seq(get(4), set(3))));
  emit(get(2), i32(8), i32Add, set(2), br(0), end, end, get(3));
  return { name: 'maxAbs', params: [I32, I32], results: [F64], locals: [I32, F64, F64], body };
}

/** Leaves sum_c x[c] y[c] on the stack, one product at a time from c = 0 (x, y byte addresses in locals). */
function sequentialDot(emit: (...parts: Bytes[]) => void, x: number, y: number, len: number, c: number, acc: number): void {
  emit(f64Const(0), set(acc), i32(0), set(c), block, loop, get(c), get(len), i32GeS, brIf(1));
  emit(get(acc), get(x), get(c), i32Add, f64Load(), get(y), get(c), i32Add, f64Load(), f64Mul, f64Add, set(acc));
  emit(get(c), i32(8), i32Add, set(c), br(0), end, end, get(acc));
}

/**
 * Leaves in locals out..out+3 the dots of x with the four vectors from y on (len bytes apart), each
 * summed in order from c = 0 as sequentialDot does (the same bits); x is read once for the four.
 */
function fourDots(emit: (...parts: Bytes[]) => void, l: { x: number; y: number; len: number; c: number; ys: number; xv: number; out: number }): void {
  const { x, y, len, c, ys, xv, out } = l;
  emit(get(y), get(len), i32Add, set(ys), get(ys), get(len), i32Add, set(ys + 1), get(ys + 1), get(len), i32Add, set(ys + 2));
  for (let j = 0; j < 4; j++) emit(f64Const(0), set(out + j));
  emit(i32(0), set(c), block, loop, get(c), get(len), i32GeS, brIf(1));
  emit(get(x), get(c), i32Add, f64Load(), set(xv));
  [y, ys, ys + 1, ys + 2].forEach((ptr, j) => emit(get(out + j), get(xv), get(ptr), get(c), i32Add, f64Load(), f64Mul, f64Add, set(out + j)));
  emit(get(c), i32(8), i32Add, set(c), br(0), end, end);
}

/**
 * gram(k, u, h, count, len): k[s][t] = k[t][s] = (u_s . u_t)(h_s . h_t) for s <= t < count, the
 * vectors len bytes apart. Each dot adds its products in order, as a plain loop does: the same bits.
 * Four t at a time share each pass over u_s and h_s (four independent sums, a quarter of the reads).
 */
function gram(): FnSpec {
  // 0 k, 1 u, 2 h, 3 count, 4 len | 5 s, 6 t, 7 x, 8 y, 9 c, 10-12 y+1..y+3 | 13 acc, 14 xv, 15-18 u dots, 19-22 h dots
  const { body, emit } = emitter();
  const four = { x: 7, y: 8, len: 4, c: 9, ys: 10, xv: 14 };
  const at = (base: number, i: number): Bytes[] => [get(base), get(i), get(4), i32Mul, i32Add];
  const store = (row: Bytes[], col: Bytes[]): void => emit(get(0), ...row, get(3), i32Mul, ...col, i32Add, i32(3), i32Shl, i32Add, get(13), f64Store());
  emit(i32(0), set(5), block, loop, get(5), get(3), i32GeS, brIf(1));
  emit(get(5), set(6), block, loop, get(6), i32(4), i32Add, get(3), i32GtS, brIf(1));
  emit(...at(1, 5), set(7), ...at(1, 6), set(8));
  fourDots(emit, { ...four, out: 15 });
  emit(...at(2, 5), set(7), ...at(2, 6), set(8));
  fourDots(emit, { ...four, out: 19 });
  for (let j = 0; j < 4; j++) {
    emit(get(15 + j), get(19 + j), f64Mul, set(13));
    store([get(5)], [get(6), i32(j), i32Add]);
    store([get(6), i32(j), i32Add], [get(5)]);
  }
  emit(get(6), i32(4), i32Add, set(6), br(0), end, end);
  emit(block, loop, get(6), get(3), i32GeS, brIf(1));
  emit(...at(1, 5), set(7), ...at(1, 6), set(8));
  sequentialDot(emit, 7, 8, 4, 9, 13);
  emit(...at(2, 5), set(7), ...at(2, 6), set(8));
  sequentialDot(emit, 7, 8, 4, 9, 13);
  emit(f64Mul, set(13));
  store([get(5)], [get(6)]);
  store([get(6)], [get(5)]);
  emit(get(6), i32(1), i32Add, set(6), br(0), end, end);
  emit(get(5), i32(1), i32Add, set(5), br(0), end, end);
  return { name: 'gram', params: [I32, I32, I32, I32, I32], locals: [I32, I32, I32, I32, I32, I32, I32, I32, ...Array<typeof F64>(10).fill(F64)], body };
}

/** The module: the functions of NormKernelExports over an imported memory (also assembled by the build: wasmModules.ts). */
export const NORM_KERNELS: WasmModuleSpec = {
  name: 'normKernels',
  assemble: () => module([
    matvec(), matTvec(), dot(), axpy(), scale(), reorth(), matvecBand(), matTvecBand(), gemm(),
    ...lanczosFunctions({ dot: 2, axpy: 3, scale: 4, reorth: 5, matvecBand: 6, matTvecBand: 7 }, 9), maxAbs(), gram(),
  ]),
};

export interface NormKernelExports extends LanczosKernelExports {
  matvec(out: number, a: number, rows: number, stride: number, x: number): void;
  matTvec(out: number, a: number, rows: number, stride: number, y: number): void;
  dot(res: number, x: number, y: number, len: number): void;
  axpy(y: number, x: number, a: number, len: number): void;
  scale(x: number, a: number, len: number): void;
  maxAbs(x: number, len: number): number;
  gram(k: number, u: number, h: number, count: number, len: number): void;
  reorth(x: number, basis: number, count: number, len: number): void;
  matvecBand(out: number, a: number, rows: number, stride: number, x: number, band: number): void;
  matTvecBand(out: number, a: number, rows: number, stride: number, y: number, band: number): void;
  gemm(
    dst: number, dstStride: number, nDst: number, coef: number, coefRowStride: number, coefColStride: number,
    src: number, srcStride: number, nSrc: number, p0: number, p1: number, sign: number,
  ): void;
}
