/**
 * The step loop of normLanczos.ts's sigma_max (Golub–Kahan–Lanczos with full
 * reorthogonalisation) as one WebAssembly function calling the vector kernels of normKernels.ts,
 * with tridiag.ts's Sturm bisection for the top singular value of each step. Same operations in
 * the same order as the TypeScript it replaces, so the same bits; a fresh process runs it
 * compiled, where dozens of small calls per step first ran through the engine's slowest
 * JavaScript-to-WebAssembly path and the bisection in its interpreter.
 */
import {
  F64, I32, block, br, brIf, call, end, f64Abs, f64Add, f64Const, f64Div, f64Ge, f64Gt, f64Le, f64Load, f64Lt, f64Max, f64Mul,
  f64Neg, f64Sqrt, f64Store, f64Sub, get, i32, i32Add, i32And, i32Eqz, i32GeS, i32GtS, i32LtS, i32Mul, i32Shl, i32Sub, iff, loop, ret, select, seq, set,
  f64Eq, f64FromI32, type Bytes, type FnSpec,
} from './wasmEmit';

/** Indices of the normKernels functions called here. */
export interface VectorKernelIndices { dot: number; axpy: number; scale: number; reorth: number; matvecBand: number; matTvecBand: number }

/** Byte offsets in the work area: status (1 converged, 0 give up), value, steps, then alpha, beta, e. */
export const LANCZOS_WORK = { status: 0, value: 8, steps: 16, alpha: 32 } as const;
/** Doubles of work area for a basis of `cap` vectors. */
export const lanczosWorkDoubles = (cap: number): number => 4 + 4 * cap;

const addr8 = (base: number, i: Bytes): Bytes => seq(get(base), i, i32(3), i32Shl, i32Add);

/**
 * topSingular(alpha, beta, k, e) -> tridiag.ts's bidiagonalTopSingularValues(alpha, beta, k, 1)[0]
 * (byte addresses; e holds 2k - 1 doubles of scratch).
 */
function topSingular(): FnSpec {
  // 0 alpha, 1 beta, 2 k, 3 e | 4 i, 5 len, 6 it, 7 count | 8 big, 9 lo, 10 hi, 11 mid, 12 q, 13 ei, 14 x
  const I = 4, LEN = 5, IT = 6, CNT = 7, BIG = 8, LO = 9, HI = 10, MID = 11, Q = 12, EI = 13, X = 14;
  const eAt = (i: Bytes): Bytes => addr8(3, i);
  const fill = seq(
    i32(0), set(I), block, loop, get(I), get(2), i32GeS, brIf(1),
    eAt(seq(get(I), i32(1), i32Shl)), addr8(0, get(I)), f64Load(), f64Store(),
    get(BIG), addr8(0, get(I)), f64Load(), f64Abs, f64Max, set(BIG),
    iff(seq(get(I), i32(1), i32Add, get(2), i32LtS), seq(
      eAt(seq(get(I), i32(1), i32Shl, i32(1), i32Add)), addr8(1, get(I)), f64Load(), f64Store(),
      get(BIG), addr8(1, get(I)), f64Load(), f64Abs, f64Max, set(BIG),
    )),
    get(I), i32(1), i32Add, set(I), br(0), end, end,
  );
  const normalise = seq(
    i32(0), set(I), block, loop, get(I), get(LEN), i32GeS, brIf(1),
    eAt(get(I)), eAt(get(I)), f64Load(), get(BIG), f64Div, f64Store(), get(I), i32(1), i32Add, set(I), br(0), end, end,
  );
  const bump = iff(seq(get(Q), f64Const(0), f64Lt), seq(get(CNT), i32(1), i32Add, set(CNT)));
  // countBelow(e, len, x) into CNT.
  const countBelow = seq(
    i32(0), set(CNT), get(X), f64Neg, set(Q), bump,
    i32(0), set(I), block, loop, get(I), get(LEN), i32GeS, brIf(1),
    iff(seq(get(Q), f64Const(0), f64Eq), seq(f64Const(-Number.MIN_VALUE), set(Q))),
    eAt(get(I)), f64Load(), set(EI),
    get(X), f64Neg, get(EI), get(EI), f64Mul, get(Q), f64Div, f64Sub, set(Q), bump,
    get(I), i32(1), i32Add, set(I), br(0), end, end,
  );
  const bisect = seq(
    f64Const(0), set(LO), f64Const(2.0000000000000004), set(HI),
    i32(0), set(IT), block, loop, get(IT), i32(200), i32GeS, brIf(1),
    f64Const(0.5), get(LO), get(HI), f64Add, f64Mul, set(MID),
    get(MID), get(LO), f64Le, brIf(1), get(MID), get(HI), f64Ge, brIf(1),
    get(MID), set(X), countBelow,
    iff(seq(get(CNT), get(2), i32(1), i32Shl, i32GeS), seq(get(MID), set(HI)), seq(get(MID), set(LO))),
    get(IT), i32(1), i32Add, set(IT), br(0), end, end,
  );
  const body = seq(
    get(2), i32(1), i32Shl, i32(1), i32Sub, set(LEN), f64Const(0), set(BIG), fill,
    iff(seq(get(BIG), f64Const(0), f64Eq), seq(f64Const(0), ret)),
    normalise, bisect, get(HI), get(BIG), f64Mul,
  );
  return { name: 'topSingular', params: [I32, I32, I32, I32], results: [F64], locals: [I32, I32, I32, I32, ...Array<number>(7).fill(F64)], body };
}

