/**
 * Two-lane (f64x2) WebAssembly kernels for the hottest loops of the eigenvalue solver, assembled
 * at run time by wasmEmit.ts. They are used only on matrices that live in the kernels' memory
 * (see `simdMatrix`); everything else, and every engine without WebAssembly SIMD, takes the
 * TypeScript loops, which compute the same thing.
 */
import { GEMM_LOCALS, GEMM_PARAMS, gemmBody } from './simdGemm';
import {
  F64, I32, V128, block, br, brIf, end, f64Load, get, i32, i32Add, i32GeS, i32GtS, loop, module, set, tee, vAdd,
  vLoad, vMul, vSplat, vStore, vSub, type Bytes,
} from './wasmEmit';

/** The part of the WebAssembly JS API used here (the core's lib setting has no wasm types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
};

/** Byte address of the reflector coefficients: [t1, u1, u2, t1 u1, t1 u2] per reflector. */
export const COEF_ADDR = 0;
/** Matrices start here (the first page holds the coefficients). */
const ARENA = 65536;
const PAGE = 65536;
/** Doubles per matrix row kept free after each simdMatrix for the blocked reduction's panels. */
export const SCRATCH_PER_ROW = 128;
/** Column tile (bytes) over which one group of reflectors runs before the next group. */
const TILE_BYTES = 128 * 8;

export interface SimdKernels {
  /**
   * Applies `groups` groups of four consecutive 3x3 reflectors (coefficients at COEF_ADDR, group g
   * at rows 4g..4g+5 from `base`) from the left to byte columns [p0, p1) of the rows starting at
   * byte address `base` with row stride `stride` bytes; p1 - p0 must be a multiple of 16.
   */
  reflect4(base: number, stride: number, groups: number, p0: number, p1: number): void;
  /**
   * dst[i, c] += sign * sum_q coef(i, q) src[q, c] (see simdGemm.ts for the parameters):
   * `gemmDst` for many dst rows and few src rows, `gemmSrc` for the opposite.
   */
  gemmDst: GemmKernel;
  gemmSrc: GemmKernel;
  readonly memory: WasmMemory;
}

function reflect4Body(): Bytes {
  // Locals: 0 base, 1 stride, 2 groups, 3 p0, 4 p1 | 5 ts, 6 te, 7 g, 8 p, 9 a0, 10 cp |
  // 11..30 coefficients (v128) | 31..36 x0..x5 | 37..40 sa..sd | 41..45 rows 1..5 (i32).
  const C = (k: number, j: number): number => 11 + 5 * k + j; // reflector k, coefficient j
  const X = (k: number): number => 31 + k;
  const S = (k: number): number => 37 + k;
  const R = (k: number): number => (k === 0 ? 9 : 40 + k);
  const addr = (k: number): Bytes => [...get(R(k)), ...get(8), ...i32Add];
  const body: Bytes = [];
  const emit = (...parts: Bytes[]): void => {
    for (const p of parts) body.push(...p);
  };
  // One reflector k acting on x[k], x[k+1], x[k+2]: s = x_k + u1 x_{k+1} + u2 x_{k+2}; the top
  // row is final and stored, the other two stay in locals for the next reflector.
  const reflector = (k: number): void => {
    emit(get(X(k)), get(C(k, 1)), get(X(k + 1)), vMul, vAdd, get(C(k, 2)), get(X(k + 2)), vMul, vAdd, set(S(k)));
    emit(addr(k), get(X(k)), get(S(k)), get(C(k, 0)), vMul, vSub, vStore());
    emit(get(X(k + 1)), get(S(k)), get(C(k, 3)), vMul, vSub, set(X(k + 1)));
    emit(get(X(k + 2)), get(S(k)), get(C(k, 4)), vMul, vSub, set(X(k + 2)));
  };
  emit(get(3), set(5));
  emit(block, loop);
  emit(get(5), get(4), i32GeS, brIf(1));
  // te = min(ts + TILE, p1)
  emit(get(5), i32(TILE_BYTES), i32Add, set(6));
  emit(get(6), get(4), i32GtS, [0x04, 0x40], get(4), set(6), end);
  emit(i32(0), set(7), get(0), set(9), i32(COEF_ADDR), set(10));
  emit(block, loop);
  emit(get(7), get(2), i32GeS, brIf(1));
  for (let k = 0; k < 4; k++) for (let j = 0; j < 5; j++) emit(get(10), f64Load(40 * k + 8 * j), vSplat, set(C(k, j)));
  emit(get(9), get(1), i32Add, tee(41), get(1), i32Add, tee(42), get(1), i32Add, tee(43), get(1), i32Add, tee(44), get(1), i32Add, set(45));
  emit(get(5), set(8));
  emit(block, loop);
  emit(get(8), get(6), i32GeS, brIf(1));
  for (let k = 0; k < 4; k++) emit(addr(k), vLoad(), set(X(k)));
  reflector(0);
  reflector(1);
  emit(addr(4), vLoad(), set(X(4)));
  reflector(2);
  emit(addr(5), vLoad(), set(X(5)));
  reflector(3);
  emit(addr(4), get(X(4)), vStore(), addr(5), get(X(5)), vStore());
  emit(get(8), i32(16), i32Add, set(8), br(0), end, end);
  // Next group: four rows down, four reflectors on.
  emit(get(43 + 1), set(9), get(10), i32(160), i32Add, set(10), get(7), i32(1), i32Add, set(7), br(0), end, end);
  emit(get(6), set(5), br(0), end, end);
  return body;
}

