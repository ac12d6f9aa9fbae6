/**
 * One-sided Jacobi singular values (as jacobi.ts) with each sweep in a two-lane WebAssembly
 * kernel. WebAssembly is compiled at once, so a fresh process (the CLI) runs the sweeps at full
 * speed from the first call instead of warming up the TypeScript loops. Same rotations and
 * stopping rule; only the dot products' summation order differs (two lanes), so the values
 * agree with jacobiSingularValues to rounding.
 */
import type { Matrix } from '../matrix';
import { transpose } from '../matrix';
import { maxAbs, pow2Near } from './dense';
import {
  F64, I32, V128, block, br, brIf, end, f64Add, f64Load, f64Mul, f64Store, get, i32, i32Add, i32GeS, i32Mul, loop, module, set, tee,
  vAdd, vLane, vLoad, vMul, vSplat, vStore, vSub, vZero, type Bytes,
} from './wasmEmit';

import { compileOrNull, instantiateFresh, type WasmMemory, type WasmModuleSpec } from './wasmRuntime';

// Scalar instructions the shared writer does not have.
const f64Sub: Bytes = [0xa1];
const f64Div: Bytes = [0xa3];
const f64Sqrt: Bytes = [0x9f];
const f64Abs: Bytes = [0x99];
const f64Eq: Bytes = [0x61];
const f64Le: Bytes = [0x65];
const f64Ge: Bytes = [0x66];
const select: Bytes = [0x1b];
const i32Store = (offset = 0): Bytes => [0x36, 2, offset];
function f64Const(v: number): Bytes {
  const b = new Uint8Array(new Float64Array([v]).buffer);
  return [0x44, ...b];
}

/**
 * sweep(w, nrm, p, stride, flag): one cyclic sweep over the p rows at byte address w (row stride
 * `stride` bytes, a multiple of 16, zero-padded): nrm[i] = |row i|^2 first, then every pair
 * (i, j) not yet orthogonal to working precision is rotated as in jacobi.ts; writes 1 to the
 * i32 at `flag` when any pair was rotated, else 0.
 */
function sweepBody(): Bytes {
  // Params 0 w, 1 nrm, 2 p, 3 stride, 4 flag | i32 5 i, 6 j, 7 oi, 8 oj, 9 c, 10 rotated |
  // f64 11 g, 12 ai, 13 aj, 14 zeta, 15 tt, 16 cs, 17 sn | v128 18 acc, 19 x, 20 y, 21 vc, 22 vs.
  const [W, NRM, P, STRIDE, FLAG] = [0, 1, 2, 3, 4];
  const [I, J, OI, OJ, C, ROT] = [5, 6, 7, 8, 9, 10];
  const [G, AI, AJ, ZETA, TT, CS, SN] = [11, 12, 13, 14, 15, 16, 17];
  const [ACC, X, Y, VC, VS] = [18, 19, 20, 21, 22];
  const body: Bytes = [];
  const emit = (...parts: Bytes[]): void => {
    for (const part of parts) body.push(...part);
  };
  // acc = sum over the row pair of x * y, two lanes; leaves lane 0 + lane 1 on the stack.
  const dot = (a: number, b: number): void => {
    emit(vZero, set(ACC), i32(0), set(C), block, loop, get(C), get(STRIDE), i32GeS, brIf(1));
    emit(get(ACC), get(a), get(C), i32Add, vLoad(), get(b), get(C), i32Add, vLoad(), vMul, vAdd, set(ACC));
    emit(get(C), i32(16), i32Add, set(C), br(0), end, end);
    emit(get(ACC), vLane(0), get(ACC), vLane(1), f64Add);
  };
  const nrmAddr = (k: number): Bytes => [...get(NRM), ...get(k), ...i32(3), 0x74, ...i32Add];

  // Row norms.
  emit(i32(0), set(I), block, loop, get(I), get(P), i32GeS, brIf(1));
  emit(get(W), get(I), get(STRIDE), i32Mul, i32Add, set(OI));
  emit(nrmAddr(I));
  dot(OI, OI);
  emit(f64Store(), get(I), i32(1), i32Add, set(I), br(0), end, end);

  emit(i32(0), set(ROT), i32(0), set(I), block, loop, get(I), i32(1), i32Add, get(P), i32GeS, brIf(1));
  emit(get(W), get(I), get(STRIDE), i32Mul, i32Add, set(OI));
  emit(get(I), i32(1), i32Add, set(J), block, loop, get(J), get(P), i32GeS, brIf(1));
  emit(get(W), get(J), get(STRIDE), i32Mul, i32Add, set(OJ));
  dot(OI, OJ);
  emit(set(G), nrmAddr(I), f64Load(), set(AI), nrmAddr(J), f64Load(), set(AJ));
  // A block to skip the rotation of an orthogonal pair.
  emit(block, get(G), f64Const(0), f64Eq, brIf(0));
  emit(get(G), f64Abs, f64Const(Number.EPSILON), get(AI), get(AJ), f64Mul, f64Sqrt, f64Mul, f64Le, brIf(0));
  emit(i32(1), set(ROT));
  emit(get(AJ), get(AI), f64Sub, f64Const(2), get(G), f64Mul, f64Div, set(ZETA));
  emit(f64Const(1), f64Const(-1), get(ZETA), f64Const(0), f64Ge, select);
  emit(get(ZETA), f64Abs, f64Const(1), get(ZETA), get(ZETA), f64Mul, f64Add, f64Sqrt, f64Add, f64Div, set(TT));
  emit(f64Const(1), f64Const(1), get(TT), get(TT), f64Mul, f64Add, f64Sqrt, f64Div, tee(CS), vSplat, set(VC));
  emit(get(CS), get(TT), f64Mul, tee(SN), vSplat, set(VS));
  emit(i32(0), set(C), block, loop, get(C), get(STRIDE), i32GeS, brIf(1));
  emit(get(OI), get(C), i32Add, vLoad(), set(X), get(OJ), get(C), i32Add, vLoad(), set(Y));
  emit(get(OI), get(C), i32Add, get(VC), get(X), vMul, get(VS), get(Y), vMul, vSub, vStore());
  emit(get(OJ), get(C), i32Add, get(VS), get(X), vMul, get(VC), get(Y), vMul, vAdd, vStore());
  emit(get(C), i32(16), i32Add, set(C), br(0), end, end);
  emit(nrmAddr(I), get(AI), get(TT), get(G), f64Mul, f64Sub, f64Store());
  emit(nrmAddr(J), get(AJ), get(TT), get(G), f64Mul, f64Add, f64Store());
  emit(end);
  emit(get(J), i32(1), i32Add, set(J), br(0), end, end);
  emit(get(I), i32(1), i32Add, set(I), br(0), end, end);
  emit(get(FLAG), get(ROT), i32Store());
  return body;
}

