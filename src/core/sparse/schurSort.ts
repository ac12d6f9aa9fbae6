/**
 * The sorting step of smallSchur.ts in WebAssembly: the blocks' eigenvalues (francis.ts's eig2x2),
 * their moduli (Math.hypot as V8 computes it) and the selection sort by adjacent block swaps
 * (schurSwapKernel.ts), each by the same operations in the same order as the TypeScript, so both
 * give the same bits. A sort makes hundreds of swaps of a few rows each: a fresh process spent
 * tens of milliseconds in the TypeScript of them before it was compiled.
 */
import { hypot } from '../linalg/francisKernel';
import {
  F64, I32, block, br, brIf, call, end, f64Add, f64Const, f64Div, f64Eq, f64Ge, f64Gt, f64Lt, f64Max, f64Min, f64Mul, f64Ne, f64Neg, f64Sqrt,
  f64Sub, get, i32, i32Add, i32And, i32Eq, i32Eqz, i32GtS, i32LtS, i32Or, i32Sub, iff, loop, ret, seq, set, type Bytes, type FnSpec,
} from '../linalg/wasmEmit';
import { Frame, abs, at, el, ld, st, whileDo } from '../linalg/wasmLoops';
import { applyQ, solveSmall, swap, swap1, SWAP_SCRATCH, type SwapCalls } from './schurSwapKernel';

/** Doubles of scratch a sort needs. */
export const SORT_SCRATCH = SWAP_SCRATCH;

interface SortCalls extends SwapCalls { eig2x2: number; blockEigs: number; swap1: number; swap: number }

/** eig2x2(a, b, c, d, wr, wi): francis.ts's eig2x2 into the doubles at byte addresses wr, wr + 8 and wi, wi + 8. */
function eig2x2(): FnSpec {
  const [A, B, C, D, WR, WI] = [0, 1, 2, 3, 4, 5];
  const f = new Frame(6);
  const [P, BCMAX, BCMIS, SCALE, Z, ZZ, RE, IM] = [f.f(), f.f(), f.f(), f.f(), f.f(), f.f(), f.f(), f.f()];
  const next = (a: number): Bytes => seq(get(a), i32(8), i32Add);
  const put = (r1: Bytes, i1: Bytes, r2: Bytes, i2: Bytes): Bytes => seq(st(get(WR), r1), st(get(WI), i1), st(next(WR), r2), st(next(WI), i2), ret);
  const body = seq(
    iff(seq(get(C), f64Const(0), f64Eq, get(B), f64Const(0), f64Eq, i32Or), put(get(A), f64Const(0), get(D), f64Const(0))),
    f64Const(0.5), get(A), get(D), f64Sub, f64Mul, set(P),
    abs(get(B)), abs(get(C)), f64Max, set(BCMAX),
    // min(|b|, |c|) sign(b) sign(c): b and c are nonzero here (a NaN gives NaN either way).
    abs(get(B)), abs(get(C)), f64Min, set(BCMIS),
    iff(seq(get(B), f64Const(0), f64Lt), seq(get(BCMIS), f64Neg, set(BCMIS))),
    iff(seq(get(C), f64Const(0), f64Lt), seq(get(BCMIS), f64Neg, set(BCMIS))),
    abs(get(P)), get(BCMAX), f64Max, set(SCALE),
    get(P), get(SCALE), f64Div, get(P), f64Mul, get(BCMAX), get(SCALE), f64Div, get(BCMIS), f64Mul, f64Add, set(Z),
    iff(seq(get(Z), f64Const(0), f64Ge), seq(
      get(SCALE), f64Sqrt, get(Z), f64Sqrt, f64Mul, set(ZZ),
      iff(seq(get(P), f64Const(0), f64Ge, i32Eqz), seq(get(ZZ), f64Neg, set(ZZ))),
      get(P), get(ZZ), f64Add, set(ZZ),
      put(seq(get(D), get(ZZ), f64Add), f64Const(0), seq(get(D), get(BCMAX), get(ZZ), f64Div, get(BCMIS), f64Mul, f64Sub), f64Const(0)),
    )),
    f64Const(0.5), get(A), get(D), f64Add, f64Mul, set(RE),
    get(SCALE), f64Sqrt, get(Z), f64Neg, f64Sqrt, f64Mul, set(IM),
    put(get(RE), get(IM), get(RE), seq(get(IM), f64Neg)),
  );
  return { name: 'eig2x2', params: [F64, F64, F64, F64, I32, I32], locals: f.types, body };
}

/** out <- the size (1 or 2) of the block of the m x m t at i (i32 locals). */
const blockAt = (t: number, m: number, i: number, out: number): Bytes => seq(
  i32(1), set(out),
  iff(seq(get(i), i32(1), i32Add, get(m), i32LtS), iff(seq(ld(at(get(t), seq(get(i), i32(1), i32Add), get(m), get(i))), f64Const(0), f64Ne), seq(i32(2), set(out)))),
);

