/**
 * The Krylov basis of the Krylov–Schur run: `count` vectors of length n, and classical
 * Gram–Schmidt against them. Where WebAssembly SIMD is available the vectors live in the memory
 * of the two-lane kernels of basisKernels.ts (dot products and updates a stretch of columns at a
 * time), else in an ordinary array with the same sums in TypeScript loops.
 */
import { BASIS_KERNELS, DOT_BLOCK, WIDE_PAIRS, type BasisKernelExports } from './basisKernels';
import { compileOrNull, instantiateFresh } from '../linalg/wasmRuntime';

let compiled: object | null | undefined;
/** Rows (entries of each vector) per chunk of the rotation: p chunks of this length stay in cache. */
const CH = 512;
const up4 = (k: number): number => (k + 3) & ~3;
const up2 = (k: number): number => (k + 1) & ~1;

export interface KrylovBasis {
  /** All vectors: vector j at [j stride, j stride + n). */
  readonly data: Float64Array;
  readonly stride: number;
  /** Vector j (a live view: writes go to the basis). */
  vec(j: number): Float64Array;
  /** x = vec(j) <- vec(j) - sum_{i < j} c_i vec(i), c_i = vec(i) . vec(j), summed into h; CGS2 when needed. */
  orthogonalise(j: number, h: Float64Array): void;
  /**
   * V[:, 0..p) <- V[:, 0..m) Z[:, 0..p), the restart's rotation (zt row i = column i of Z, m x m).
   * Z must be the identity on its leading `from` rows and columns (locked vectors): those columns
   * of V stay as they are and the rest is V[:, from..m) Z[from..m, from..p).
   */
  rotate(m: number, zt: Float64Array, p: number, from?: number): void;
  /**
   * One classical Gram–Schmidt pass of the block of vectors j..j+bs-1 against v_0..v_{j-1}:
   * c[q bs + b] = v_q . x_b, then every x_b -= sum_q c[q bs + b] v_q. The basis is read from
   * memory once per pass for the whole block (bs <= BLOCK_MAX), not once per vector.
   */
  project(j: number, bs: number, c: Float64Array): void;
  /**
   * Classical Gram–Schmidt inside the block j..j+bs-1, each vector against the ones before it, then
   * normalised: r (bs x bs, upper, row-major) with x_b = sum_{l <= b} q_l r_lb.
   */
  within(j: number, bs: number, r: Float64Array): void;
  /** ||v_j||, and v_j divided by it when that is positive and finite. */
  normalise(j: number): number;
}

/** Largest block `project` takes. */
export const BLOCK_MAX = 8;

/** c[i] = v_i . x (TypeScript, four basis vectors per pass over x). */
function dots(v: Float64Array, stride: number, n: number, count: number, x: Float64Array, c: Float64Array): void {
  let i = 0;
  for (; i + 3 < count; i += 4) {
    const o0 = i * stride, o1 = o0 + stride, o2 = o1 + stride, o3 = o2 + stride;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let k = 0; k < n; k++) {
      const xk = x[k]!;
      s0 += v[o0 + k]! * xk;
      s1 += v[o1 + k]! * xk;
      s2 += v[o2 + k]! * xk;
      s3 += v[o3 + k]! * xk;
    }
    c[i] = s0;
    c[i + 1] = s1;
    c[i + 2] = s2;
    c[i + 3] = s3;
  }
  for (; i < count; i++) {
    const o = i * stride;
    let s0 = 0;
    for (let k = 0; k < n; k++) s0 += v[o + k]! * x[k]!;
    c[i] = s0;
  }
}

