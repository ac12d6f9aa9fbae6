/**
 * schurSwap.ts's swaps of adjacent diagonal blocks in WebAssembly (used by schurSort.ts): the
 * Givens swap of two 1x1 blocks, and the direct swap of Bai & Demmel (a small Sylvester equation,
 * the Householder QR of [-X; I], a stability test, then Q on t and z^T) otherwise. The same
 * operations in the same order as the TypeScript, with its scratch arrays at fixed places.
 */
import {
  I32, block, brIf, call, end, f64Abs, f64Add, f64Const, f64Div, f64Eq, f64Ge, f64Gt, f64Lt, f64Max, f64Mul, f64Ne, f64Neg, f64Sub, get, i32, i32Add, i32Eq, i32GeS,
  i32Mul, i32Ne, i32Sub, iff, ret, select, seq, set, type Bytes, type FnSpec,
} from '../linalg/wasmEmit';
import { Frame, abs, at, el, forUp, ld, st, whileDo } from '../linalg/wasmLoops';

const EPS = Number.EPSILON;
const TINY = Number.MIN_VALUE * 1e20;
/** Scratch (doubles from the scr address) of one swap, as schurSwap.ts's SM, SX, SG, SQ, SV, SD, ST. */
const SM = 0, SX = 16, SG = 20, SQ = 28, SV = 44, SD = 48, ST = 64;
/** Doubles of scratch a swap needs. */
export const SWAP_SCRATCH = 80;

/** Function indices inside the module. */
export interface SwapCalls { hypot2: number; solveSmall: number; applyQ3: number; applyQ4: number }

/** solveSmall(a, b, n): schurSwap.ts's solveSmall (a n x n, b n doubles, byte addresses). */
export function solveSmall(): FnSpec {
  const [A, B, N] = [0, 1, 2];
  const f = new Frame(3);
  const [I, C, P, R, K, NORM, SMIN, F, S, X] = [f.i(), f.i(), f.i(), f.i(), f.i(), f.f(), f.f(), f.f(), f.f(), f.f()];
  const a = (r: number, col: number): Bytes => at(get(A), get(r), get(N), get(col));
  const b = (r: number): Bytes => el(get(B), get(r));
  const swapAt = (x: Bytes, y: Bytes): Bytes => seq(ld(x), set(X), st(x, ld(y)), st(y, get(X)));
  const next = (v: number): Bytes => seq(get(v), i32(1), i32Add);
  const eliminate = seq(
    ld(a(R, C)), ld(a(C, C)), f64Div, set(F),
    iff(seq(get(F), f64Const(0), f64Ne), seq(
      forUp(K, get(C), get(N), st(a(R, K), seq(ld(a(R, K)), get(F), ld(a(C, K)), f64Mul, f64Sub))),
      st(b(R), seq(ld(b(R)), get(F), ld(b(C)), f64Mul, f64Sub)),
    )),
  );
  const column = seq(
    get(C), set(P),
    forUp(R, next(C), get(N), iff(seq(abs(ld(a(R, C))), abs(ld(a(P, C))), f64Gt), seq(get(R), set(P)))),
    iff(seq(get(P), get(C), i32Ne), seq(forUp(K, i32(0), get(N), swapAt(a(C, K), a(P, K))), swapAt(b(C), b(P)))),
    iff(seq(abs(ld(a(C, C))), get(SMIN), f64Lt), st(a(C, C), get(SMIN))),
    forUp(R, next(C), get(N), eliminate),
  );
  const back = seq(
    ld(b(R)), set(S),
    forUp(K, next(R), get(N), seq(get(S), ld(a(R, K)), ld(b(K)), f64Mul, f64Sub, set(S))),
    st(b(R), seq(get(S), ld(a(R, R)), f64Div)),
  );
  const body = seq(
    f64Const(0), set(NORM),
    forUp(I, i32(0), seq(get(N), get(N), i32Mul), seq(get(NORM), abs(ld(el(get(A), get(I)))), f64Max, set(NORM))),
    f64Const(EPS), get(NORM), f64Mul, f64Const(TINY), f64Max, set(SMIN),
    forUp(C, i32(0), get(N), column),
    get(N), i32(1), i32Sub, set(R),
    whileDo(seq(get(R), i32(0), i32GeS), seq(back, get(R), i32(1), i32Sub, set(R))),
  );
  return { name: 'solveSmall', params: [I32, I32, I32], locals: f.types, body };
}

