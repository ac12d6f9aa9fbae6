/**
 * The two-lane WebAssembly kernels of the Krylov basis (basis.ts): dot products of many basis
 * rows with one vector over a stretch of columns, and the gemm of the restart rotation, which
 * also subtracts a combination of basis rows from a vector. Both work on any column range, so
 * Gram–Schmidt can run one cache-sized stretch of columns at a time.
 */
import { DOT_LOCALS, GEMM_LOCALS, GEMM_PARAMS, dotRowsBody, gemmBody } from '../linalg/simdGemm';
import { F64, I32, V128, module } from '../linalg/wasmEmit';
import type { WasmModuleSpec } from '../linalg/wasmRuntime';

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
}
