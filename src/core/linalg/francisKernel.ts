/**
 * The double-shift QR iteration of francis.ts as one WebAssembly function on a matrix in a
 * kernel's memory, for eigenvalues only (work inside the active block) or, for the small Schur
 * problems of sparse/schurKernels.ts, the full Schur form with Z^T: the deflation test, the
 * shifts, the bulge start and the chase, one reflector at a time (dlahqr's order), two columns
 * per instruction along rows. Every value is computed by the same operations in the same order as
 * the TypeScript (Math.hypot as V8 computes it), so both give the same bits; a fresh process runs
 * it compiled from the first sweep, where the TypeScript loops first spend tens of milliseconds
 * warming up.
 */
import {
  F64, I32, block, br, brIf, call, end, f64Abs, f64Add, f64Const, f64Div, f64Eq, f64FromI32, f64Ge, f64Gt, f64Le, f64Load, f64Lt, f64Max, f64Min,
  f64Mul, f64Ne, f64Neg, f64Sqrt, f64Store, f64Sub, get, i32, i32Add, i32And, i32Eq, i32Eqz, i32GeS, i32GtS, i32LeS, i32LtS, i32Mul, i32Or,
  i32RemS, i32Shl, i32Sub, iff, loop, ret, select, seq, set, tee, V128, vAdd, vLoad, vMul, vSplat, vStore, vSub, type Bytes, type FnSpec,
} from './wasmEmit';
import { DAT1, DAT2, EXCEPTIONAL_EVERY, ULP } from './tuning';

const abs = (x: Bytes): Bytes => seq(x, f64Abs);
const dec = (l: number): Bytes => seq(get(l), i32(1), i32Sub, set(l));
const inc = (l: number): Bytes => seq(get(l), i32(1), i32Add, set(l));
const geti = (l: number, d: number): Bytes => (d === 0 ? get(l) : seq(get(l), i32(d), i32Add));

// Every function takes h (byte address of the row-major matrix) as local 0 and n as local 1.
const H = 0;
const N = 1;
/** Byte address of H(r + dr, c + dc) for i32 locals r and c. */
const at = (r: number, dr: number, c: number, dc: number): Bytes => seq(get(H), geti(r, dr), get(N), i32Mul, geti(c, dc), i32Add, i32(3), i32Shl, i32Add);
const ld = (r: number, dr: number, c: number, dc: number): Bytes => seq(at(r, dr, c, dc), f64Load());
const st = (r: number, dr: number, c: number, dc: number, v: Bytes): Bytes => seq(at(r, dr, c, dc), v, f64Store());

/** Function indices inside the module, from `first` on. */
interface Calls { hypot3: number; findSplit: number; bulgeStart: number; chase: number }

/** Math.hypot of `args` arguments as V8 computes it: the largest |x|, then a Kahan sum of (|x| / max)^2 in argument order. */
export function hypot(args: number): FnSpec {
  // 0 .. args - 1 the arguments | max, sum, comp, x, summand, pre
  const ps = Array.from({ length: args }, (_, p) => p);
  const [MAX, SUM, COMP, X, SUMMAND, PRE] = [args, args + 1, args + 2, args + 3, args + 4, args + 5];
  const maxOf = seq(...ps.map((p) => iff(seq(abs(get(p)), get(MAX), f64Gt), seq(abs(get(p)), set(MAX)))));
  const term = (p: number): Bytes => seq(abs(get(p)), get(MAX), f64Div, set(X), get(X), get(X), f64Mul, get(COMP), f64Sub, set(SUMMAND),
    get(SUM), get(SUMMAND), f64Add, set(PRE), get(PRE), get(SUM), f64Sub, get(SUMMAND), f64Sub, set(COMP), get(PRE), set(SUM));
  const isNaN = (p: number): Bytes => seq(get(p), get(p), f64Ne);
  const body = seq(
    f64Const(0), set(MAX), maxOf,
    iff(seq(get(MAX), f64Const(Infinity), f64Eq), seq(f64Const(Infinity), ret)),
    iff(seq(...ps.map((p, i) => seq(isNaN(p), i > 0 ? i32Or : []))), seq(f64Const(NaN), ret)),
    iff(seq(get(MAX), f64Const(0), f64Eq), seq(f64Const(0), ret)),
    f64Const(0), set(SUM), f64Const(0), set(COMP), ...ps.map(term),
    get(SUM), f64Sqrt, get(MAX), f64Mul,
  );
  return { name: `hypot${args}`, params: Array<number>(args).fill(F64), results: [F64], locals: Array<number>(6).fill(F64), body };
}

