/**
 * The two-lane WebAssembly kernels of the Krylov basis (basis.ts): dot products of many basis
 * rows with one vector, or with a block of four, over a stretch of columns, and the gemm of the
 * restart rotation, which also subtracts a combination of basis rows from vectors (and a copy
 * of it that takes several pairs of columns per pass). All work on any column range, so
 * Gram–Schmidt can run one cache-sized stretch of columns at a time.
 */
import { DOT_LOCALS, GEMM_LOCALS, GEMM_PARAMS, dotRowsBody, gemmBody } from '../linalg/simdGemm';
import {
  F64, I32, V128, block, br, brIf, end, f64Add, f64Store, get, i32, i32Add, i32GeS, i32GtS, i32Mul, i32Shl, loop, module, set, tee,
  vAdd, vDiv, vLane, vLoad, vMul, vSplat, vStore, vZero, type Bytes,
} from '../linalg/wasmEmit';

/** divide(x, len, d): x[c] /= d for len (even) doubles at byte address x. */
function divideBody(): Bytes {
  // 0 x, 1 len, 2 d (f64) | 3 c, 4 cEnd | 5 dd (v128).
  return [
    ...get(1), ...i32(3), ...i32Shl, ...set(4), ...get(2), ...vSplat, ...set(5),
    ...i32(0), ...set(3), ...block, ...loop, ...get(3), ...get(4), ...i32GeS, ...brIf(1),
    ...get(0), ...get(3), ...i32Add, ...get(0), ...get(3), ...i32Add, ...vLoad(), ...get(5), ...vDiv, ...vStore(),
    ...get(3), ...i32(16), ...i32Add, ...set(3), ...br(0), ...end, ...end,
  ];
}

/** Vectors in the block of `dotBlock`. */
export const DOT_BLOCK = 4;

/**
 * dotBlock(out, rows, stride, nRows, vecs, vecStride, len): out[4 r + b] = rows[r] . vecs[b] for
 * r < nRows (even) and b < 4, len (even) doubles. Two rows and four vectors per pass: each load
 * of a row's pair of columns serves four products (dotRows reloads it per vector).
 */
function dotBlockBody(): Bytes {
  // 0 out, 1 rows, 2 stride, 3 nRows, 4 vecs, 5 vecStride, 6 len | 7 r, 8 o0, 9 o1, 10 c, 11 cEnd,
  // 12..15 vector addresses | 16..23 acc (v128), 24 a0, 25 a1, 26 y.
  const [R, O0, O1, C, CEND] = [7, 8, 9, 10, 11];
  const YA = (b: number): number => 12 + b;
  const ACC = (e: number, b: number): number => 16 + 4 * e + b;
  const [A0, A1, Y] = [24, 25, 26];
  const body: Bytes = [];
  const emit = (...parts: Bytes[]): void => {
    for (const p of parts) body.push(...p);
  };
  emit(get(6), i32(3), i32Shl, set(CEND));
  emit(get(4), set(YA(0)));
  for (let b = 1; b < DOT_BLOCK; b++) emit(get(YA(b - 1)), get(5), i32Add, set(YA(b)));
  emit(i32(0), set(R), block, loop, get(R), i32(2), i32Add, get(3), i32GtS, brIf(1));
  emit(get(1), get(R), get(2), i32Mul, i32Add, tee(O0), get(2), i32Add, set(O1));
  for (let e = 0; e < 2; e++) for (let b = 0; b < DOT_BLOCK; b++) emit(vZero, set(ACC(e, b)));
  emit(i32(0), set(C), block, loop, get(C), get(CEND), i32GeS, brIf(1));
  emit(get(O0), get(C), i32Add, vLoad(), set(A0), get(O1), get(C), i32Add, vLoad(), set(A1));
  for (let b = 0; b < DOT_BLOCK; b++) {
    emit(get(YA(b)), get(C), i32Add, vLoad(), set(Y));
    emit(get(ACC(0, b)), get(A0), get(Y), vMul, vAdd, set(ACC(0, b)));
    emit(get(ACC(1, b)), get(A1), get(Y), vMul, vAdd, set(ACC(1, b)));
  }
  emit(get(C), i32(16), i32Add, set(C), br(0), end, end);
  for (let e = 0; e < 2; e++) {
    for (let b = 0; b < DOT_BLOCK; b++) {
      emit(get(0), get(R), i32(5), i32Shl, i32Add, get(ACC(e, b)), vLane(0), get(ACC(e, b)), vLane(1), f64Add, f64Store(8 * (DOT_BLOCK * e + b)));
    }
  }
  emit(get(R), i32(2), i32Add, set(R), br(0), end, end);
  return body;
}
import type { WasmModuleSpec } from '../linalg/wasmRuntime';