export type GemmKernel = (
  dst: number, dstStride: number, nDst: number, coef: number, coefRowStride: number, coefColStride: number,
  src: number, srcStride: number, nSrc: number, p0: number, p1: number, sign: number,
) => void;

let cached: SimdKernels | null | undefined;

/** The kernels, or null where WebAssembly SIMD is unavailable (then callers use TypeScript). */
export function simdKernels(): SimdKernels | null {
  if (cached !== undefined) return cached;
  cached = null;
  try {
    const gemmParams = [...Array<number>(GEMM_PARAMS - 1).fill(I32), F64];
    const gemmLocals = [...Array<number>(GEMM_LOCALS.i32).fill(I32), ...Array<number>(GEMM_LOCALS.v128).fill(V128)];
    const bytes = module([
      {
        name: 'reflect4',
        params: [I32, I32, I32, I32, I32],
        locals: [I32, I32, I32, I32, I32, I32, ...Array<number>(20).fill(V128), ...Array<number>(10).fill(V128), I32, I32, I32, I32, I32],
        body: reflect4Body(),
      },
      { name: 'gemmDst', params: gemmParams, locals: gemmLocals, body: gemmBody(true) },
      { name: 'gemmSrc', params: gemmParams, locals: gemmLocals, body: gemmBody(false) },
    ]);
    const memory = new WebAssembly.Memory({ initial: 2 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    const x = instance.exports;
    cached = { reflect4: x.reflect4 as SimdKernels['reflect4'], gemmDst: x.gemmDst as GemmKernel, gemmSrc: x.gemmSrc as GemmKernel, memory };
  } catch {
    cached = null;
  }
  return cached;
}

/**
 * A zeroed n x n matrix in the kernels' memory (so the SIMD paths apply to it), or an ordinary
 * Float64Array without them. The memory is reused: the previous matrix from here is invalid
 * after the next call. Eigenvalue solves are synchronous and not re-entrant, so one is enough.
 */
export function simdMatrix(n: number): Float64Array {
  const k = simdKernels();
  if (!k) return new Float64Array(n * n);
  const need = ARENA + (n * n + SCRATCH_PER_ROW * n) * 8;
  const have = k.memory.buffer.byteLength;
  if (need > have) k.memory.grow(Math.ceil((need - have) / PAGE));
  const view = new Float64Array(k.memory.buffer, ARENA, n * n);
  view.fill(0);
  return view;
}

/**
 * Scratch space of `length` doubles right after a matrix from simdMatrix (room for
 * SCRATCH_PER_ROW doubles per row is kept there), or null for any other matrix.
 */
export function simdScratch(h: Float64Array, n: number, length: number): Float64Array | null {
  const k = simdKernels();
  if (!k || h.buffer !== k.memory.buffer || h.byteOffset !== ARENA || length > SCRATCH_PER_ROW * n) return null;
  return new Float64Array(k.memory.buffer, ARENA + n * n * 8, length);
}

/** Coefficient view in the kernels' memory (re-made after any growth). */
export function simdCoefficients(k: SimdKernels, count: number): Float64Array {
  return new Float64Array(k.memory.buffer, COEF_ADDR, 5 * count);
}