/** x -= sum_i c_i v_i (TypeScript, four basis vectors per pass over x). */
function subtract(v: Float64Array, stride: number, n: number, count: number, x: Float64Array, c: Float64Array): void {
  let i = 0;
  for (; i + 3 < count; i += 4) {
    const o0 = i * stride, o1 = o0 + stride, o2 = o1 + stride, o3 = o2 + stride;
    const c0 = c[i]!, c1 = c[i + 1]!, c2 = c[i + 2]!, c3 = c[i + 3]!;
    for (let k = 0; k < n; k++) x[k]! -= c0 * v[o0 + k]! + c1 * v[o1 + k]! + c2 * v[o2 + k]! + c3 * v[o3 + k]!;
  }
  for (; i < count; i++) {
    const ci = c[i]!;
    const o = i * stride;
    for (let k = 0; k < n; k++) x[k]! -= ci * v[o + k]!;
  }
}

/** TypeScript rotation: V[:, f..p) <- V[:, f..m) Z[f..m, f..p) (zt row i = column i of Z), in row chunks that stay in cache. */
function rotateBasis(v: Float64Array, n: number, stride: number, m: number, zt: Float64Array, p: number, f: number): void {
  const tmp = new Float64Array(p * CH);
  for (let r0 = 0; r0 < n; r0 += CH) {
    const len = Math.min(CH, n - r0);
    tmp.fill(0);
    for (let i = f; i < p; i++) {
      const to = i * CH;
      const zi = i * m;
      let j = f;
      // Four basis vectors per pass: one load and store of tmp per four multiply-adds.
      for (; j + 3 < m; j += 4) {
        const z0 = zt[zi + j]!, z1 = zt[zi + j + 1]!, z2 = zt[zi + j + 2]!, z3 = zt[zi + j + 3]!;
        const o0 = j * stride + r0, o1 = o0 + stride, o2 = o1 + stride, o3 = o2 + stride;
        for (let k = 0; k < len; k++) tmp[to + k]! += z0 * v[o0 + k]! + z1 * v[o1 + k]! + z2 * v[o2 + k]! + z3 * v[o3 + k]!;
      }
      for (; j < m; j++) {
        const z = zt[zi + j]!;
        const o = j * stride + r0;
        for (let k = 0; k < len; k++) tmp[to + k]! += z * v[o + k]!;
      }
    }
    for (let i = f; i < p; i++) v.set(tmp.subarray(i * CH, i * CH + len), i * stride + r0);
  }
}


/** `gemm` over [p0, p1) in whole passes of `gemmWide`, the rest (fewer than WIDE_PAIRS pairs) by `gemm`: the same sums. */
function gemm(k: BasisKernelExports, ...a: Parameters<BasisKernelExports['gemm']>): void {
  const [dst, dstStride, nDst, coef, rowStride, colStride, src, srcStride, nSrc, p0, p1, sign] = a;
  const pass = 16 * WIDE_PAIRS;
  const mid = p0 + Math.floor((p1 - p0) / pass) * pass;
  if (mid > p0) k.gemmWide(dst, dstStride, nDst, coef, rowStride, colStride, src, srcStride, nSrc, p0, mid, sign);
  if (p1 > mid) k.gemm(dst, dstStride, nDst, coef, rowStride, colStride, src, srcStride, nSrc, mid, p1, sign);
}

const norm = (x: Float64Array): number => {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k]! * x[k]!;
  return Math.sqrt(s);
};

/** ||x||, and x divided by it when positive and finite. */
function normaliseTs(x: Float64Array): number {
  const nx = norm(x);
  if (nx > 0 && Number.isFinite(nx)) for (let k = 0; k < x.length; k++) x[k]! /= nx;
  return nx;
}

/** Doubles per stretch of chunked Gram–Schmidt (measured at n = 10^4 and 5*10^4 against 256 to 8192). */
const GS_CH = 4096;

/**
 * A basis of `count` vectors of length n. `wasm: false` keeps it in TypeScript (tests compare the
 * two). Gram–Schmidt repeats once when the first pass removed most of x (the test of Daniel,
 * Gragg, Kaufman and Stewart), where cancellation may have left x short of orthogonal.
 */