/**
 * applyQ<m>(q, base, kStride, itStride, count): at each of `count` positions (itStride bytes
 * apart) the m doubles x_k (kStride bytes apart) <- sum_k q[k m + j] x_k: leftQ3/leftQ4 and
 * rightQ3/rightQ4 of schurSwap.ts, with their association of the sums.
 */
export function applyQ(m: 3 | 4): FnSpec {
  const [Q, BASE, KS, IS, COUNT] = [0, 1, 2, 3, 4];
  const f = new Frame(5);
  const IT = f.i();
  const A = f.i();
  const xs = Array.from({ length: m }, () => f.f());
  const qs = Array.from({ length: m * m }, () => f.f());
  const xAt = (k: number): Bytes => seq(get(A), get(KS), i32(k), i32Mul, i32Add);
  const term = (k: number, j: number): Bytes => seq(get(qs[k * m + j]!), get(xs[k]!), f64Mul);
  const out = (j: number): Bytes => m === 3
    ? seq(term(0, j), term(1, j), f64Add, term(2, j), f64Add)
    : seq(term(0, j), term(1, j), f64Add, term(2, j), term(3, j), f64Add, f64Add);
  const body = seq(
    ...qs.map((l, i) => seq(ld(seq(get(Q), i32(8 * i), i32Add)), set(l))),
    forUp(IT, i32(0), get(COUNT), seq(
      get(BASE), get(IT), get(IS), i32Mul, i32Add, set(A),
      ...xs.map((l, k) => seq(ld(xAt(k)), set(l))),
      ...xs.map((_, j) => st(xAt(j), out(j))),
    )),
  );
  return { name: `applyQ${m}`, params: [I32, I32, I32, I32, I32], locals: f.types, body };
}

/** swap1(t, nt, zt, nz, j1): schurSwap.ts's swap1x1. */
export function swap1(c: SwapCalls): FnSpec {
  const [T, NT, ZT, NZ, J1] = [0, 1, 2, 3, 4];
  const f = new Frame(5);
  const [J2, K, T11, T22, F, G, R, CS, SN, X, Y] = [f.i(), f.i(), f.f(), f.f(), f.f(), f.f(), f.f(), f.f(), f.f(), f.f(), f.f()];
  const t = (r: Bytes, col: Bytes): Bytes => at(get(T), r, get(NT), col);
  const rot = (x: Bytes, y: Bytes): Bytes => seq(
    ld(x), set(X), ld(y), set(Y),
    st(x, seq(get(CS), get(X), f64Mul, get(SN), get(Y), f64Mul, f64Add)),
    st(y, seq(get(CS), get(Y), f64Mul, get(SN), get(X), f64Mul, f64Sub)),
  );
  const body = seq(
    get(J1), i32(1), i32Add, set(J2),
    ld(t(get(J1), get(J1))), set(T11), ld(t(get(J2), get(J2))), set(T22), ld(t(get(J1), get(J2))), set(F),
    get(T22), get(T11), f64Sub, set(G),
    get(F), get(G), call(c.hypot2), set(R),
    iff(seq(get(R), f64Const(0), f64Eq), ret),
    get(F), get(R), f64Div, set(CS), get(G), get(R), f64Div, set(SN),
    forUp(K, seq(get(J2), i32(1), i32Add), get(NT), rot(t(get(J1), get(K)), t(get(J2), get(K)))),
    forUp(K, i32(0), get(J1), rot(t(get(K), get(J1)), t(get(K), get(J2)))),
    st(t(get(J1), get(J1)), get(T22)), st(t(get(J2), get(J2)), get(T11)),
    forUp(K, i32(0), get(NZ), rot(at(get(ZT), get(J1), get(NZ), get(K)), at(get(ZT), get(J2), get(NZ), get(K)))),
  );
  return { name: 'swap1', params: [I32, I32, I32, I32, I32], locals: f.types, body };
}

