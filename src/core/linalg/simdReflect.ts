/**
 * Bodies of the two-lane kernels that apply a batch of 3x3 Householder reflectors (Francis bulge
 * chase), in the TypeScript loops' order of operations so both give the same bits.
 */
import {
  block, br, brIf, end, f64Load, get, i32, i32Add, i32GeS, i32GtS, i32Mul, i32Shl, loop, set, tee, vAdd, vLoad,
  vLoad64Lane, vLoad64Zero, vMul, vSplat, vStore, vStore64Lane, vSub, type Bytes,
} from './wasmEmit';

/** Byte address of the reflector coefficients: [t1, u1, u2, t1 u1, t1 u2] per reflector. */
export const COEF_ADDR = 0;
/** Column tile (bytes) over which one group of reflectors runs before the next group. */
const TILE_BYTES = 128 * 8;

/**
 * reflect4(base, stride, groups, p0, p1): for each column tile, each group of four consecutive
 * reflectors on its six rows, two columns per pass; two of a reflector's three entries carry
 * over to the next reflector in locals, so six loads and six stores serve four reflectors.
 */
export function reflect4Body(): Bytes {
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

/**
 * reflectRows(base, stride, rows, count): four rows per pass as two lane pairs (rows 0, 1 and
 * 2, 3). Per reflector b each row loads one new entry (column b + 2) and stores one final entry
 * (column b); the other two ride in registers, as in the TypeScript loop.
 */
export function reflectRowsBody(): Bytes {
  // Locals: 0 base, 1 stride, 2 rows, 3 count | 4 j, 5 o0, 6 o1, 7 o2, 8 o3, 9 b (byte col) |
  // 10..14 t1 u1 u2 t2 t3 (v128) | 15, 16 x0 x1 of pair A | 17, 18 of pair B | 19, 20 x2 |
  // 21, 22 s | 23 scratch.
  const [J, O0, O1, O2, O3, B] = [4, 5, 6, 7, 8, 9];
  const T = (j: number): number => 10 + j;
  const XA = [15, 16], XB = [17, 18], X2 = [19, 20], S = [21, 22], TMP = 23;
  const body: Bytes = [];
  const emit = (...parts: Bytes[]): void => {
    for (const p of parts) body.push(...p);
  };
  // Rows (lo, hi) at byte column B + off, into lanes 0 and 1 of a v128 left on the stack.
  const load2 = (lo: number, hi: number, off: number): void => {
    emit(get(lo), get(B), i32Add, vLoad64Zero(off), set(TMP));
    emit(get(hi), get(B), i32Add, get(TMP), vLoad64Lane(off, 1));
  };
  const store2 = (lo: number, hi: number, off: number, v: number): void => {
    emit(get(lo), get(B), i32Add, get(v), vStore64Lane(off, 0));
    emit(get(hi), get(B), i32Add, get(v), vStore64Lane(off, 1));
  };
  emit(i32(0), set(J), block, loop, get(J), get(2), i32GeS, brIf(1));
  emit(get(0), get(J), get(1), i32Mul, i32Add, tee(O0), get(1), i32Add, tee(O1), get(1), i32Add, tee(O2), get(1), i32Add, set(O3));
  emit(i32(0), set(B));
  load2(O0, O1, 0);
  emit(set(XA[0]!));
  load2(O0, O1, 8);
  emit(set(XA[1]!));
  load2(O2, O3, 0);
  emit(set(XB[0]!));
  load2(O2, O3, 8);
  emit(set(XB[1]!));
  emit(block, loop, get(B), get(3), i32(3), i32Shl, i32GeS, brIf(1));
  // Coefficients of reflector B / 8 (40 bytes each: COEF_ADDR + 5 B).
  for (let j = 0; j < 5; j++) emit(get(B), i32(5), i32Mul, f64Load(COEF_ADDR + 8 * j), vSplat, set(T(j)));
  for (const [x, lo, hi] of [[XA, O0, O1], [XB, O2, O3]] as const) {
    const x0 = x[0]!, x1 = x[1]!;
    const x2 = x === XA ? X2[0]! : X2[1]!;
    const s = x === XA ? S[0]! : S[1]!;
    load2(lo, hi, 16);
    emit(set(x2));
    emit(get(x0), get(T(1)), get(x1), vMul, vAdd, get(T(2)), get(x2), vMul, vAdd, set(s));
    emit(get(x0), get(s), get(T(0)), vMul, vSub, set(x0));
    store2(lo, hi, 0, x0);
    emit(get(x1), get(s), get(T(3)), vMul, vSub, set(x0));
    emit(get(x2), get(s), get(T(4)), vMul, vSub, set(x1));
  }
  emit(get(B), i32(8), i32Add, set(B), br(0), end, end);
  store2(O0, O1, 0, XA[0]!);
  store2(O0, O1, 8, XA[1]!);
  store2(O2, O3, 0, XB[0]!);
  store2(O2, O3, 8, XB[1]!);
  emit(get(J), i32(4), i32Add, set(J), br(0), end, end);
  return body;
}