/** blockEigs(t, m, wr, wi): smallSchur.ts's blockEigenvalues (wr, wi byte addresses of m doubles). */
function blockEigs(c: SortCalls): FnSpec {
  const [T, M, WR, WI] = [0, 1, 2, 3];
  const f = new Frame(4);
  const [I, BS] = [f.i(), f.i()];
  const tij = (dr: number, dc: number): Bytes => ld(at(get(T), seq(get(I), i32(dr), i32Add), get(M), seq(get(I), i32(dc), i32Add)));
  const body = whileDo(seq(get(I), get(M), i32LtS), seq(
    blockAt(T, M, I, BS),
    iff(seq(get(BS), i32(1), i32Eq),
      seq(st(el(get(WR), get(I)), tij(0, 0)), st(el(get(WI), get(I)), f64Const(0))),
      seq(tij(0, 0), tij(0, 1), tij(1, 0), tij(1, 1), el(get(WR), get(I)), el(get(WI), get(I)), call(c.eig2x2))),
    get(I), get(BS), i32Add, set(I),
  ));
  return { name: 'blockEigs', params: [I32, I32, I32, I32], locals: f.types, body };
}

/**
 * sort(t, m, from, zt, wr, wi, scr) -> swaps refused: smallSchur.ts's selection sort of the
 * blocks of [from, m) by modulus, largest first, eigenvalues to wr/wi (byte addresses).
 */
function sort(c: SortCalls): FnSpec {
  const [T, M, FROM, ZT, WR, WI, SCR] = [0, 1, 2, 3, 4, 5, 6];
  const f = new Frame(7);
  const [POS, BEST, I, BS, HERE, PREV, PB, REFUSED, OK, BEST_MOD, MOD] = [f.i(), f.i(), f.i(), f.i(), f.i(), f.i(), f.i(), f.i(), f.i(), f.f(), f.f()];
  const eigs = seq(get(T), get(M), get(WR), get(WI), call(c.blockEigs));
  const hyp = (d: number): Bytes => seq(ld(el(get(WR), seq(get(I), i32(d), i32Add))), ld(el(get(WI), seq(get(I), i32(d), i32Add))), call(c.hypot2));
  const largest = seq(
    get(POS), set(BEST), f64Const(-1), set(BEST_MOD), get(POS), set(I),
    whileDo(seq(get(I), get(M), i32LtS), seq(
      blockAt(T, M, I, BS),
      hyp(0), set(MOD),
      iff(seq(get(BS), i32(2), i32Eq), seq(get(MOD), hyp(1), f64Max, set(MOD)), seq(get(MOD), f64Const(0), f64Max, set(MOD))),
      iff(seq(get(MOD), get(BEST_MOD), f64Gt), seq(get(MOD), set(BEST_MOD), get(I), set(BEST))),
      get(I), get(BS), i32Add, set(I),
    )),
  );
  // Bubble the block at `here` up to pos; a refused swap leaves it where it stopped.
  const bubble = seq(
    get(BEST), set(HERE), blockAt(T, M, HERE, BS),
    block, loop,
    get(HERE), get(POS), i32GtS, i32Eqz, brIf(1),
    get(POS), set(PREV), get(POS), set(I),
    whileDo(seq(get(I), get(HERE), i32LtS), seq(get(I), set(PREV), blockAt(T, M, I, PB), get(I), get(PB), i32Add, set(I))),
    get(HERE), get(PREV), i32Sub, set(PB),
    iff(seq(get(PB), i32(1), i32Eq, get(BS), i32(1), i32Eq, i32And),
      seq(get(T), get(M), get(ZT), get(M), get(PREV), call(c.swap1), i32(1), set(OK)),
      seq(get(T), get(M), get(ZT), get(M), get(PREV), get(PB), get(BS), get(SCR), call(c.swap), set(OK))),
    iff(seq(get(OK), i32Eqz), seq(get(REFUSED), i32(1), i32Add, set(REFUSED), br(2))),
    get(PREV), set(HERE), br(0),
    end, end,
  );
  const body = seq(
    eigs, get(FROM), set(POS),
    whileDo(seq(get(POS), get(M), i32LtS), seq(largest, bubble, eigs, blockAt(T, M, POS, BS), get(POS), get(BS), i32Add, set(POS))),
    get(REFUSED),
  );
  return { name: 'sort', params: Array<number>(7).fill(I32), results: [I32], locals: f.types, body };
}

/** The sort's functions, to be placed in a module from function index `first` on (sort last). */
export function sortFunctions(first: number): FnSpec[] {
  const names = ['hypot2', 'eig2x2', 'blockEigs', 'solveSmall', 'applyQ3', 'applyQ4', 'swap1', 'swap'] as const;
  const c = Object.fromEntries(names.map((n, i) => [n, first + i])) as unknown as SortCalls;
  return [hypot(2), eig2x2(), blockEigs(c), solveSmall(), applyQ(3), applyQ(4), swap1(c), swap(c), sort(c)];
}