/** swap(t, nt, zt, nz, j1, n1, n2, scr) -> 1, or 0 when refused: schurSwap.ts's swapBlocks past its 1x1 case. */
export function swap(c: SwapCalls): FnSpec {
  const [T, NT, ZT, NZ, J1, N1, N2, SCR] = [0, 1, 2, 3, 4, 5, 6, 7];
  const f = new Frame(8);
  const [M, NN, P, Q, U, R, CC, K, IX] = [f.i(), f.i(), f.i(), f.i(), f.i(), f.i(), f.i(), f.i(), f.i()];
  const [NRM, ALPHA, BETA, VV, TAU, S, DNORM, WORST] = [f.f(), f.f(), f.f(), f.f(), f.f(), f.f(), f.f(), f.f()];
  const Tat = (r: Bytes, col: Bytes): Bytes => at(get(T), seq(get(J1), r, i32Add), get(NT), seq(get(J1), col, i32Add));
  const sc = (off: number, i: Bytes): Bytes => el(seq(get(SCR), i32(8 * off), i32Add), i);
  const mix = (a: Bytes, b: Bytes, stride: Bytes): Bytes => seq(a, stride, i32Mul, b, i32Add);
  const zero = (off: number, count: number): Bytes => forUp(IX, i32(0), i32(count), st(sc(off, get(IX)), f64Const(0)));
  const n1q = seq(get(N1), get(Q), i32Add);
  // A11 X - X A22 = A12 as an (n1 n2)-unknown system.
  const system = seq(
    zero(SM, 16),
    forUp(P, i32(0), get(N1), forUp(Q, i32(0), get(N2), seq(
      mix(get(P), get(Q), get(N2)), set(U),
      st(sc(SX, get(U)), ld(Tat(get(P), n1q))),
      forUp(R, i32(0), get(N1), seq(mix(get(U), mix(get(R), get(Q), get(N2)), get(NN)), set(IX),
        st(sc(SM, get(IX)), seq(ld(sc(SM, get(IX))), ld(Tat(get(P), get(R))), f64Add)))),
      forUp(R, i32(0), get(N2), seq(mix(get(U), mix(get(P), get(R), get(N2)), get(NN)), set(IX),
        st(sc(SM, get(IX)), seq(ld(sc(SM, get(IX))), ld(Tat(seq(get(N1), get(R), i32Add), n1q)), f64Sub)))),
    ))),
    sc(SM, i32(0)), sc(SX, i32(0)), get(NN), call(c.solveSmall),
  );
  const g = (r: Bytes, col: Bytes): Bytes => sc(SG, mix(r, col, get(N2)));
  const qm = (r: Bytes, col: Bytes): Bytes => sc(SQ, mix(r, col, get(M)));
  const v = (i: Bytes): Bytes => sc(SV, i);
  const householder = seq(
    f64Const(0), set(NRM),
    forUp(R, get(CC), get(M), seq(get(NRM), ld(g(get(R), get(CC))), call(c.hypot2), set(NRM))),
    get(NRM), f64Const(0), f64Eq, brIf(0),
    ld(g(get(CC), get(CC))), set(ALPHA),
    get(NRM), f64Neg, get(NRM), get(ALPHA), f64Const(0), f64Ge, select, set(BETA),
    zero(SV, 4),
    st(v(get(CC)), seq(get(ALPHA), get(BETA), f64Sub)),
    forUp(R, seq(get(CC), i32(1), i32Add), get(M), st(v(get(R)), ld(g(get(R), get(CC))))),
    f64Const(0), set(VV),
    forUp(R, get(CC), get(M), seq(get(VV), ld(v(get(R))), ld(v(get(R))), f64Mul, f64Add, set(VV))),
    get(VV), f64Const(0), f64Eq, brIf(0),
    f64Const(2), get(VV), f64Div, set(TAU),
    forUp(K, get(CC), get(N2), seq(
      f64Const(0), set(S),
      forUp(R, get(CC), get(M), seq(get(S), ld(v(get(R))), ld(g(get(R), get(K))), f64Mul, f64Add, set(S))),
      forUp(R, get(CC), get(M), st(g(get(R), get(K)), seq(ld(g(get(R), get(K))), get(TAU), get(S), f64Mul, ld(v(get(R))), f64Mul, f64Sub))),
    )),
    forUp(R, i32(0), get(M), seq(
      f64Const(0), set(S),
      forUp(K, get(CC), get(M), seq(get(S), ld(qm(get(R), get(K))), ld(v(get(K))), f64Mul, f64Add, set(S))),
      forUp(K, get(CC), get(M), st(qm(get(R), get(K)), seq(ld(qm(get(R), get(K))), get(TAU), get(S), f64Mul, ld(v(get(K))), f64Mul, f64Sub))),
    )),
  );
  // Q from the Householder QR of G = [-X; I] (m x n2).
  const orthogonal = seq(
    zero(SG, 8),
    forUp(P, i32(0), get(N1), forUp(Q, i32(0), get(N2), st(g(get(P), get(Q)), seq(ld(sc(SX, mix(get(P), get(Q), get(N2)))), f64Neg)))),
    forUp(Q, i32(0), get(N2), st(g(n1q, get(Q)), f64Const(1))),
    zero(SQ, 16),
    forUp(IX, i32(0), get(M), st(qm(get(IX), get(IX)), f64Const(1))),
    // Each column in a block: a zero norm skips the rest of it.
    forUp(CC, i32(0), get(N2), seq(block, householder, end)),
  );
  // Stability test on D' = Q^T D Q before touching t.
  const d = (r: Bytes, col: Bytes): Bytes => sc(SD, mix(r, col, get(M)));
  const tmp = (r: Bytes, col: Bytes): Bytes => sc(ST, mix(r, col, get(M)));
  const test = seq(
    f64Const(0), set(DNORM),
    forUp(R, i32(0), get(M), forUp(CC, i32(0), get(M), seq(
      st(d(get(R), get(CC)), ld(Tat(get(R), get(CC)))), get(DNORM), ld(Tat(get(R), get(CC))), f64Abs, f64Max, set(DNORM)))),
    forUp(R, i32(0), get(M), forUp(CC, i32(0), get(M), seq(
      f64Const(0), set(S),
      forUp(K, i32(0), get(M), seq(get(S), ld(qm(get(K), get(R))), ld(d(get(K), get(CC))), f64Mul, f64Add, set(S))),
      st(tmp(get(R), get(CC)), get(S))))),
    f64Const(0), set(WORST),
    forUp(R, get(N2), get(M), forUp(CC, i32(0), get(N2), seq(
      f64Const(0), set(S),
      forUp(K, i32(0), get(M), seq(get(S), ld(tmp(get(R), get(K))), ld(qm(get(K), get(CC))), f64Mul, f64Add, set(S))),
      get(WORST), get(S), f64Abs, f64Max, set(WORST)))),
    iff(seq(get(WORST), f64Const(10 * EPS), get(DNORM), f64Mul, f64Const(TINY), f64Max, f64Gt), seq(i32(0), ret)),
  );
  const bytes = (x: Bytes): Bytes => seq(x, i32(8), i32Mul);
  const applyAll = (fn: number): Bytes => seq(
    sc(SQ, i32(0)), Tat(i32(0), i32(0)), bytes(get(NT)), i32(8), seq(get(NT), get(J1), i32Sub), call(fn),
    sc(SQ, i32(0)), el(get(T), get(J1)), i32(8), bytes(get(NT)), seq(get(J1), get(M), i32Add), call(fn),
    sc(SQ, i32(0)), at(get(ZT), get(J1), get(NZ), i32(0)), bytes(get(NZ)), i32(8), get(NZ), call(fn),
  );
  const body = seq(
    get(N1), get(N2), i32Add, set(M), get(N1), get(N2), i32Mul, set(NN),
    system, orthogonal, test,
    iff(seq(get(M), i32(3), i32Eq), applyAll(c.applyQ3), applyAll(c.applyQ4)),
    forUp(R, get(N2), get(M), forUp(CC, i32(0), get(N2), st(Tat(get(R), get(CC)), f64Const(0)))),
    i32(1),
  );
  return { name: 'swap', params: Array<number>(8).fill(I32), results: [I32], locals: f.types, body };
}
