/**
 * The small Schur problem of a Krylov–Schur restart (smallSchur.ts) in WebAssembly: the
 * Householder reduction to Hessenberg form with its vectors, and the Francis QR iteration with the
 * full Schur form and the vectors (francisKernel.ts with wantT). The same operations in the same
 * order as the TypeScript, so both give the same bits; a fresh process runs these compiled from
 * the first restart, where the TypeScript loops spent most of a cold solve warming up (and boxing
 * doubles for the GC). Where WebAssembly is refused, smallSchur.ts runs its TypeScript.
 */
import { francisFunctions } from '../linalg/francisKernel';
import type { FrancisKernel } from '../linalg/simdKernels';
import {
  F64, I32, block, brIf, call, end, f64Abs, f64Add, f64Const, f64Div, f64Eq, f64Ge, f64Load, f64Max, f64Mul, f64Ne, f64Neg, f64Sqrt,
  f64Store, f64Sub, get, i32, i32Add, i32Eqz, i32LtS, i32Shl, i32Sub, iff, module, seq, set, type Bytes, type FnSpec,
} from '../linalg/wasmEmit';
import { addI, at, el, whileDo } from '../linalg/wasmLoops';
import { compileOrNull, instantiateFresh, type WasmModuleSpec } from '../linalg/wasmRuntime';
import { SORT_SCRATCH, sortFunctions } from './schurSort';

const inc = (l: number): Bytes => addI(l, 1);

/** Index of leftReflect in the module (after francis's five functions and hessenberg; the sort's follow). */
const LEFT = 6;

/**
 * leftReflect(x, m, u, tau, off, len, c0, w): rows [off, off + len) of the m x m x, columns
 * c0..m-1, <- (I - tau u u^T) those rows (smallSchur.ts's leftReflect; w is m doubles of scratch).
 */
function leftReflect(): FnSpec {
  // 0 x, 1 m, 2 u, 3 tau, 4 off, 5 len, 6 c0, 7 w | 8 r, 9 c, 10 o | 11 ur
  const [X, M, U, TAU, OFF, LEN, C0, W, R, C, O, UR] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const wc = el(get(W), get(C));
  const xc = seq(get(O), get(C), i32(3), i32Shl, i32Add);
  const rowStart = seq(at(get(X), seq(get(OFF), get(R), i32Add), get(M), i32(0)), set(O));
  const body = seq(
    i32(0), set(C), whileDo(seq(get(C), get(M), i32LtS), seq(wc, f64Const(0), f64Store(), inc(C))),
    i32(0), set(R), whileDo(seq(get(R), get(LEN), i32LtS), seq(
      el(get(U), get(R)), f64Load(), set(UR),
      iff(seq(get(UR), f64Const(0), f64Ne), seq(rowStart, get(C0), set(C),
        whileDo(seq(get(C), get(M), i32LtS), seq(wc, wc, f64Load(), get(UR), xc, f64Load(), f64Mul, f64Add, f64Store(), inc(C))))),
      inc(R),
    )),
    i32(0), set(R), whileDo(seq(get(R), get(LEN), i32LtS), seq(
      get(TAU), el(get(U), get(R)), f64Load(), f64Mul, set(UR),
      iff(seq(get(UR), f64Const(0), f64Ne), seq(rowStart, get(C0), set(C),
        whileDo(seq(get(C), get(M), i32LtS), seq(xc, xc, f64Load(), get(UR), wc, f64Load(), f64Mul, f64Sub, f64Store(), inc(C))))),
      inc(R),
    )),
  );
  return { name: 'leftReflect', params: [I32, I32, I32, F64, I32, I32, I32, I32], locals: [I32, I32, I32, F64], body };
}