/** Byte address of the rotated flag; the norms follow at NRM_ADDR, the rows after them. */
const FLAG_ADDR = 0;
const NRM_ADDR = 16;

type SweepFn = (w: number, nrm: number, p: number, stride: number, flag: number) => void;

let compiled: object | null | undefined;
let instance: { sweep: SweepFn; memory: WasmMemory } | null = null;

/** The sweep's module (its bytes are assembled by the build too: wasmModules.ts). */
export const JACOBI_SWEEP: WasmModuleSpec = {
  name: 'jacobiSweep',
  assemble: () =>
    module([
      { name: 'sweep', params: [I32, I32, I32, I32, I32], locals: [...Array<number>(6).fill(I32), ...Array<number>(7).fill(F64), ...Array<number>(5).fill(V128)], body: sweepBody() },
    ]),
};

function compiledModule(): object | null {
  // null: no WebAssembly SIMD here (or a CSP forbids compiling it)
  if (compiled === undefined) compiled = compileOrNull(JACOBI_SWEEP);
  return compiled;
}

/**
 * An instance whose memory holds at least `bytes`. Memory is never grown (growing detaches the
 * old buffer, which slows every typed-array access in the process): a larger need gets a new one.
 */
function instanceFor(bytes: number): { sweep: SweepFn; memory: WasmMemory } | null {
  if (instance && instance.memory.buffer.byteLength >= bytes) return instance;
  const mod = compiledModule();
  if (!mod) return null;
  const made = instantiateFresh(mod, bytes);
  if (!made) return null;
  instance = { sweep: made.exports.sweep as SweepFn, memory: made.memory };
  return instance;
}

/** Largest min(rows, cols) taken here (the one-sided Jacobi limit of svd.ts). */
export const JACOBI_SIMD_MAX = 256;

/**
 * All singular values of `a`, descending, as jacobiSingularValues computes them, or null where
 * WebAssembly SIMD is unavailable or the matrix is larger than JACOBI_SIMD_MAX (the caller then
 * uses the TypeScript routine).
 */
export function jacobiSingularValuesSimd(a: Matrix): Float64Array | null {
  const t = a.rows <= a.cols ? a : transpose(a);
  const p = t.rows;
  const q = t.cols;
  if (p === 0 || p > JACOBI_SIMD_MAX) return null;
  const big = maxAbs(t.data);
  if (big === 0 || !Number.isFinite(big)) return new Float64Array(p).fill(big === 0 ? 0 : NaN);
  const qp = q + (q & 1); // rows padded to whole lanes with exact zeros
  const wAddr = NRM_ADDR + 8 * (p + (p & 1));
  const k = instanceFor(wAddr + 8 * p * qp);
  if (!k) return null;
  const s = pow2Near(big);
  const w = new Float64Array(k.memory.buffer, wAddr, p * qp);
  w.fill(0);
  for (let i = 0; i < p; i++) {
    for (let c = 0; c < q; c++) w[i * qp + c] = t.data[i * q + c]! / s;
  }
  const flag = new Int32Array(k.memory.buffer, FLAG_ADDR, 1);
  for (let sweep = 0; sweep < 60; sweep++) {
    k.sweep(wAddr, NRM_ADDR, p, 8 * qp, FLAG_ADDR);
    if (flag[0] === 0) break;
  }
  const out = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let x = 0;
    for (let c = 0; c < q; c++) x += w[i * qp + c]! ** 2;
    out[i] = Math.sqrt(x) * s;
  }
  return out.sort().reverse();
}
