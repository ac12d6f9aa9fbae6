/**
 * Log-space arithmetic for quantities that overflow or underflow float64 (gradient norms after
 * hundreds of steps with rho = 3, or matrices with entries near 1e150). A value is kept as
 * 10^log10Scale * v with ||v||_2 = 1; an exact zero is log10Scale = -Infinity (reported as null).
 */
import type { Matrix } from '../matrix';
import type { Log10Series } from '../report';
import { denseProducts } from '../linalg/productKernels';

export interface ScaledVec {
  /** log10 of the vector's 2-norm; -Infinity for an exact zero. */
  log10Scale: number;
  /** Unit 2-norm direction (all zeros for an exact zero). */
  readonly v: Float64Array;
}

/** A matrix split as 10^log10Scale * unit, where unit's largest |entry| is 1 (0 for the zero matrix). */
export interface ScaledMatrix {
  readonly log10Scale: number;
  readonly unit: Matrix;
}

/**
 * A square linear map split as 10^log10Scale * unit (unit's entries within 2^-900 .. 2^900, see
 * productScaled, so a unit vector's image stays far from overflow): a dense matrix or a sparse one.
 */
export interface ScaledOperator {
  readonly n: number;
  readonly log10Scale: number;
  /** out = unit x. */
  mul(x: ArrayLike<number>, out: Float64Array): Float64Array;
  /** out = unit^T x. */
  mulT(x: ArrayLike<number>, out: Float64Array): Float64Array;
}

/** The operator of a dense matrix (itself, or a scaled copy near the ends of the range), or the operator itself. */
export function toOperator(w: Matrix | ScaledOperator): ScaledOperator {
  if (!('data' in w)) return w;
  const sw = productScaled(w);
  // The WebAssembly products where available (the same bits), else the loops below.
  const k = denseProducts(sw.unit.data, sw.unit.rows, sw.unit.cols);
  return { n: w.rows, log10Scale: sw.log10Scale, mul: (x, out) => k?.mul(x, out) ?? mul(sw.unit, x, out), mulT: (x, out) => k?.mulT(x, out) ?? mulT(sw.unit, x, out) };
}

/** log10(10^x + 10^y) without overflow; -Infinity stands for zero. */
/**
 * p times a matrix scale that may be Infinity (entries near the largest double): a zero product
 * stays zero instead of becoming NaN; anything else overflows to +-Infinity, where tanh and the
 * sigmoid saturate.
 */
export function timesScale(p: number, scale: number): number {
  return p === 0 ? 0 : p * scale;
}

export function log10Add(x: number, y: number): number {
  if (x === -Infinity) return y;
  if (y === -Infinity) return x;
  const m = Math.max(x, y);
  return m + Math.log10(10 ** (x - m) + 10 ** (y - m));
}

/** log10 ||v||_2 computed without overflow or underflow; -Infinity for the zero vector. */
export function log10Norm2(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i] as number));
  if (m === 0) return -Infinity;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += ((v[i] as number) / m) ** 2;
  return Math.log10(m) + 0.5 * Math.log10(s);
}

/** Normalises raw = 10^log10Factor * raw into a ScaledVec (raw is overwritten and reused). */
export function normalise(raw: Float64Array, log10Factor = 0): ScaledVec {
  let m = 0;
  for (let i = 0; i < raw.length; i++) m = Math.max(m, Math.abs(raw[i] as number));
  if (m === 0 || log10Factor === -Infinity) {
    raw.fill(0);
    return { log10Scale: -Infinity, v: raw };
  }
  let s = 0;
  for (let i = 0; i < raw.length; i++) {
    const x = (raw[i] as number) / m;
    raw[i] = x;
    s += x * x;
  }
  const r = Math.sqrt(s);
  for (let i = 0; i < raw.length; i++) raw[i] = (raw[i] as number) / r;
  return { log10Scale: log10Factor + Math.log10(m) + Math.log10(r), v: raw };
}

export function scaledVec(v: ArrayLike<number>): ScaledVec {
  return normalise(Float64Array.from(v));
}

/** a + b for scaled vectors of the same length (a new vector). */
export function addScaled(a: ScaledVec, b: ScaledVec): ScaledVec {
  if (a.log10Scale === -Infinity) return { log10Scale: b.log10Scale, v: Float64Array.from(b.v) };
  if (b.log10Scale === -Infinity) return { log10Scale: a.log10Scale, v: Float64Array.from(a.v) };
  const m = Math.max(a.log10Scale, b.log10Scale);
  const fa = 10 ** (a.log10Scale - m);
  const fb = 10 ** (b.log10Scale - m);
  const out = new Float64Array(a.v.length);
  for (let i = 0; i < out.length; i++) out[i] = fa * (a.v[i] as number) + fb * (b.v[i] as number);
  return normalise(out, m);
}