/** hessenberg(t, m, from, zt, u, w): smallSchur.ts's hessenbergWithVectors on byte addresses. */
function hessenberg(): FnSpec {
  // 0 t, 1 m, 2 from, 3 zt, 4 u, 5 w | 6 k, 7 r, 8 c, 9 len, 10 o | 11 below, 12 big, 13 ss, 14 x, 15 alpha, 16 beta, 17 tau, 18 s, 19 f
  const [T, M, FROM, ZT, U, W, K, R, C, LEN, O] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [BELOW, BIG, SS, X, ALPHA, BETA, TAU, S, F] = [11, 12, 13, 14, 15, 16, 17, 18, 19];
  const tk = (row: Bytes): Bytes => at(get(T), row, get(M), get(K));
  const k1 = seq(get(K), i32(1), i32Add);
  const from = (first: Bytes, body: Bytes): Bytes => seq(first, set(R), whileDo(seq(get(R), get(M), i32LtS), seq(body, inc(R))));
  const uc = el(get(U), get(C));
  const oc = seq(get(O), get(C), i32(3), i32Shl, i32Add);
  const reflect = (x: number, c0: Bytes): Bytes => seq(get(x), get(M), get(U), get(TAU), k1, get(LEN), c0, get(W), call(LEFT));
  const column = seq(
    f64Const(0), set(BELOW),
    from(seq(get(K), i32(2), i32Add), seq(get(BELOW), tk(get(R)), f64Load(), f64Abs, f64Max, set(BELOW))),
    get(BELOW), f64Const(0), f64Eq, brIf(0),
    get(BELOW), tk(k1), f64Load(), f64Abs, f64Max, set(BIG),
    // Not finite: big - big is NaN.
    get(BIG), get(BIG), f64Sub, f64Const(0), f64Eq, i32Eqz, brIf(0),
    f64Const(0), set(SS),
    from(k1, seq(tk(get(R)), f64Load(), get(BIG), f64Div, set(X), get(SS), get(X), get(X), f64Mul, f64Add, set(SS))),
    tk(k1), f64Load(), set(ALPHA),
    get(SS), f64Sqrt, get(BIG), f64Mul, set(BETA),
    iff(seq(get(ALPHA), f64Const(0), f64Ge), seq(get(BETA), f64Neg, set(BETA))),
    get(BETA), get(ALPHA), f64Sub, get(BETA), f64Div, set(TAU),
    get(M), get(K), i32Sub, i32(1), i32Sub, set(LEN),
    get(U), f64Const(1), f64Store(),
    i32(1), set(R), whileDo(seq(get(R), get(LEN), i32LtS), seq(
      el(get(U), get(R)), tk(seq(k1, get(R), i32Add)), f64Load(), get(ALPHA), get(BETA), f64Sub, f64Div, f64Store(), inc(R))),
    reflect(T, get(K)), reflect(ZT, i32(0)),
    // Right: columns k+1.. of every row.
    from(i32(0), seq(
      at(get(T), get(R), get(M), k1), set(O),
      f64Const(0), set(S), i32(0), set(C),
      whileDo(seq(get(C), get(LEN), i32LtS), seq(get(S), oc, f64Load(), uc, f64Load(), f64Mul, f64Add, set(S), inc(C))),
      iff(seq(get(S), f64Const(0), f64Ne), seq(
        get(TAU), get(S), f64Mul, set(F), i32(0), set(C),
        whileDo(seq(get(C), get(LEN), i32LtS), seq(oc, oc, f64Load(), get(F), uc, f64Load(), f64Mul, f64Sub, f64Store(), inc(C))))),
    )),
    tk(k1), get(BETA), f64Store(),
    from(seq(get(K), i32(2), i32Add), seq(tk(get(R)), f64Const(0), f64Store())),
  );
  const body = seq(get(FROM), set(K), whileDo(seq(get(K), i32(2), i32Add, get(M), i32LtS), seq(block, column, end, inc(K))));
  return { name: 'hessenberg', params: Array<number>(6).fill(I32), locals: [...Array<number>(5).fill(I32), ...Array<number>(9).fill(F64)], body };
}

export const SCHUR_KERNELS: WasmModuleSpec = {
  name: 'schurKernels',
  assemble: () => module([...francisFunctions(0), hessenberg(), leftReflect(), ...sortFunctions(LEFT + 1)]),
};

/** One m x m problem's arrays in the kernels' memory, and the two steps on them. */
export interface SchurKernels {
  readonly t: Float64Array;
  readonly zt: Float64Array;
  /** hessenbergWithVectors on t and zt. */
  reduce(from: number): void;
  /** francisQR with wantT and zt on rows/columns [lo, m): sweeps used and the row where it stopped (lo - 1: converged). */
  schur(lo: number, itmax: number, smlnum: number): { iterations: number; stop: number };
  /** The blocks of [from, m) sorted by modulus, eigenvalues into wr/wi: the swaps refused. */
  sort(from: number): number;
  readonly wr: Float64Array;
  readonly wi: Float64Array;
}

interface Made { memory: { buffer: ArrayBuffer }; exports: Record<string, unknown>; bytes: number }
let compiled: object | null | undefined;
let made: Made | undefined;

/** Doubles before the arrays: 16 for the QR's output and scratch, then the sort's scratch. */
const OUT = 16;
const HEAD = OUT + SORT_SCRATCH;

/** The kernels over arrays for an m x m problem, or null where WebAssembly is refused (asked once per process). */
export function schurKernels(m: number): SchurKernels | null {
  if (compiled === undefined) compiled = compileOrNull(SCHUR_KERNELS);
  if (!compiled) return null;
  const bytes = 8 * (HEAD + 4 * m + 2 * m * m);
  if (!made || made.bytes < bytes) {
    const fresh = instantiateFresh(compiled, bytes);
    if (!fresh) return null;
    made = { ...fresh, bytes: fresh.memory.buffer.byteLength };
  }
  const buf = made.memory.buffer;
  const uAt = 8 * HEAD;
  const wAt = uAt + 8 * m;
  const wrAt = wAt + 8 * m;
  const wiAt = wrAt + 8 * m;
  const tAt = wiAt + 8 * m;
  const ztAt = tAt + 8 * m * m;
  const hess = made.exports.hessenberg as (t: number, m: number, from: number, zt: number, u: number, w: number) => void;
  const francis = made.exports.francis as FrancisKernel;
  const sort = made.exports.sort as (t: number, m: number, from: number, zt: number, wr: number, wi: number, scr: number) => number;
  const out = new Float64Array(buf, 0, 2);
  return {
    t: new Float64Array(buf, tAt, m * m),
    zt: new Float64Array(buf, ztAt, m * m),
    reduce: (from) => hess(tAt, m, from, ztAt, uAt, wAt),
    schur: (lo, itmax, smlnum) => {
      francis(tAt, m, lo, m - 1, itmax, 0, smlnum, 1, ztAt);
      return { iterations: out[0]!, stop: out[1]! };
    },
    sort: (from) => sort(tAt, m, from, ztAt, wrAt, wiAt, 8 * OUT),
    wr: new Float64Array(buf, wrAt, m),
    wi: new Float64Array(buf, wiAt, m),
  };
}