export function krylovBasis(n: number, count: number, wasm = true): KrylovBasis {
  const stride = n + (n & 1); // whole two-lane vectors; the pad entry stays an exact zero
  const c = new Float64Array(count + 1);
  const kernels = wasm ? wasmBasis(n, stride, count) : null;
  const v = kernels ? kernels.f.subarray(kernels.vBase, kernels.vBase + count * stride) : new Float64Array(count * stride);
  const vec = (j: number): Float64Array => v.subarray(j * stride, j * stride + n);
  const rotate = kernels
    ? (m: number, zt: Float64Array, p: number, from = 0): void => {
        // One two-lane gemm per chunk of rows: scratch (pE x CH) = Z2^T (pE x m4) V2 (m4 x chunk)
        // for Z2 = Z[from..m, from..p) and V2 = V[:, from..m), zero-padded to the kernel's
        // multiples (pad rows of V are the residual vector, spare vectors or zeros: all finite).
        const { k, f, zBase, sBase } = kernels;
        const w = m - from;
        const m4 = up4(w);
        const pE = up2(p - from);
        f.fill(0, zBase, zBase + pE * m4);
        for (let i = from; i < p; i++) f.set(zt.subarray(i * m + from, i * m + m), zBase + (i - from) * m4);
        const src = 8 * (kernels.vBase + from * stride);
        for (let r0 = 0; r0 < stride; r0 += CH) {
          const len = Math.min(CH, stride - r0);
          f.fill(0, sBase, sBase + pE * CH);
          gemm(k, 8 * (sBase - r0), 8 * CH, pE, 8 * zBase, 8 * m4, 8, src, 8 * stride, m4, 8 * r0, 8 * (r0 + len), 1);
          for (let i = from; i < p; i++) f.copyWithin(kernels.vBase + i * stride + r0, sBase + (i - from) * CH, sBase + (i - from) * CH + len);
        }
      }
    : (m: number, zt: Float64Array, p: number, from = 0): void => rotateBasis(v, n, stride, m, zt, p, from);
  return {
    data: v,
    stride,
    vec,
    rotate,
    project: kernels ? (j, bs, out) => blockProject(kernels, stride, j, bs, out) : (j, bs, out) => {
      for (let b = 0; b < bs; b++) {
        const x = vec(j + b);
        dots(v, stride, n, j, x, c);
        for (let q = 0; q < j; q++) out[q * bs + b] = c[q]!;
        subtract(v, stride, n, j, x, c);
      }
    },
    within: kernels ? (j, bs, r) => blockWithin(kernels, stride, j, bs, r) : (j, bs, r) => {
      r.fill(0, 0, bs * bs);
      for (let b = 0; b < bs; b++) {
        const x = vec(j + b);
        dots(v.subarray(j * stride), stride, n, b, x, c);
        subtract(v.subarray(j * stride), stride, n, b, x, c);
        for (let l = 0; l < b; l++) r[l * bs + b] = c[l]!;
        r[b * bs + b] = normaliseTs(x);
      }
    },
    normalise: kernels ? (j) => wasmNormalise(kernels, stride, j) : (j) => normaliseTs(vec(j)),
    orthogonalise: kernels ? (j, h) => chunkedGramSchmidt(kernels, stride, j, h, c) : (j, h) => {
      h.fill(0, 0, j);
      const x = vec(j);
      let before = norm(x);
      for (let p = 0; p < 2; p++) {
        dots(v, stride, n, j, x, c);
        subtract(v, stride, n, j, x, c);
        for (let i = 0; i < j; i++) h[i]! += c[i]!;
        const after = norm(x);
        if (!(after < 0.7071 * before)) break;
        before = after;
      }
    },
  };
}

interface BasisMemory {
  k: BasisKernelExports;
  f: Float64Array;
  /** Gram–Schmidt's coefficients (up4(count), zeros past j) and the dot products of one stretch. */
  cBase: number;
  dBase: number;
  zBase: number;
  sBase: number;
  vBase: number;
  /** A vector past the basis: the gemm's second destination row (it takes the same update, unread). */
  xBase: number;
  /** Block projection: the dot products of one stretch (BLOCK_MAX rows of up4(count)), then the coefficients (as many rows). */
  bdBase: number;
  bcBase: number;
}

