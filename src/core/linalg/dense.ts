/** Dense kernels on row-major matrices: products, norms and exact power-of-two scaling. */
import type { Matrix } from '../matrix';

function assertLen(what: string, got: number, want: number): void {
  if (got !== want) throw new RangeError(`${what}: length ${got}, expected ${want}`);
}

/** out = a x. */
export function matVec(a: Matrix, x: Float64Array, out: Float64Array): void {
  const { rows: m, cols: n, data } = a;
  assertLen('matVec x', x.length, n);
  assertLen('matVec out', out.length, m);
  for (let i = 0; i < m; i++) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const o = i * n;
    let j = 0;
    // Four accumulators: the dot product is bound by the latency of its additions.
    for (; j + 3 < n; j += 4) {
      s0 += data[o + j]! * x[j]!;
      s1 += data[o + j + 1]! * x[j + 1]!;
      s2 += data[o + j + 2]! * x[j + 2]!;
      s3 += data[o + j + 3]! * x[j + 3]!;
    }
    for (; j < n; j++) s0 += data[o + j]! * x[j]!;
    out[i] = s0 + s1 + (s2 + s3);
  }
}

/** out = a^T x, accumulated row by row so the matrix is read along its rows. */
export function matTVec(a: Matrix, x: Float64Array, out: Float64Array): void {
  const { rows: m, cols: n, data } = a;
  assertLen('matTVec x', x.length, m);
  assertLen('matTVec out', out.length, n);
  out.fill(0);
  let i = 0;
  // Four rows per pass: one load and store of out per four multiply-adds, not per one.
  for (; i + 3 < m; i += 4) {
    const x0 = x[i]!, x1 = x[i + 1]!, x2 = x[i + 2]!, x3 = x[i + 3]!;
    if (x0 === 0 && x1 === 0 && x2 === 0 && x3 === 0) continue;
    const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    for (let j = 0; j < n; j++) out[j]! += x0 * data[o0 + j]! + x1 * data[o1 + j]! + x2 * data[o2 + j]! + x3 * data[o3 + j]!;
  }
  for (; i < m; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const o = i * n;
    for (let j = 0; j < n; j++) out[j]! += xi * data[o + j]!;
  }
}

const BLOCK_K = 128;
const BLOCK_J = 256;

/**
 * c = a b, blocked over k and j so a panel of b's rows stays in cache while every row of a
 * streams past it; the inner loop is a stride-1 axpy along rows of b and c.
 */
export function matMul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new RangeError(`matMul: ${a.rows}x${a.cols} times ${b.rows}x${b.cols}`);
  const m = a.rows;
  const p = a.cols;
  const n = b.cols;
  const c = new Float64Array(m * n);
  mulInto(a.data, b.data, c, m, p, n);
  return { rows: m, cols: n, data: c };
}

/** c += a b for row-major a (m x p), b (p x n), c (m x n). */
export function mulInto(a: Float64Array, b: Float64Array, c: Float64Array, m: number, p: number, n: number): void {
  for (let j0 = 0; j0 < n; j0 += BLOCK_J) {
    const j1 = Math.min(n, j0 + BLOCK_J);
    for (let k0 = 0; k0 < p; k0 += BLOCK_K) {
      const k1 = Math.min(p, k0 + BLOCK_K);
      for (let i = 0; i < m; i++) {
        const ci = i * n;
        const ai = i * p;
        let k = k0;
        // Two rows of b per pass halve the loads and stores of c.
        for (; k + 1 < k1; k += 2) {
          const x0 = a[ai + k]!;
          const x1 = a[ai + k + 1]!;
          if (x0 === 0 && x1 === 0) continue;
          const b0 = k * n;
          const b1 = b0 + n;
          for (let j = j0; j < j1; j++) c[ci + j]! += x0 * b[b0 + j]! + x1 * b[b1 + j]!;
        }
        if (k < k1) {
          const x0 = a[ai + k]!;
          if (x0 !== 0) {
            const b0 = k * n;
            for (let j = j0; j < j1; j++) c[ci + j]! += x0 * b[b0 + j]!;
          }
        }
      }
    }
  }
}

/** Largest |entry|; NaN propagates as NaN (Math.max keeps it). */
export function maxAbs(data: Float64Array): number {
  // Four running maxima: a single one waits on the previous comparison at every entry.
  let m0 = 0, m1 = 0, m2 = 0, m3 = 0;
  let i = 0;
  for (; i + 3 < data.length; i += 4) {
    m0 = Math.max(m0, Math.abs(data[i]!));
    m1 = Math.max(m1, Math.abs(data[i + 1]!));
    m2 = Math.max(m2, Math.abs(data[i + 2]!));
    m3 = Math.max(m3, Math.abs(data[i + 3]!));
  }
  for (; i < data.length; i++) m0 = Math.max(m0, Math.abs(data[i]!));
  return Math.max(m0, m1, m2, m3);
}

/** The power of two nearest to `x` (> 0, finite): dividing by it is exact and keeps entries near 1. */
export function pow2Near(x: number): number {
  const e = Math.round(Math.log2(x));
  // 2^e may be subnormal or overflow at the extremes; clamp into the normal range.
  return Math.pow(2, Math.max(-1022, Math.min(1023, e)));
}

/** ||a||_F without overflow or underflow: the sum of squares of entries scaled by the largest. */
export function frobeniusNorm(a: Matrix): number {
  const d = a.data;
  const big = maxAbs(d);
  if (big === 0 || !Number.isFinite(big)) return big;
  const inv = 1 / pow2Near(big);
  let s = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]! * inv;
    s += v * v;
  }
  return Math.sqrt(s) * pow2Near(big);
}

/** 2-norm of a vector, scaled against overflow. */
export function vecNorm(x: Float64Array, from = 0, to = x.length): number {
  let big = 0;
  for (let i = from; i < to; i++) big = Math.max(big, Math.abs(x[i]!));
  if (big === 0 || !Number.isFinite(big)) return big;
  const inv = 1 / big;
  let s = 0;
  for (let i = from; i < to; i++) {
    const v = x[i]! * inv;
    s += v * v;
  }
  return big * Math.sqrt(s);
}