/** findSplit(h, n, l, i, smlnum) -> k: francis.ts's findSplit. */
function findSplit(): FnSpec {
  // 0 h, 1 n, 2 l, 3 i, 4 smlnum | 5 k | 6 sub, 7 tst, 8 up, 9 ab, 10 ba, 11 d1, 12 d2, 13 aa, 14 bb, 15 s
  const K = 5;
  const loopBody = seq(
    get(K), get(2), i32LeS, brIf(1),
    abs(ld(K, 0, K, -1)), tee(6), get(4), f64Le, iff([], seq(get(K), ret)),
    abs(ld(K, -1, K, -1)), abs(ld(K, 0, K, 0)), f64Add, set(7),
    iff(seq(get(7), f64Const(0), f64Eq), seq(
      iff(seq(geti(K, -2), get(2), i32GeS), seq(get(7), abs(ld(K, -1, K, -2)), f64Add, set(7))),
      iff(seq(geti(K, 1), get(N), i32(1), i32Sub, i32LeS), seq(get(7), abs(ld(K, 1, K, 0)), f64Add, set(7))),
    )),
    iff(seq(get(6), f64Const(ULP), get(7), f64Mul, f64Le), seq(
      abs(ld(K, -1, K, 0)), set(8),
      get(6), get(8), f64Max, set(9), get(6), get(8), f64Min, set(10),
      abs(ld(K, 0, K, 0)), set(11), ld(K, -1, K, -1), ld(K, 0, K, 0), f64Sub, f64Abs, set(12),
      get(11), get(12), f64Max, set(13), get(11), get(12), f64Min, set(14), get(13), get(9), f64Add, set(15),
      get(10), get(9), get(15), f64Div, f64Mul, get(4), f64Const(ULP), get(14), get(13), get(15), f64Div, f64Mul, f64Mul, f64Max, f64Le,
      iff([], seq(get(K), ret)),
    )),
    dec(K), br(0),
  );
  const body = seq(get(3), set(K), block, loop, loopBody, end, end, get(K));
  return { name: 'findSplit', params: [I32, I32, I32, I32, F64], results: [I32], locals: [I32, ...Array<number>(10).fill(F64)], body };
}

/** bulgeStart(h, n, l, i, rt1r, rt1i, rt2r, rt2i, out) -> m, with [v0, v1, v2] stored at out: francis.ts's bulgeStart. */
function bulgeStart(): FnSpec {
  // 0 h, 1 n, 2 l, 3 i, 4 rt1r, 5 rt1i, 6 rt2r, 7 rt2i, 8 out | 9 m | 10 h21s, 11 s, 12 v0, 13 v1, 14 v2, 15 h00, 16 h01
  const M = 9;
  const loopBody = seq(
    ld(M, 1, M, 0), set(10),
    ld(M, 0, M, 0), get(6), f64Sub, f64Abs, abs(get(7)), f64Add, abs(get(10)), f64Add, set(11),
    ld(M, 1, M, 0), get(11), f64Div, set(10),
    get(10), ld(M, 0, M, 1), f64Mul, ld(M, 0, M, 0), get(4), f64Sub, ld(M, 0, M, 0), get(6), f64Sub, get(11), f64Div, f64Mul, f64Add,
    get(5), get(7), get(11), f64Div, f64Mul, f64Sub, set(12),
    get(10), ld(M, 0, M, 0), ld(M, 1, M, 1), f64Add, get(4), f64Sub, get(6), f64Sub, f64Mul, set(13),
    get(10), ld(M, 2, M, 1), f64Mul, set(14),
    abs(get(12)), abs(get(13)), f64Add, abs(get(14)), f64Add, set(11),
    get(12), get(11), f64Div, set(12), get(13), get(11), f64Div, set(13), get(14), get(11), f64Div, set(14),
    get(M), get(2), i32Eq, brIf(1),
    abs(ld(M, 0, M, -1)), abs(get(13)), abs(get(14)), f64Add, f64Mul, set(15),
    abs(get(12)), abs(ld(M, -1, M, -1)), abs(ld(M, 0, M, 0)), f64Add, abs(ld(M, 1, M, 1)), f64Add, f64Mul, set(16),
    get(15), f64Const(ULP), get(16), f64Mul, f64Le, brIf(1),
    dec(M), br(0),
  );
  const store = (k: number, v: number): Bytes => seq(get(8), get(v), f64Store(8 * k));
  const body = seq(get(3), i32(2), i32Sub, set(M), block, loop, loopBody, end, end, store(0, 12), store(1, 13), store(2, 14), get(M));
  return { name: 'bulgeStart', params: [I32, I32, I32, I32, F64, F64, F64, F64, I32], results: [I32], locals: [I32, ...Array<number>(7).fill(F64)], body };
}