/** The kernels over a fresh memory: coefficients first, then the vectors (8-byte slots). */
function wasmBasis(n: number, stride: number, count: number): BasisMemory | null {
  if (compiled === undefined) compiled = compileOrNull(BASIS_KERNELS);
  if (!compiled || n < 2) return null;
  // Coefficients, dot products, the rotation's Z^T and its scratch, then the vectors: up4(count)
  // of them, the ones past `count` zeros (the gemm reads sources in fours), then a spare
  // destination row and three zero rows (a rotation from a locked column reads past the basis).
  const cBase = 2;
  const dBase = cBase + up4(count) + 4;
  const zBase = dBase + up4(count) + 4;
  const sBase = zBase + up2(count) * up4(count);
  const bdBase = sBase + up2(count) * CH;
  const bcBase = bdBase + BLOCK_MAX * up4(count);
  const vBase = bcBase + BLOCK_MAX * up4(count);
  const xBase = vBase + up4(count) * stride;
  const made = instantiateFresh(compiled, 8 * (xBase + 4 * stride));
  if (!made) return null;
  return { k: made.exports as unknown as BasisKernelExports, f: new Float64Array(made.memory.buffer), cBase, dBase, zBase, sBase, vBase, xBase, bdBase, bcBase };
}

/**
 * Classical Gram–Schmidt of x = v_j against v_0..v_{j-1}, coefficients summed into h, one stretch
 * of GS_CH columns at a time, so x's stretch stays in the first-level cache while the basis
 * streams: a sweep forms c = V^T x with x . x (row j is x itself), the next subtracts V c and
 * forms x . x on the stretch it just wrote. A second pass (the same test as the TypeScript loop)
 * repeats both sweeps.
 */
function chunkedGramSchmidt(mem: BasisMemory, stride: number, j: number, h: Float64Array, c: Float64Array): void {
  const { k, f, cBase, dBase } = mem;
  const rowBytes = 8 * stride;
  const vAddr = 8 * mem.vBase;
  const xAddr = vAddr + j * rowBytes;
  const spare = 8 * mem.xBase - xAddr;
  const j4 = up4(j);
  /** c <- V^T x over rows 0..j (c[j] = x . x). */
  const dots = (): void => {
    c.fill(0, 0, j + 1);
    for (let p0 = 0; p0 < rowBytes; p0 += 8 * GS_CH) {
      const p1 = Math.min(rowBytes, p0 + 8 * GS_CH);
      k.dotRows(8 * dBase, vAddr + p0, rowBytes, j + 1, xAddr + p0, (p1 - p0) / 8);
      for (let i = 0; i <= j; i++) c[i]! += f[dBase + i]!;
    }
  };
  /** x <- x - sum_{i < j} c_i v_i; returns x . x after. */
  const subtract = (): number => {
    for (let i = 0; i < j; i++) f[cBase + i] = c[i]!;
    f.fill(0, cBase + j, cBase + j4);
    let xx = 0;
    for (let p0 = 0; p0 < rowBytes; p0 += 8 * GS_CH) {
      const p1 = Math.min(rowBytes, p0 + 8 * GS_CH);
      k.gemm(xAddr, spare, 2, 8 * cBase, 0, 8, vAddr, rowBytes, j4, p0, p1, -1);
      k.dotRows(8 * dBase, xAddr + p0, rowBytes, 1, xAddr + p0, (p1 - p0) / 8);
      xx += f[dBase]!;
    }
    return xx;
  };
  h.fill(0, 0, j);
  if (j === 0) return;
  dots();
  let before = Math.sqrt(c[j]!);
  for (let p = 0; p < 2; p++) {
    if (p === 1) dots();
    for (let i = 0; i < j; i++) h[i]! += c[i]!;
    const after = Math.sqrt(subtract());
    if (!(after < 0.7071 * before)) break;
    before = after;
  }
}

