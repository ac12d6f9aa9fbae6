/**
 * Two-lane (f64x2) WebAssembly kernels for the hottest loops of the eigenvalue solver, assembled
 * at run time by wasmEmit.ts. They are used only on matrices that live in the kernels' memory
 * (see `simdMatrix`); everything else, and every engine without WebAssembly SIMD, takes the
 * TypeScript loops, which compute the same thing.
 */
import { DOT_LOCALS, GEMM_LOCALS, GEMM_PARAMS, dotRowsBody, gemmBody } from './simdGemm';
import { COEF_ADDR, reflect4Body, reflectRowsBody } from './simdReflect';
import { francisFunctions } from './francisKernel';
import { F64, I32, V128, module } from './wasmEmit';
import { compileOrNull, instantiateFresh, WASM_PAGE, type WasmMemory, type WasmModuleSpec } from './wasmRuntime';


export { COEF_ADDR };
/** Matrices start here (the first page holds the coefficients). */
const ARENA = 65536;
/** Doubles per matrix row, plus a fixed number, kept free after each simdMatrix for the blocked reduction's panels. */
export const SCRATCH_PER_ROW = 134;
const SCRATCH_FIXED = 2048;

export interface SimdKernels {
  /**
   * Applies `groups` groups of four consecutive 3x3 reflectors (coefficients at COEF_ADDR, group g
   * at rows 4g..4g+5 from `base`) from the left to byte columns [p0, p1) of the rows starting at
   * byte address `base` with row stride `stride` bytes; p1 - p0 must be a multiple of 16.
   */
  reflect4(base: number, stride: number, groups: number, p0: number, p1: number): void;
  /**
   * Applies reflectors 0..count-1 (coefficients at COEF_ADDR, reflector b on byte columns
   * 8b..8b+16 from each row's start) from the right to `rows` rows (a multiple of 4) starting at
   * byte address `base`, row stride `stride`: the last two columns stay in registers.
   */
  reflectRows(base: number, stride: number, rows: number, count: number): void;
  /**
   * dst[i, c] += sign * sum_q coef(i, q) src[q, c] (see simdGemm.ts for the parameters):
   * `gemmDst` for many dst rows and few src rows, `gemmSrc` for the opposite.
   */
  gemmDst: GemmKernel;
  gemmSrc: GemmKernel;
  /** out[r] = rows[r] . vec for r < nRows (byte addresses, len doubles per row). */
  dotRows(out: number, rows: number, stride: number, nRows: number, vec: number, len: number): void;
  /** francisKernel.ts: the double-shift QR iteration on the matrix at byte address h (eigenvalues only: wantT 0, zt -1). */
  francis: FrancisKernel;
  readonly memory: WasmMemory;
  /** The first page (coefficients) as doubles, made once: a view per bulge batch cost GC time. */
  readonly coefficients: Float64Array;
}

export type FrancisKernel = (h: number, n: number, lo: number, hi: number, itmax: number, out: number, smlnum: number, wantT: number, zt: number) => void;

export type GemmKernel = (
  dst: number, dstStride: number, nDst: number, coef: number, coefRowStride: number, coefColStride: number,
  src: number, srcStride: number, nSrc: number, p0: number, p1: number, sign: number,
) => void;

/** Index of the first function of the QR iteration's kernel (after the five above it in the module). */
const FRANCIS_FIRST = 5;

let compiled: object | null | undefined;
let current: SimdKernels | null = null;

/** The kernels' module (its bytes are assembled by the build too: wasmModules.ts). */
export const SIMD_KERNELS: WasmModuleSpec = { name: 'simdKernels', assemble: assembleSimdKernels };

function assembleSimdKernels(): Uint8Array {
  const gemmParams = [...Array<number>(GEMM_PARAMS - 1).fill(I32), F64];
  const gemmLocals = [...Array<number>(GEMM_LOCALS.i32).fill(I32), ...Array<number>(GEMM_LOCALS.v128).fill(V128)];
  return module([
    {
      name: 'reflect4',
      params: [I32, I32, I32, I32, I32],
      locals: [I32, I32, I32, I32, I32, I32, ...Array<number>(20).fill(V128), ...Array<number>(10).fill(V128), I32, I32, I32, I32, I32],
      body: reflect4Body(),
    },
    {
      name: 'reflectRows',
      params: [I32, I32, I32, I32],
      locals: [...Array<number>(6).fill(I32), ...Array<number>(14).fill(V128)],
      body: reflectRowsBody(),
    },
    { name: 'gemmDst', params: gemmParams, locals: gemmLocals, body: gemmBody(true) },
    { name: 'gemmSrc', params: gemmParams, locals: gemmLocals, body: gemmBody(false) },
    {
      name: 'dotRows',
      params: Array<number>(6).fill(I32),
      locals: [...Array<number>(DOT_LOCALS.i32).fill(I32), ...Array<number>(DOT_LOCALS.v128).fill(V128)],
      body: dotRowsBody(),
    },
    ...francisFunctions(FRANCIS_FIRST),
  ]);
}

