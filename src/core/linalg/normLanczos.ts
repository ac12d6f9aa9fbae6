/**
 * sigma_max of a small dense matrix by Golub–Kahan–Lanczos with full reorthogonalisation (the
 * method and stopping rule of lanczos.ts, count = 1), with every vector operation in the
 * WebAssembly kernels of normKernels.ts. For the power norms' many small solves in a fresh
 * process: compiled WebAssembly runs at speed from the first call, where the TypeScript loops
 * first spend tens of milliseconds warming up. A breakdown (an invariant subspace found before
 * the value settled) returns null: the caller then uses the general routine, which handles it.
 */
import { gaussian } from '../random';
import { ritzCoefficients } from './tridiag';
import { LANCZOS_WORK, lanczosWorkDoubles } from './lanczosKernel';
import { NORM_KERNELS, type NormKernelExports } from './normKernels';

import { compileOrNull, instantiateFresh } from './wasmRuntime';

const RES = 0; // the dot kernel's result
const BASE = 16;

let compiled: object | null | undefined;

/** The kernels of normKernels.ts, compiled once per process. */
export function compiledModule(): object | null {
  // null: no WebAssembly SIMD here (or a CSP forbids compiling it)
  if (compiled === undefined) compiled = compileOrNull(NORM_KERNELS);
  return compiled;
}

export interface NormResult {
  value: number;
  /** Unit right Ritz vector of the value (a warm start for the next, nearby matrix). */
  vector: Float64Array;
  converged: boolean;
  steps: number;
}

/**
 * A workspace for sigma_max of n x n matrices: `load` a matrix, then `sigmaMax`. Its memory is
 * its own and never grows (growing detaches buffers, which slows typed arrays process-wide).
 */
export interface NormWorkspace {
  load(a: Float64Array): void;
  sigmaMax(start: Float64Array | undefined, tol: number): NormResult | null;
}

/**
 * `matrices` n x n matrices (rows padded with exact zeros to `stride` bytes, np rows each) and a
 * Lanczos basis of `maxSteps` vectors in one memory. `sigmaMax(a, band, ...)` runs on the matrix
 * at byte address a (one of `matrix(m)`), whose row i is zero left of column i - band; null on a breakdown or when `maxSteps` steps
 * did not settle (the caller then uses the general routine).
 */
export interface NormArena {
  readonly kernels: NormKernelExports;
  /** The whole memory (byte address a is f[a / 8]). */
  readonly f: Float64Array;
  /** n rounded up to a multiple of 4 (the product kernel takes rows four at a time). */
  readonly np: number;
  readonly stride: number;
  /** Byte address of matrix m. */
  matrix(m: number): number;
  sigmaMax(a: number, band: number, start: Float64Array | undefined, tol: number): NormResult | null;
  /**
   * Hands the memory back for the next arena that fits (this one must not be used again). An
   * arena never released is left to the GC, which may take several before it runs: at n = 1024
   * each is 32 MB, so the power norms of a four-gate LSTM held 128 MB of them.
   */
  release(): void;
}

type Made = NonNullable<ReturnType<typeof instantiateFresh>>;
/**
 * The memory of the last released arena (one is enough: arenas are used one at a time), held
 * weakly: an analysis, one synchronous job, always finds it again, and a long-lived process that
 * goes idle does not keep it.
 */
let spare: WeakRef<Made> | undefined;

/** A released memory of at least `bytes` with its first `zeroed` bytes cleared, or a fresh one. */
function memoryFor(mod: object, bytes: number, zeroed: number): Made | null {
  const kept = spare?.deref();
  if (kept === undefined || kept.memory.buffer.byteLength < bytes) return instantiateFresh(mod, bytes);
  spare = undefined;
  new Uint8Array(kept.memory.buffer, 0, zeroed).fill(0);
  return kept;
}

/** A workspace, or null where WebAssembly SIMD is unavailable. */
export function normWorkspace(n: number): NormWorkspace | null {
  const arena = normArena(n, 1, n);
  if (!arena) return null;
  const { f, np } = arena;
  const a0 = arena.matrix(0) / 8;
  return {
    load(a) {
      for (let i = 0; i < n; i++) {
        const row = a0 + i * np;
        for (let c = 0; c < n; c++) f[row + c] = a[i * n + c]!;
      }
    },
    sigmaMax: (start, tol) => arena.sigmaMax(arena.matrix(0), n, start, tol),
  };
}