/**
 * Pairs of columns per pass of `gemmWide` (measured on the rotation at n = 5*10^4, 70 x 35: 1, 2
 * and 4 pairs took 23.8, 21.9 and 21.2 ms).
 */
export const WIDE_PAIRS = 4;

export const BASIS_KERNELS: WasmModuleSpec = {
  name: 'basisKernels',
  assemble: () =>
    module([
      {
        name: 'dotRows',
        params: Array<number>(6).fill(I32),
        locals: [...Array<number>(DOT_LOCALS.i32).fill(I32), ...Array<number>(DOT_LOCALS.v128).fill(V128)],
        body: dotRowsBody(),
      },
      {
        name: 'gemm',
        params: [...Array<number>(GEMM_PARAMS - 1).fill(I32), F64],
        locals: [...Array<number>(GEMM_LOCALS.i32).fill(I32), ...Array<number>(GEMM_LOCALS.v128).fill(V128)],
        body: gemmBody(true),
      },
      {
        name: 'gemmWide',
        params: [...Array<number>(GEMM_PARAMS - 1).fill(I32), F64],
        locals: [...Array<number>(GEMM_LOCALS.i32).fill(I32), ...Array<number>(GEMM_LOCALS.v128).fill(V128)],
        body: gemmBody(true, WIDE_PAIRS),
      },
      {
        name: 'dotBlock',
        params: Array<number>(7).fill(I32),
        locals: [...Array<number>(9).fill(I32), ...Array<number>(11).fill(V128)],
        body: dotBlockBody(),
      },
      { name: 'divide', params: [I32, I32, F64], locals: [I32, I32, V128], body: divideBody() },
    ]),
};

export interface BasisKernelExports {
  /** out[r] = rows[r] . vec over len doubles, r < nRows (byte addresses; row stride in bytes). */
  dotRows(out: number, rows: number, stride: number, nRows: number, vec: number, len: number): void;
  /** dst[i, c] += sign * sum_q coef(i, q) src[q, c] (see simdGemm.ts: nDst even, nSrc a multiple of 4). */
  gemm(
    dst: number, dstStride: number, nDst: number, coef: number, coefRowStride: number, coefColStride: number,
    src: number, srcStride: number, nSrc: number, p0: number, p1: number, sign: number,
  ): void;
  /** `gemm` with WIDE_PAIRS pairs of columns per pass (the same sums): p1 - p0 a multiple of 16 WIDE_PAIRS bytes. */
  gemmWide(
    dst: number, dstStride: number, nDst: number, coef: number, coefRowStride: number, coefColStride: number,
    src: number, srcStride: number, nSrc: number, p0: number, p1: number, sign: number,
  ): void;
  /** out[4 r + b] = rows[r] . vecs[b], r < nRows (even), b < 4, over len (even) doubles (byte addresses and strides). */
  dotBlock(out: number, rows: number, stride: number, nRows: number, vecs: number, vecStride: number, len: number): void;
  /** x[c] /= d for len (even) doubles at byte address x. */
  divide(x: number, len: number, d: number): void;
}