/** Largest entries a product may take unscaled (see productScaled). */
const UNSCALED_FROM = 2 ** -900;
const UNSCALED_UP_TO = 2 ** 900;

/**
 * For products W x with |x_i| of a few at most: W itself (log10Scale 0, no copy) when its largest
 * entry lies within 2^-900 .. 2^900, where such products stay finite (below 2^1000 for up to
 * 2^90 columns) and far from underflow; else scaleMatrix's copy. The LSTM and GRU passes take
 * one each: a 4096 x 1024 stack copied per pass would hold another 33.5 MB.
 */
export function productScaled(w: Matrix): ScaledMatrix {
  const m = maxAbsEntry(w);
  return m >= UNSCALED_FROM && m <= UNSCALED_UP_TO ? { log10Scale: 0, unit: w } : scaleMatrix(w);
}

function maxAbsEntry(w: Matrix): number {
  let m = 0;
  for (let i = 0; i < w.data.length; i++) m = Math.max(m, Math.abs(w.data[i] as number));
  return m;
}

/** Splits W into 10^s * unit with max |unit_ij| = 1, so products with unit vectors never overflow. */
export function scaleMatrix(w: Matrix): ScaledMatrix {
  const m = maxAbsEntry(w);
  if (m === 0) return { log10Scale: -Infinity, unit: w };
  const data = new Float64Array(w.data.length);
  for (let i = 0; i < data.length; i++) data[i] = (w.data[i] as number) / m;
  return { log10Scale: Math.log10(m), unit: { rows: w.rows, cols: w.cols, data } };
}

/** out = A^T x for row-major A (rows x cols); loops row by row for cache locality. */
export function mulT(a: Matrix, x: ArrayLike<number>, out: Float64Array): Float64Array {
  out.fill(0);
  const { rows, cols, data } = a;
  let i = 0;
  // Four rows per pass: one load and store of out per four multiply-adds, not per one.
  for (; i + 3 < rows; i += 4) {
    const x0 = x[i] as number, x1 = x[i + 1] as number, x2 = x[i + 2] as number, x3 = x[i + 3] as number;
    if (x0 === 0 && x1 === 0 && x2 === 0 && x3 === 0) continue;
    const o0 = i * cols, o1 = o0 + cols, o2 = o1 + cols, o3 = o2 + cols;
    for (let j = 0; j < cols; j++) {
      out[j] = (out[j] as number) + ((data[o0 + j] as number) * x0 + (data[o1 + j] as number) * x1 + (data[o2 + j] as number) * x2 + (data[o3 + j] as number) * x3);
    }
  }
  for (; i < rows; i++) {
    const xi = x[i] as number;
    if (xi === 0) continue;
    const off = i * cols;
    for (let j = 0; j < cols; j++) out[j] = (out[j] as number) + (data[off + j] as number) * xi;
  }
  return out;
}

/** out = A x for row-major A. */
export function mul(a: Matrix, x: ArrayLike<number>, out: Float64Array): Float64Array {
  const { rows, cols, data } = a;
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    // Four accumulators: the dot product is bound by the latency of its additions.
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let j = 0;
    for (; j + 3 < cols; j += 4) {
      s0 += (data[off + j] as number) * (x[j] as number);
      s1 += (data[off + j + 1] as number) * (x[j + 1] as number);
      s2 += (data[off + j + 2] as number) * (x[j + 2] as number);
      s3 += (data[off + j + 3] as number) * (x[j + 3] as number);
    }
    for (; j < cols; j++) s0 += (data[off + j] as number) * (x[j] as number);
    out[i] = s0 + s1 + (s2 + s3);
  }
  return out;
}

/** A^T x for a scaled matrix and a scaled vector: the result stays in log space. */
export function mulTScaled(a: ScaledMatrix, x: ScaledVec): ScaledVec {
  const out = new Float64Array(a.unit.cols);
  if (a.log10Scale === -Infinity || x.log10Scale === -Infinity) return { log10Scale: -Infinity, v: out };
  mulT(a.unit, x.v, out);
  return normalise(out, a.log10Scale + x.log10Scale);
}

/** A finite-or-null log10 value for a report (-Infinity = exact zero = null). */
export function toLog10(x: number): number | null {
  return x === -Infinity ? null : x;
}

export function toSeries(xs: readonly number[]): Log10Series {
  return xs.map(toLog10);
}
