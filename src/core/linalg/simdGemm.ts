/**
 * The body of the two-lane kernel for products of the form dst[i, c] += sign * sum_q
 * coef(i, q) src[q, c] (blocked Hessenberg updates): two rows of dst and four rows of src per
 * pass, two columns per instruction. The sums are formed in the TypeScript loops' order, so
 * both give the same bits. `dstOuter` keeps a pair of dst rows in cache while src streams (few
 * src rows); otherwise four src rows stay while dst streams (few dst rows).
 */
import {
  block, br, brIf, end, f64Add, f64Load, f64Mul, f64Store, get, i32, i32Add, i32And, i32Eqz, i32GeS, i32GtS, i32Mul, i32Shl, loop, set, tee,
  vAdd, vLane, vLoad, vLoad64Zero, vMul, vSplat, vStore, vZero, type Bytes,
} from './wasmEmit';

/**
 * Parameters: 0 dst, 1 dstStride, 2 nDst (even), 3 coef, 4 coefRowStride (per dst row),
 * 5 coefColStride (per src row), 6 src, 7 srcStride, 8 nSrc (a multiple of 4), 9 p0, 10 p1
 * (byte columns, p1 - p0 a multiple of 16), all i32 byte addresses/strides; 11 sign (f64).
 */
export const GEMM_PARAMS = 12;
/** Locals after the parameters: 12..21 i32, 22..33 v128. */
export const GEMM_LOCALS = { i32: 10, v128: 12 };

/**
 * `unroll` pairs of columns per pass of the column loop (p1 - p0 then a multiple of 16 unroll
 * bytes): the row addresses and the loop's own work are shared by all of them, each sum the same.
 */
export function gemmBody(dstOuter: boolean, unroll = 1): Bytes {
  const I = 12, Q = 13, C = 14, D0 = 15, D1 = 16, S0 = 17, CP = 21;
  const A = (j: number): number => 22 + j; // a0..a3, then b0..b3 at 26..29
  const Y = (j: number): number => 30 + j;
  const body: Bytes = [];
  const emit = (...parts: Bytes[]): void => {
    for (const p of parts) body.push(...p);
  };
  const outer = dstOuter ? I : Q;
  const inner = dstOuter ? Q : I;
  const outerEnd = dstOuter ? 2 : 8;
  const innerEnd = dstOuter ? 8 : 2;
  const outerStep = dstOuter ? 2 : 4;
  const innerStep = dstOuter ? 4 : 2;
  emit(i32(0), set(outer), block, loop, get(outer), get(outerEnd), i32GeS, brIf(1));
  emit(i32(0), set(inner), block, loop, get(inner), get(innerEnd), i32GeS, brIf(1));
  // Row addresses of this dst pair and these four src rows.
  emit(get(0), get(I), get(1), i32Mul, i32Add, tee(D0), get(1), i32Add, set(D1));
  emit(get(6), get(Q), get(7), i32Mul, i32Add, tee(S0), get(7), i32Add, tee(S0 + 1), get(7), i32Add, tee(S0 + 2), get(7), i32Add, set(S0 + 3));
  // Coefficients sign * coef(i + e, q + j), splat to both lanes.
  for (let e = 0; e < 2; e++) {
    emit(get(3), get(I), get(4), i32Mul, i32Add, get(Q), get(5), i32Mul, i32Add);
    if (e === 1) emit(get(4), i32Add);
    emit(set(CP));
    for (let j = 0; j < 4; j++) {
      emit(get(CP), f64Load(), get(11), f64Mul, vSplat, set(A(4 * e + j)));
      if (j < 3) emit(get(CP), get(5), i32Add, set(CP));
    }
  }
  emit(get(9), set(C), block, loop, get(C), get(10), i32GeS, brIf(1));
  // One address sum per row and pass serves `unroll` loads and stores at increasing offsets.
  for (let u = 0; u < unroll; u++) {
    for (let j = 0; j < 4; j++) emit(get(S0 + j), get(C), i32Add, vLoad(16 * u), set(Y(j)));
    for (let e = 0; e < 2; e++) {
      const d = e === 0 ? D0 : D1;
      const a = (j: number): number => A(4 * e + j);
      emit(get(d), get(C), i32Add); // store address
      emit(get(d), get(C), i32Add, vLoad(16 * u));
      emit(get(a(0)), get(Y(0)), vMul, get(a(1)), get(Y(1)), vMul, vAdd);
      emit(get(a(2)), get(Y(2)), vMul, get(a(3)), get(Y(3)), vMul, vAdd, vAdd);
      emit(vAdd, vStore(16 * u));
    }
  }
  emit(get(C), i32(16 * unroll), i32Add, set(C), br(0), end, end);
  emit(get(inner), i32(innerStep), i32Add, set(inner), br(0), end, end);
  emit(get(outer), i32(outerStep), i32Add, set(outer), br(0), end, end);
  return body;
}