/**
 * Doubles per stretch of the block projection: the basis's stretch (up to ~80 rows of 8 KB) stays
 * in the second-level cache while each vector of the block takes its dot products from it.
 */
const BLOCK_CH = 1024;

/** `project` in the kernels' memory: a sweep of dot products, then one gemm with a row per vector. */
function blockProject(mem: BasisMemory, stride: number, j: number, bs: number, c: Float64Array): void {
  const { k, f, bdBase, bcBase } = mem;
  const rowBytes = 8 * stride;
  const vAddr = 8 * mem.vBase;
  const yAddr = vAddr + j * rowBytes;
  const j4 = up4(j);
  c.fill(0, 0, j * bs);
  if (j === 0) return;
  // Rows past j (to an even count) and vectors past the block are finite slots whose sums are not used.
  const rows2 = up2(j);
  for (let p0 = 0; p0 < rowBytes; p0 += 8 * BLOCK_CH) {
    const len = (Math.min(rowBytes, p0 + 8 * BLOCK_CH) - p0) / 8;
    for (let b0 = 0; b0 < bs; b0 += DOT_BLOCK) {
      k.dotBlock(8 * bdBase, vAddr + p0, rowBytes, rows2, yAddr + b0 * rowBytes + p0, rowBytes, len);
      const nb = Math.min(DOT_BLOCK, bs - b0);
      for (let q = 0; q < j; q++) for (let b = 0; b < nb; b++) c[q * bs + b0 + b]! += f[bdBase + q * DOT_BLOCK + b]!;
    }
  }
  // Row b of the gemm's coefficients: c[., b], zero past j; an odd block gets a zero row for the
  // vector after it (which then takes a zero update).
  const rows = up2(bs);
  f.fill(0, bcBase, bcBase + rows * j4);
  for (let b = 0; b < bs; b++) for (let q = 0; q < j; q++) f[bcBase + b * j4 + q] = c[q * bs + b]!;
  for (let p0 = 0; p0 < rowBytes; p0 += 8 * BLOCK_CH) {
    k.gemm(yAddr, rowBytes, rows, 8 * bcBase, 8 * j4, 8, vAddr, rowBytes, j4, p0, Math.min(rowBytes, p0 + 8 * BLOCK_CH), -1);
  }
}

/** `normalise` in the kernels' memory. */
function wasmNormalise(mem: BasisMemory, stride: number, j: number): number {
  const { k, f, dBase } = mem;
  const x = 8 * (mem.vBase + j * stride);
  k.dotRows(8 * dBase, x, 8 * stride, 1, x, stride);
  const nx = Math.sqrt(f[dBase]!);
  if (nx > 0 && Number.isFinite(nx)) k.divide(x, stride, nx);
  return nx;
}

/** `within` in the kernels' memory: dot products with the vectors before, one gemm row (and the spare), normalise. */
function blockWithin(mem: BasisMemory, stride: number, j: number, bs: number, r: Float64Array): void {
  const { k, f, cBase, dBase } = mem;
  const rowBytes = 8 * stride;
  const first = 8 * mem.vBase + j * rowBytes;
  r.fill(0, 0, bs * bs);
  for (let b = 0; b < bs; b++) {
    const x = first + b * rowBytes;
    if (b > 0) {
      k.dotRows(8 * dBase, first, rowBytes, b, x, stride);
      const b4 = up4(b);
      f.fill(0, cBase, cBase + b4);
      for (let l = 0; l < b; l++) r[l * bs + b] = f[cBase + l] = f[dBase + l]!;
      k.gemm(x, 8 * mem.xBase - x, 2, 8 * cBase, 0, 8, first, rowBytes, b4, 0, rowBytes, -1);
    }
    r[b * bs + b] = wasmNormalise(mem, stride, j + b);
  }
}
