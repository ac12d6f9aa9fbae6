/**
 * The Krylov basis of the Krylov–Schur run: `count` vectors of length n, and classical
 * Gram–Schmidt against them. Where WebAssembly SIMD is available the vectors live in the memory
 * of the two-lane kernels of linalg/normKernels.ts (the dot products are one `matvec` over the
 * basis, the update one `matTvec`), else in an ordinary array with the same loops in TypeScript.
 */
import { normKernelModule, type NormKernelExports } from '../linalg/normKernels';
import { compileOrNull, instantiateFresh } from '../linalg/wasmRuntime';

let compiled: object | null | undefined;

export interface KrylovBasis {
  /** All vectors: vector j at [j stride, j stride + n). */
  readonly data: Float64Array;
  readonly stride: number;
  /** Vector j (a live view: writes go to the basis). */
  vec(j: number): Float64Array;
  /** x = vec(j) <- vec(j) - sum_{i < j} c_i vec(i), c_i = vec(i) . vec(j), summed into h; CGS2 when needed. */
  orthogonalise(j: number, h: Float64Array): void;
}

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

const norm = (x: Float64Array): number => {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k]! * x[k]!;
  return Math.sqrt(s);
};

/**
 * A basis of `count` vectors of length n. `wasm: false` keeps it in TypeScript (tests compare the
 * two). Gram–Schmidt repeats once when the first pass removed most of x (the test of Daniel,
 * Gragg, Kaufman and Stewart), where cancellation may have left x short of orthogonal.
 */
export function krylovBasis(n: number, count: number, wasm = true): KrylovBasis {
  const stride = n + (n & 1); // whole two-lane vectors; the pad entry stays an exact zero
  const c = new Float64Array(count);
  const kernels = wasm ? wasmBasis(n, stride, count) : null;
  const v = kernels ? kernels.f.subarray(kernels.vBase, kernels.vBase + count * stride) : new Float64Array(count * stride);
  const vec = (j: number): Float64Array => v.subarray(j * stride, j * stride + n);
  const pass = kernels
    ? (j: number): void => {
        const { k, f, cBase } = kernels;
        const len = 8 * stride;
        const vAddr = 8 * kernels.vBase;
        k.matvec(8 * cBase, vAddr, j, len, vAddr + j * len);
        for (let i = 0; i < j; i++) {
          c[i] = f[cBase + i]!;
          f[cBase + i] = -c[i]!;
        }
        k.matTvec(vAddr + j * len, vAddr, j, len, 8 * cBase);
      }
    : (j: number): void => {
        const x = vec(j);
        dots(v, stride, n, j, x, c);
        subtract(v, stride, n, j, x, c);
      };
  return {
    data: v,
    stride,
    vec,
    orthogonalise(j, h) {
      h.fill(0, 0, j);
      const x = vec(j);
      let before = norm(x);
      for (let p = 0; p < 2; p++) {
        pass(j);
        for (let i = 0; i < j; i++) h[i]! += c[i]!;
        const after = norm(x);
        if (!(after < 0.7071 * before)) break;
        before = after;
      }
    },
  };
}

/** The kernels over a fresh memory: coefficients first, then the vectors (8-byte slots). */
function wasmBasis(n: number, stride: number, count: number): { k: NormKernelExports; f: Float64Array; cBase: number; vBase: number } | null {
  if (compiled === undefined) compiled = compileOrNull(normKernelModule);
  if (!compiled || n < 2) return null;
  const cBase = 2;
  const vBase = cBase + count + (count & 1) + 2;
  const made = instantiateFresh(compiled, 8 * (vBase + count * stride));
  if (!made) return null;
  return { k: made.exports as unknown as NormKernelExports, f: new Float64Array(made.memory.buffer), cBase, vBase };
}