/**
 * dotRows(out, rows, stride, nRows, vec, len): out[r] = sum_c rows[r][c] vec[c] for nRows rows of
 * len doubles, four rows per pass, then one at a time. Lane 0 sums the even columns and lane 1
 * the odd ones, an odd last column joins lane 0, then the lanes are added: the two-accumulator
 * order of the TypeScript loops, so the same bits.
 */
export const DOT_LOCALS = { i32: 7, v128: 5 };

export function dotRowsBody(): Bytes {
  // Params: 0 out, 1 rows, 2 stride, 3 nRows, 4 vec, 5 len | 6 r, 7..10 o0..o3, 11 c, 12 cEnd |
  // 13..16 acc (v128), 17 y (v128).
  const [R, C, CEND] = [6, 11, 12];
  const O = (k: number): number => 7 + k;
  const ACC = (k: number): number => 13 + k;
  const Y = 17;
  const body: Bytes = [];
  const emit = (...parts: Bytes[]): void => {
    for (const p of parts) body.push(...p);
  };
  emit(get(5), i32(-2), i32And, i32(3), i32Shl, set(CEND)); // (len & ~1) * 8
  emit(i32(0), set(R));
  // m rows per pass while at least m remain (m = 4, then m = 1).
  for (const m of [4, 1]) {
    emit(block, loop, get(R), i32(m), i32Add, get(3), i32GtS, brIf(1));
    emit(get(1), get(R), get(2), i32Mul, i32Add, set(O(0)));
    for (let k = 1; k < m; k++) emit(get(O(k - 1)), get(2), i32Add, set(O(k)));
    for (let k = 0; k < m; k++) emit(vZero, set(ACC(k)));
    emit(i32(0), set(C), block, loop, get(C), get(CEND), i32GeS, brIf(1));
    emit(get(4), get(C), i32Add, vLoad(), set(Y));
    for (let k = 0; k < m; k++) emit(get(ACC(k)), get(O(k)), get(C), i32Add, vLoad(), get(Y), vMul, vAdd, set(ACC(k)));
    emit(get(C), i32(16), i32Add, set(C), br(0), end, end);
    // Odd length: the last column into lane 0 (lane 1 adds an exact zero).
    emit(block, get(5), i32(1), i32And, i32Eqz, brIf(0));
    emit(get(4), get(C), i32Add, vLoad64Zero(), set(Y));
    for (let k = 0; k < m; k++) emit(get(ACC(k)), get(O(k)), get(C), i32Add, vLoad64Zero(), get(Y), vMul, vAdd, set(ACC(k)));
    emit(end);
    for (let k = 0; k < m; k++) {
      emit(get(0), get(R), i32(3), i32Shl, i32Add, get(ACC(k)), vLane(0), get(ACC(k)), vLane(1), f64Add, f64Store(8 * k));
    }
    emit(get(R), i32(m), i32Add, set(R), br(0), end, end);
  }
  return body;
}