/**
 * chase(h, n, l, m, i, v0, v1, v2, i1, i2, zt): one sweep from row m to i inside the active block
 * [l, i] (bulge.ts's chaseBulge), each reflector on rows i1.. and columns ..i2 of h (i1 = l,
 * i2 = i for eigenvalues only; 0 and n - 1 for the Schur form) and, when zt >= 0, on every column
 * of the n x n zt at that byte address from the left.
 */
function chase(c: Calls): FnSpec {
  // 0 h, 1 n, 2 l, 3 m, 4 i, 5 v0, 6 v1, 7 v2, 8 i1, 9 i2, 10 zt | 11 kk, 12 nr, 13 j, 14 p, 15 ns, 16 jEnd |
  // 17 xbig, 18 t1, 19 u1, 20 u2, 21 beta, 22 big, 23 c, 24 nrm, 25 d, 26 t2, 27 t3, 28 sum, 29 a0, 30 a1, 31 a2
  const I1 = 8, I2 = 9, ZT = 10, KK = 11, NR = 12, J = 13, P = 14, NS = 15, JE = 16;
  const [V0, V1, V2, XBIG, T1, U1, U2, BETA, BIG, C, NRM, D, T2, T3, SUM, A0, A1, A2] = [5, 6, 7, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31];
  const ldp = (off: Bytes): Bytes => seq(get(P), off, i32Add, f64Load());
  const stp = (off: Bytes, v: Bytes): Bytes => seq(get(P), off, i32Add, v, f64Store());
  const o0: Bytes = i32(0);
  /** One reflector on three (or two) entries at p, p + step, p + 2 step. */
  const apply = (three: boolean, step: (k: number) => Bytes): Bytes => seq(
    ldp(step(0)), set(A0), ldp(step(1)), set(A1), three ? seq(ldp(step(2)), set(A2)) : [],
    get(A0), get(U1), get(A1), f64Mul, f64Add, three ? seq(get(U2), get(A2), f64Mul, f64Add) : [], set(SUM),
    stp(step(0), seq(get(A0), get(SUM), get(T1), f64Mul, f64Sub)),
    stp(step(1), seq(get(A1), get(SUM), get(T2), f64Mul, f64Sub)),
    three ? stp(step(2), seq(get(A2), get(SUM), get(T3), f64Mul, f64Sub)) : [],
  );
  const rowStep = (k: number): Bytes => (k === 0 ? o0 : seq(get(NS), k === 2 ? seq(i32(1), i32Shl) : []));
  const colStep = (k: number): Bytes => i32(8 * k);
  /** for j = from..jEnd: apply at p, p += inc. */
  const sweep = (three: boolean, start: Bytes, from: Bytes, to: Bytes, step: (k: number) => Bytes, incr: Bytes): Bytes => seq(
    from, set(J), to, set(JE), start, set(P),
    block, loop, get(J), get(JE), i32GtS, brIf(1), apply(three, step), get(P), incr, i32Add, set(P), inc(J), br(0), end, end,
  );
  // Along rows (contiguous): two columns per instruction, each lane the scalar arithmetic above.
  const [SU1, SU2, ST1, ST2, ST3, VA0, VA1, VA2, VSUM] = [32, 33, 34, 35, 36, 37, 38, 39, 40];
  const vldp = (off: Bytes): Bytes => seq(get(P), off, i32Add, vLoad());
  const vstp = (off: Bytes, v: Bytes): Bytes => seq(get(P), off, i32Add, v, vStore());
  const applyPair = (three: boolean): Bytes => seq(
    vldp(rowStep(0)), set(VA0), vldp(rowStep(1)), set(VA1), three ? seq(vldp(rowStep(2)), set(VA2)) : [],
    get(VA0), get(SU1), get(VA1), vMul, vAdd, three ? seq(get(SU2), get(VA2), vMul, vAdd) : [], set(VSUM),
    vstp(rowStep(0), seq(get(VA0), get(VSUM), get(ST1), vMul, vSub)),
    vstp(rowStep(1), seq(get(VA1), get(VSUM), get(ST2), vMul, vSub)),
    three ? vstp(rowStep(2), seq(get(VA2), get(VSUM), get(ST3), vMul, vSub)) : [],
  );
  /** sweep along rows for j = from..jEnd: pairs of columns, then the last one alone. */
  const rowSweep = (three: boolean, start: Bytes, from: Bytes, to: Bytes): Bytes => seq(
    from, set(J), to, set(JE), start, set(P),
    block, loop, geti(J, 1), get(JE), i32GtS, brIf(1), applyPair(three), get(P), i32(16), i32Add, set(P), get(J), i32(2), i32Add, set(J), br(0), end, end,
    iff(seq(get(J), get(JE), i32LeS), apply(three, rowStep)),
  );
  const splats = seq(...[[U1, SU1], [U2, SU2], [T1, ST1], [T2, ST2], [T3, ST3]].map(([f, v]) => seq(get(f!), vSplat, set(v!))));
  const rows3 = rowSweep(true, at(KK, 0, KK, 0), get(KK), get(I2));
  const rows2 = rowSweep(false, at(KK, 0, KK, 0), get(KK), get(I2));
  // Columns kk.. of rows i1..min(kk + 3, i) (three rows) or i1..i (two).
  const kkPlus3 = seq(geti(KK, 3), get(4), geti(KK, 3), get(4), i32LtS, select);
  const cols3 = sweep(true, at(I1, 0, KK, 0), get(I1), kkPlus3, colStep, get(NS));
  const cols2 = sweep(false, at(I1, 0, KK, 0), get(I1), get(4), colStep, get(NS));
  // Rows kk.. of zt, every column.
  const ztRow = seq(get(ZT), get(KK), get(NS), i32Mul, i32Add);
  const zt3 = rowSweep(true, ztRow, i32(0), geti(N, -1));
  const zt2 = rowSweep(false, ztRow, i32(0), geti(N, -1));
  const reflector = seq(
    iff(seq(get(KK), get(3), i32GtS), seq(
      ld(KK, 0, KK, -1), set(V0), ld(KK, 1, KK, -1), set(V1),
      iff(seq(get(NR), i32(3), i32Eq), seq(ld(KK, 2, KK, -1), set(V2)), seq(f64Const(0), set(V2))),
    )),
    iff(seq(get(NR), i32(3), i32Eq), seq(abs(get(V1)), abs(get(V2)), f64Max, set(XBIG)), seq(abs(get(V1)), set(XBIG))),
    f64Const(0), set(T1), f64Const(0), set(U1), f64Const(0), set(U2), get(V0), set(BETA),
    iff(seq(get(XBIG), f64Const(0), f64Ne), seq(
      get(XBIG), abs(get(V0)), f64Max, set(BIG),
      iff(seq(get(NR), i32(3), i32Eq), seq(get(V2), set(C)), seq(f64Const(0), set(C))),
      iff(seq(get(BIG), f64Const(1e140), f64Lt, get(XBIG), f64Const(1e-140), f64Gt, i32And),
        seq(get(V0), get(V0), f64Mul, get(V1), get(V1), f64Mul, f64Add, get(C), get(C), f64Mul, f64Add, f64Sqrt, set(NRM)),
        seq(get(V0), get(V1), get(C), call(c.hypot3), set(NRM))),
      get(NRM), f64Neg, get(NRM), get(V0), f64Const(0), f64Ge, select, set(BETA),
      get(BETA), get(V0), f64Sub, get(BETA), f64Div, set(T1),
      get(V0), get(BETA), f64Sub, set(D), get(V1), get(D), f64Div, set(U1), get(V2), get(D), f64Div, set(U2),
    )),
    iff(seq(get(KK), get(3), i32GtS),
      seq(st(KK, 0, KK, -1, get(BETA)), st(KK, 1, KK, -1, f64Const(0)), iff(seq(get(KK), geti(4, -1), i32LtS), st(KK, 2, KK, -1, f64Const(0)))),
      iff(seq(get(3), get(2), i32GtS), st(KK, 0, KK, -1, seq(ld(KK, 0, KK, -1), f64Const(1), get(T1), f64Sub, f64Mul)))),
  );
  const loopBody = seq(
    get(KK), get(4), i32GeS, brIf(1),
    // nr = min(3, i - kk + 1)
    i32(3), get(4), get(KK), i32Sub, i32(1), i32Add, tee(NR), get(NR), i32(3), i32GtS, select, set(NR),
    reflector,
    iff(seq(get(T1), f64Const(0), f64Ne), seq(
      get(T1), get(U1), f64Mul, set(T2), get(T1), get(U2), f64Mul, set(T3), splats,
      iff(seq(get(NR), i32(3), i32Eq), seq(rows3, cols3), seq(rows2, cols2)),
      iff(seq(get(ZT), i32(0), i32GeS), iff(seq(get(NR), i32(3), i32Eq), zt3, zt2)),
    )),
    inc(KK), br(0),
  );
  const body = seq(get(N), i32(3), i32Shl, set(NS), get(3), set(KK), block, loop, loopBody, end, end);
  return { name: 'chase', params: [I32, I32, I32, I32, I32, F64, F64, F64, I32, I32, I32], locals: [...Array<number>(6).fill(I32), ...Array<number>(15).fill(F64), ...Array<number>(9).fill(V128)], body };
}