/**
 * An arena, or null where WebAssembly SIMD is unavailable or the memory cannot be had. `cleared`
 * false: a reused memory's matrices are left as they were (the caller writes every matrix,
 * padding included, before use: clearing them all costs as much as a product at n = 256).
 */
export function normArena(n: number, matrices: number, maxSteps: number, cleared = true): NormArena | null {
  const mod = compiledModule();
  if (!mod || n < 1) return null;
  const np = (n + 3) & ~3;
  const len = 8 * np;
  const cap = Math.max(1, Math.min(n, maxSteps));
  // Matrices, then V (cap + 1 slots: the last holds the Ritz vector), U (cap slots), the steps' work area.
  const vAddr = BASE + matrices * np * len;
  const uAddr = vAddr + (cap + 1) * len;
  const wAddr = uAddr + cap * len;
  const bytes = wAddr + 8 * lanczosWorkDoubles(cap);
  // The kernels compare byte addresses as signed 32-bit integers.
  if (bytes >= 2 ** 31) return null;
  // Only the matrices' padding relies on zeros left by earlier use; the basis slots are cleared
  // as they are used.
  const made = memoryFor(mod, bytes, cleared ? vAddr : 0);
  if (!made) return null;
  const k = made.exports as unknown as NormKernelExports;
  const f = new Float64Array(made.memory.buffer);
  const slot = (base: number, j: number): number => base + j * len;
  const norm = (x: number): number => {
    k.dot(RES, x, x, len);
    return Math.sqrt(f[RES / 8]!);
  };
  const rnd = gaussian(0x5eed);
  // The steps' coefficients, where the kernel leaves them.
  const alpha = f.subarray((wAddr + LANCZOS_WORK.alpha) / 8, (wAddr + LANCZOS_WORK.alpha) / 8 + cap);
  const beta = f.subarray((wAddr + LANCZOS_WORK.alpha) / 8 + cap, (wAddr + LANCZOS_WORK.alpha) / 8 + 2 * cap);

  function ritz(steps: number, sigma: number): Float64Array {
    const y = ritzCoefficients(alpha, beta, steps, sigma);
    const x = slot(vAddr, cap);
    f.fill(0, x / 8, x / 8 + np);
    for (let i = 0; i < steps; i++) k.axpy(x, slot(vAddr, i), -y[i]!, len);
    const nx = norm(x);
    if (nx > 0) k.scale(x, 1 / nx, len);
    return f.slice(x / 8, x / 8 + n);
  }

  return {
    kernels: k,
    f,
    np,
    stride: len,
    matrix: (m) => BASE + m * np * len,
    release() {
      const kept = spare?.deref();
      if (kept === undefined || kept.memory.buffer.byteLength < made.memory.buffer.byteLength) spare = new WeakRef(made);
    },
    sigmaMax(aAddr, band, start, tol) {
      const v0 = slot(vAddr, 0) / 8;
      f.fill(0, v0, v0 + np);
      for (let i = 0; i < n; i++) f[v0 + i] = start ? start[i]! : rnd();
      let nv = norm(8 * v0);
      if (!(nv > 0) || !Number.isFinite(nv)) {
        for (let i = 0; i < n; i++) f[v0 + i] = rnd();
        nv = norm(8 * v0);
      }
      k.scale(8 * v0, 1 / nv, len);
      // The steps (lanczosKernel.ts): null on a breakdown or when cap steps did not settle.
      k.lanczos(aAddr, band, n, len, vAddr, uAddr, cap, tol, wAddr);
      if (f[(wAddr + LANCZOS_WORK.status) / 8] !== 1) return null;
      const value = f[(wAddr + LANCZOS_WORK.value) / 8]!;
      const steps = f[(wAddr + LANCZOS_WORK.steps) / 8]!;
      return { value, vector: ritz(steps, value), converged: true, steps };
    },
  };
}