/**
 * lanczos(a, band, n, len, vBase, uBase, cap, tol, w, top): normLanczos.ts's step loop on the
 * matrix at byte address a (lower bandwidth band), from the unit vector in V slot 0; V and U slots
 * of len bytes. Writes status, value and steps at w, alpha and beta after them.
 */
function lanczos(x: VectorKernelIndices, top: number): FnSpec {
  // 0 a, 1 band, 2 n, 3 len, 4 vBase, 5 uBase, 6 cap, 7 tol, 8 w | 9 j, 10 u, 11 v, 12 r, 13 settled, 14 c, 15 alpha, 16 beta |
  // 17 av, 18 bv, 19 scaleEst, 20 value, 21 prev
  const J = 9, U = 10, V = 11, R = 12, ST = 13, C = 14, AL = 15, BE = 16, AV = 17, BV = 18, SE = 19, VAL = 20, PREV = 21;
  const tiny = f64Const(64 * Number.EPSILON);
  const slot = (base: number, j: Bytes): Bytes => seq(get(base), j, get(3), i32Mul, i32Add);
  const norm = (vec: number): Bytes => seq(i32(0), get(vec), get(vec), get(3), call(x.dot), i32(0), f64Load(), f64Sqrt);
  const zero = (from: Bytes, to: Bytes): Bytes => seq(
    from, set(C), block, loop, get(C), to, i32GeS, brIf(1), get(C), f64Const(0), f64Store(), get(C), i32(8), i32Add, set(C), br(0), end, end,
  );
  const finish = (status: number, steps: Bytes): Bytes => seq(
    get(8), f64Const(status), f64Store(LANCZOS_WORK.status), get(8), get(VAL), f64Store(LANCZOS_WORK.value), get(8), steps, f64FromI32, f64Store(LANCZOS_WORK.steps), ret,
  );
  const j1 = seq(get(J), i32(1), i32Add);
  const step = seq(
    slot(5, get(J)), set(U), slot(4, get(J)), set(V),
    get(U), get(0), get(2), get(3), get(V), get(1), call(x.matvecBand),
    // u[n..np) = 0
    zero(seq(get(U), get(2), i32(3), i32Shl, i32Add), seq(get(U), get(3), i32Add)),
    iff(seq(get(J), i32(0), i32GtS), seq(get(U), get(U), get(3), i32Sub, addr8(BE, seq(get(J), i32(1), i32Sub)), f64Load(), get(3), call(x.axpy))),
    get(U), get(5), get(J), get(3), call(x.reorth),
    norm(U), set(AV),
    get(SE), get(AV), f64Max, f64Const(0), set(BV),
    iff(seq(get(J), i32(0), i32GtS), seq(addr8(BE, seq(get(J), i32(1), i32Sub)), f64Load(), set(BV))),
    get(BV), f64Max, set(SE),
    iff(seq(get(AV), tiny, get(SE), f64Mul, f64Gt, i32Eqz), finish(0, i32(0))),
    get(U), f64Const(1), get(AV), f64Div, get(3), call(x.scale),
    addr8(AL, get(J)), get(AV), f64Store(),
    get(AL), get(BE), j1, addr8(BE, get(6)), call(top), set(VAL),
    iff(seq(j1, get(2), i32GeS), finish(1, j1)),
    // settled = j > 0 && |value - prev| <= tol max(value, MIN_VALUE) ? settled + 1 : 0
    get(ST), i32(1), i32Add, i32(0),
    get(J), i32(0), i32GtS, get(VAL), get(PREV), f64Sub, f64Abs, get(7), get(VAL), f64Const(Number.MIN_VALUE), f64Max, f64Mul, f64Le, i32And,
    select, set(ST),
    get(VAL), set(PREV),
    iff(seq(get(ST), i32(3), i32GeS, get(VAL), f64Const(0), f64Gt, i32And), finish(1, j1)),
    iff(seq(j1, get(6), i32GeS), finish(0, i32(0))),
    slot(4, j1), set(R),
    zero(get(R), seq(get(R), get(3), i32Add)),
    get(R), get(0), get(2), get(3), get(U), get(1), call(x.matTvecBand),
    get(R), get(V), get(AV), get(3), call(x.axpy),
    get(R), get(4), j1, get(3), call(x.reorth),
    norm(R), set(BV),
    get(SE), get(BV), f64Max, set(SE),
    iff(seq(get(BV), tiny, get(SE), f64Mul, f64Gt, i32Eqz), finish(0, i32(0))),
    get(R), f64Const(1), get(BV), f64Div, get(3), call(x.scale),
    addr8(BE, get(J)), get(BV), f64Store(),
    j1, set(J),
  );
  const body = seq(
    get(8), i32(LANCZOS_WORK.alpha), i32Add, set(AL), get(AL), get(6), i32(3), i32Shl, i32Add, set(BE),
    f64Const(0), set(SE), i32(0), set(ST), f64Const(NaN), set(PREV), i32(0), set(J),
    block, loop, get(J), get(6), i32GeS, brIf(1), step, br(0), end, end,
    finish(0, i32(0)),
  );
  return { name: 'lanczos', params: [I32, I32, I32, I32, I32, I32, I32, F64, I32], locals: [...Array<number>(8).fill(I32), ...Array<number>(5).fill(F64)], body };
}

/** The two functions, placed in the module from index `first` on (lanczos calls topSingular). */
export function lanczosFunctions(x: VectorKernelIndices, first: number): FnSpec[] {
  return [topSingular(), lanczos(x, first)];
}

export interface LanczosKernelExports {
  topSingular(alpha: number, beta: number, k: number, e: number): number;
  lanczos(a: number, band: number, n: number, len: number, vBase: number, uBase: number, cap: number, tol: number, w: number): void;
}