/**
 * francis(h, n, lo, hi, itmax, out, smlnum, wantT, zt): francisQR, with the transforms on whole
 * rows and columns and on the rows of zt (a byte address, or -1 for none) when wantT is 1. Stores
 * at out the sweeps used and the row i where it stopped (lo - 1 when every eigenvalue deflated);
 * deflated blocks are left in h with H(l, l - 1) = 0 above each, for the caller to read.
 */
function francis(c: Calls): FnSpec {
  // 0 h, 1 n, 2 lo, 3 hi, 4 itmax, 5 out, 6 smlnum, 7 wantT, 8 zt | 9 i, 10 l, 11 m, 12 iterations, 13 kdefl, 14 deflated |
  // 15 h11, 16 h12, 17 h21, 18 h22, 19 s, 20 s0, 21 tr, 22 det, 23 rtdisc, 24 a, 25 b, 26 rt1r, 27 rt1i, 28 rt2r, 29 rt2i
  const WANT = 7, ZT = 8, I = 9, L = 10, M = 11, IT = 12, KD = 13, DF = 14;
  const [H11, H12, H21, H22, S, S0, TR, DET, RTD, A, B, R1R, R1I, R2R, R2I] = [15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29];
  // i1, i2 of the chase: the whole matrix with wantT, else the active block.
  const i1 = seq(i32(0), get(L), get(WANT), select);
  const i2 = seq(geti(N, -1), get(I), get(WANT), select);
  const exceptional = (r: number, dr: number, sumOf: Bytes): Bytes => seq(sumOf, set(S), f64Const(DAT1), get(S), f64Mul, ld(r, dr, r, dr), f64Add, set(H11),
    f64Const(DAT2), get(S), f64Mul, set(H12), get(S), set(H21), get(H11), set(H22));
  const shifts = seq(
    iff(seq(get(KD), i32(2 * EXCEPTIONAL_EVERY), i32RemS, i32Eqz),
      exceptional(I, 0, seq(abs(ld(I, 0, I, -1)), abs(ld(I, -1, I, -2)), f64Add)),
      iff(seq(get(KD), i32(EXCEPTIONAL_EVERY), i32RemS, i32Eqz),
        exceptional(L, 0, seq(abs(ld(L, 1, L, 0)), abs(ld(L, 2, L, 1)), f64Add)),
        seq(ld(I, -1, I, -1), set(H11), ld(I, 0, I, -1), set(H21), ld(I, -1, I, 0), set(H12), ld(I, 0, I, 0), set(H22)))),
    f64Const(0), set(R1R), f64Const(0), set(R1I), f64Const(0), set(R2R), f64Const(0), set(R2I),
    abs(get(H11)), abs(get(H12)), f64Add, abs(get(H21)), f64Add, abs(get(H22)), f64Add, set(S0),
    iff(seq(get(S0), f64Const(0), f64Ne), seq(
      ...[H11, H21, H12, H22].map((x) => seq(get(x), get(S0), f64Div, set(x))),
      get(H11), get(H22), f64Add, f64Const(2), f64Div, set(TR),
      get(H11), get(TR), f64Sub, get(H22), get(TR), f64Sub, f64Mul, get(H12), get(H21), f64Mul, f64Sub, set(DET),
      abs(get(DET)), f64Sqrt, set(RTD),
      iff(seq(get(DET), f64Const(0), f64Ge),
        seq(get(TR), get(S0), f64Mul, set(R1R), get(R1R), set(R2R), get(RTD), get(S0), f64Mul, set(R1I), get(R1I), f64Neg, set(R2I)),
        seq(get(TR), get(RTD), f64Add, set(A), get(TR), get(RTD), f64Sub, set(B),
          get(A), get(B), get(A), get(H22), f64Sub, f64Abs, get(B), get(H22), f64Sub, f64Abs, f64Le, select, get(S0), f64Mul, set(R1R), get(R1R), set(R2R))),
    )),
  );
  const inner = seq(
    get(IT), get(4), i32GtS, brIf(1),
    get(H), get(N), get(L), get(I), get(6), call(c.findSplit), set(L),
    iff(seq(get(L), get(2), i32GtS), st(L, 0, L, -1, f64Const(0))),
    iff(seq(get(L), geti(I, -1), i32GeS), seq(i32(1), set(DF), br(2))),
    inc(KD), inc(IT), shifts,
    get(H), get(N), get(L), get(I), get(R1R), get(R1I), get(R2R), get(R2I), geti(5, 16), call(c.bulgeStart), set(M),
    get(H), get(N), get(L), get(M), get(I), get(5), f64Load(16), get(5), f64Load(24), get(5), f64Load(32), i1, i2, get(ZT), call(c.chase),
    br(0),
  );
  const report = seq(get(5), get(IT), f64FromI32, f64Store(0), get(5), get(I), f64FromI32, f64Store(8));
  const outer = seq(
    get(I), get(2), i32LtS, brIf(1),
    get(2), set(L), i32(0), set(DF),
    block, loop, inner, end, end,
    iff(seq(get(DF), i32Eqz), seq(report, ret)),
    i32(0), set(KD), geti(L, -1), set(I), br(0),
  );
  const body = seq(get(3), set(I), block, loop, outer, end, end, report);
  return { name: 'francis', params: [I32, I32, I32, I32, I32, I32, F64, I32, I32], locals: [...Array<number>(6).fill(I32), ...Array<number>(15).fill(F64)], body };
}

/** The kernel's functions, to be placed in a module from function index `first` on (francis is exported for use). */
export function francisFunctions(first: number): FnSpec[] {
  const c: Calls = { hypot3: first, findSplit: first + 1, bulgeStart: first + 2, chase: first + 3 };
  return [hypot(3), findSplit(), bulgeStart(), chase(c), francis(c)];
}