/** The module, compiled once; null where WebAssembly SIMD is unavailable. */
function compiledModule(): object | null {
  if (compiled === undefined) compiled = compileOrNull(SIMD_KERNELS);
  return compiled;
}

/** An instance over a fresh memory of `pages` pages (see wasmRuntime.ts: memory never grows). */
function instantiate(mod: object, pages: number): SimdKernels | null {
  const made = instantiateFresh(mod, pages * WASM_PAGE);
  if (!made) return null;
  const x = made.exports;
  return {
    reflect4: x.reflect4 as SimdKernels['reflect4'], reflectRows: x.reflectRows as SimdKernels['reflectRows'],
    gemmDst: x.gemmDst as GemmKernel, gemmSrc: x.gemmSrc as GemmKernel, dotRows: x.dotRows as SimdKernels['dotRows'],
    francis: x.francis as FrancisKernel, memory: made.memory,
    coefficients: new Float64Array(made.memory.buffer, COEF_ADDR, (ARENA - COEF_ADDR) / 8),
  };
}

/** The kernels with their current memory, or null where WebAssembly SIMD is unavailable. */
export function simdKernels(): SimdKernels | null {
  if (current) return current;
  const mod = compiledModule();
  current = mod ? instantiate(mod, 2) : null;
  return current;
}

/** Bytes of memory for an n x n matrix and its panel scratch. */
const matrixBytes = (n: number): number => ARENA + (n * n + SCRATCH_PER_ROW * n + SCRATCH_FIXED) * 8;

/**
 * A zeroed n x n matrix in the kernels' memory (so the SIMD paths apply to it), or an ordinary
 * Float64Array without them. The memory is reused: the previous matrix from here is invalid
 * after the next call. Eigenvalue solves are synchronous and not re-entrant, so one is enough.
 * A larger matrix gets a new, larger memory (and instance); the old one is left to the GC.
 */
export function simdMatrix(n: number): Float64Array {
  const k = simdKernels();
  if (!k) return new Float64Array(n * n);
  const need = matrixBytes(n);
  // The kernels compare byte addresses as signed 32-bit integers: stay below 2 GiB.
  if (need >= 2 ** 31) return new Float64Array(n * n);
  let mem = k.memory;
  if (need > mem.buffer.byteLength) {
    const bigger = instantiate(compiledModule()!, Math.ceil(need / WASM_PAGE));
    if (!bigger) return new Float64Array(n * n); // no room: the TypeScript loops work on any array
    current = bigger;
    mem = bigger.memory;
  }
  const view = new Float64Array(mem.buffer, ARENA, n * n);
  view.fill(0);
  return view;
}

/** Largest matrix a spare memory is made for (it stays allocated: 8.6 MB at this size). */
const SPARE_MAX = 1024;
let spare: SimdKernels | null = null;

/**
 * An n x n matrix (not zeroed) in a second kernels' memory, for work on a copy of an ordinary
 * array while simdMatrix's current matrix stays valid; the previous one from here is invalid
 * after the next call. Null without the kernels or above SPARE_MAX.
 */
export function simdSpareMatrix(n: number): Float64Array | null {
  const mod = n <= SPARE_MAX ? compiledModule() : null;
  if (!mod) return null;
  const need = matrixBytes(n);
  if (!spare || need > spare.memory.buffer.byteLength) spare = instantiate(mod, Math.ceil(need / WASM_PAGE));
  return spare ? new Float64Array(spare.memory.buffer, ARENA, n * n) : null;
}

function scratchIn(k: SimdKernels | null, h: Float64Array, n: number, length: number): Float64Array | null {
  if (!k || h.buffer !== k.memory.buffer || h.byteOffset !== ARENA || length > SCRATCH_PER_ROW * n + SCRATCH_FIXED) return null;
  return new Float64Array(k.memory.buffer, ARENA + n * n * 8, length);
}

/**
 * Scratch space of `length` doubles right after a matrix from simdMatrix (room for
 * SCRATCH_PER_ROW doubles per row and SCRATCH_FIXED more are kept there), or null for any other matrix.
 */
export function simdScratch(h: Float64Array, n: number, length: number): Float64Array | null {
  return scratchIn(simdKernels(), h, n, length);
}

/** The same for a matrix from simdMatrix or simdSpareMatrix, with the kernels of its memory. */
export function kernelScratch(h: Float64Array, n: number, length: number): { kernels: SimdKernels; scratch: Float64Array } | null {
  for (const k of [simdKernels(), spare]) {
    const scratch = scratchIn(k, h, n, length);
    if (k && scratch) return { kernels: k, scratch };
  }
  return null;
}

/** Coefficient view in the kernels' memory (room for at least `count` reflectors). */
export function simdCoefficients(k: SimdKernels, count: number): Float64Array {
  if (5 * count > k.coefficients.length) throw new RangeError(`simdCoefficients: ${count} reflectors do not fit`);
  return k.coefficients;
}
