/**
 * Francis double-shift implicit QR on an upper Hessenberg matrix (row-major, in place), with the
 * small-subdiagonal deflation test of Ahues & Tisseur and exceptional shifts every 10 iterations
 * without progress. Eigenvalues only (`wantT = false`: work stays inside the active block) or the
 * full real Schur form T (`wantT = true`, the transforms are applied to whole rows and columns).
 */
import { chaseBulge } from './bulge';
import { COEF_ADDR, simdKernels, type SimdKernels } from './simdKernels';
import { DAT1, DAT2, defaultMaxIterations, EXCEPTIONAL_EVERY, smallNumber, ULP } from './tuning';


export interface FrancisResult {
  converged: boolean;
  /** QR sweeps (and, in the multishift driver, deflation windows) used. */
  iterations: number;
}

export interface FrancisOptions {
  wantT?: boolean;
  /** Active rows/columns [lo, hi] (default the whole matrix); the rest must already be split off. */
  lo?: number;
  hi?: number;
  /** n x n row-major matrix whose columns receive every transform (Schur vectors when z = I). */
  z?: Float64Array;
  /** The same as z but kept transposed (row j = column j of Z): every transform is then row-contiguous. */
  zt?: Float64Array;
  /** Cap on QR sweeps for the whole matrix; default 30 per eigenvalue (at least 300). */
  maxIterations?: number;
}

/** Eigenvalues of the real 2x2 [[a, b], [c, d]] into wr/wi at [i, i+1], computed without cancellation. */
export function eig2x2(a: number, b: number, c: number, d: number, wr: Float64Array, wi: Float64Array, i: number): void {
  const put = (r1: number, i1: number, r2: number, i2: number): void => {
    wr[i] = r1;
    wi[i] = i1;
    wr[i + 1] = r2;
    wi[i + 1] = i2;
  };
  if (c === 0 || b === 0) return put(a, 0, d, 0);
  const p = 0.5 * (a - d);
  const bcmax = Math.max(Math.abs(b), Math.abs(c));
  const bcmis = Math.min(Math.abs(b), Math.abs(c)) * Math.sign(b) * Math.sign(c);
  const scale = Math.max(Math.abs(p), bcmax);
  const z = (p / scale) * p + (bcmax / scale) * bcmis; // discriminant / scale
  if (z >= 0) {
    // Real pair: take the root away from cancellation, the other from the product.
    const zz = p + (p >= 0 ? 1 : -1) * Math.sqrt(scale) * Math.sqrt(z); // never 0: b c != 0
    return put(d + zz, 0, d - (bcmax / zz) * bcmis, 0);
  }
  const re = 0.5 * (a + d);
  const im = Math.sqrt(scale) * Math.sqrt(-z);
  return put(re, im, re, -im);
}

/**
 * First column of (H - s1)(H - s2) at the lowest row m >= l where two consecutive small
 * subdiagonals let the bulge start (LAPACK dlahqr's test), scaled: [m, v0, v1, v2].
 */
export function bulgeStart(h: Float64Array, n: number, l: number, i: number, rt1r: number, rt1i: number, rt2r: number, rt2i: number): [number, number, number, number] {
  const H = (r: number, c: number): number => h[r * n + c]!;
  let m = i - 2;
  let v0 = 0, v1 = 0, v2 = 0;
  for (;; m--) {
    let h21s = H(m + 1, m);
    let s = Math.abs(H(m, m) - rt2r) + Math.abs(rt2i) + Math.abs(h21s);
    h21s = H(m + 1, m) / s;
    v0 = h21s * H(m, m + 1) + (H(m, m) - rt1r) * ((H(m, m) - rt2r) / s) - rt1i * (rt2i / s);
    v1 = h21s * (H(m, m) + H(m + 1, m + 1) - rt1r - rt2r);
    v2 = h21s * H(m + 2, m + 1);
    s = Math.abs(v0) + Math.abs(v1) + Math.abs(v2);
    v0 /= s;
    v1 /= s;
    v2 /= s;
    if (m === l) break;
    const h00 = Math.abs(H(m, m - 1)) * (Math.abs(v1) + Math.abs(v2));
    const h01 = Math.abs(v0) * (Math.abs(H(m - 1, m - 1)) + Math.abs(H(m, m)) + Math.abs(H(m + 1, m + 1)));
    if (h00 <= ULP * h01) break;
  }
  return [m, v0, v1, v2];
}

/**
 * The lowest k in (l, i] whose subdiagonal H(k, k-1) is negligible (Ahues & Tisseur's test,
 * as in LAPACK's dlahqr), or l when there is none.
 */
export function findSplit(h: Float64Array, n: number, l: number, i: number): number {
  const smlnum = smallNumber(n);
  const H = (r: number, c: number): number => h[r * n + c]!;
  let k = i;
  for (; k > l; k--) {
    const sub = Math.abs(H(k, k - 1));
    if (sub <= smlnum) break;
    let tst = Math.abs(H(k - 1, k - 1)) + Math.abs(H(k, k));
    if (tst === 0) {
      if (k - 2 >= l) tst += Math.abs(H(k - 1, k - 2));
      if (k + 1 <= n - 1) tst += Math.abs(H(k + 1, k));
    }
    if (sub <= ULP * tst) {
      const up = Math.abs(H(k - 1, k));
      const ab = Math.max(sub, up);
      const ba = Math.min(sub, up);
      const d1 = Math.abs(H(k, k));
      const d2 = Math.abs(H(k - 1, k - 1) - H(k, k));
      const aa = Math.max(d1, d2);
      const bb = Math.min(d1, d2);
      const s = aa + ab;
      if (ba * (ab / s) <= Math.max(smlnum, ULP * (bb * (aa / s)))) break;
    }
  }
  return k;
}

/**
 * Runs the QR iteration on rows/cols [lo, hi] of the n x n Hessenberg `h`. Eigenvalues go to
 * wr/wi[lo..hi]; entries outside [lo, hi] must already be eigenvalues (e.g. isolated by balancing).
 *
 * Contract (LAPACK dlahqr's INFO):
 * - `converged: true`: wr/wi[lo..hi] hold every eigenvalue, a conjugate pair at consecutive
 *   indices with the positive imaginary part first. With `wantT`, h holds a real Schur form T
 *   (quasi-upper-triangular: 1x1 blocks and 2x2 blocks of complex pairs, not standardised) and
 *   z/zt have received every transform, so that H0 = Z T Z^T with Z orthogonal.
 * - `converged: false` (the sweep cap was reached): only wr/wi[i+1..hi] are eigenvalues, for the
 *   i where the iteration stopped; the rest of wr/wi is unspecified and must not be used. h is
 *   still orthogonally similar to the input (and, with z, H0 = Z H Z^T holds), but not triangular.
 * Never throws and never loops past the cap, whatever the numbers (NaN stops deflation and so
 * runs into the cap).
 */
export function francisQR(h: Float64Array, n: number, wr: Float64Array, wi: Float64Array, opts: FrancisOptions = {}): FrancisResult {
  const wantT = opts.wantT ?? false;
  const lo = opts.lo ?? 0;
  const itmax = opts.maxIterations ?? defaultMaxIterations(n);
  const H = (r: number, c: number): number => h[r * n + c]!;
  if (!wantT && !opts.z && !opts.zt) {
    // Eigenvalues only, in the kernels' memory: the same iteration compiled (francisKernel.ts).
    const k = simdKernels();
    if (k !== null && h.buffer === k.memory.buffer) return francisInKernels(k, h, n, lo, opts.hi ?? n - 1, itmax, wr, wi);
  }
  let iterations = 0;
  let kdefl = 0;
  let i = opts.hi ?? n - 1;
  while (i >= lo) {
    let l = lo;
    let deflated = false;
    while (iterations <= itmax) {
      const k = findSplit(h, n, l, i);
      l = k;
      if (l > lo) h[l * n + l - 1] = 0;
      if (l >= i - 1) {
        deflated = true;
        break;
      }
      kdefl++;
      iterations++;
      const i1 = wantT ? 0 : l;
      const i2 = wantT ? n - 1 : i;

      // Shifts: the trailing 2x2's eigenvalues, or an exceptional ad hoc pair.
      let h11: number, h12: number, h21: number, h22: number;
      if (kdefl % (2 * EXCEPTIONAL_EVERY) === 0) {
        const s = Math.abs(H(i, i - 1)) + Math.abs(H(i - 1, i - 2));
        h11 = DAT1 * s + H(i, i);
        h12 = DAT2 * s;
        h21 = s;
        h22 = h11;
      } else if (kdefl % EXCEPTIONAL_EVERY === 0) {
        const s = Math.abs(H(l + 1, l)) + Math.abs(H(l + 2, l + 1));
        h11 = DAT1 * s + H(l, l);
        h12 = DAT2 * s;
        h21 = s;
        h22 = h11;
      } else {
        h11 = H(i - 1, i - 1);
        h21 = H(i, i - 1);
        h12 = H(i - 1, i);
        h22 = H(i, i);
      }
      let rt1r = 0, rt1i = 0, rt2r = 0, rt2i = 0;
      const s0 = Math.abs(h11) + Math.abs(h12) + Math.abs(h21) + Math.abs(h22);
      if (s0 !== 0) {
        h11 /= s0;
        h21 /= s0;
        h12 /= s0;
        h22 /= s0;
        const tr = (h11 + h22) / 2;
        const det = (h11 - tr) * (h22 - tr) - h12 * h21;
        const rtdisc = Math.sqrt(Math.abs(det));
        if (det >= 0) {
          rt1r = tr * s0;
          rt2r = rt1r;
          rt1i = rtdisc * s0;
          rt2i = -rt1i;
        } else {
          // Two real shifts: use the one nearer h22 twice.
          const a = tr + rtdisc;
          const b = tr - rtdisc;
          rt1r = (Math.abs(a - h22) <= Math.abs(b - h22) ? a : b) * s0;
          rt2r = rt1r;
        }
      }

      const [m, v0, v1, v2] = bulgeStart(h, n, l, i, rt1r, rt1i, rt2r, rt2i);
      chaseBulge(h, n, l, m, i, i1, i2, v0, v1, v2, opts.z, opts.zt);
    }
    if (!deflated) return { converged: false, iterations };
    if (l === i) {
      wr[i] = H(i, i);
      wi[i] = 0;
    } else {
      eig2x2(H(i - 1, i - 1), H(i - 1, i), H(i, i - 1), H(i, i), wr, wi, i - 1);
    }
    kdefl = 0;
    i = l - 1;
  }
  return { converged: true, iterations };
}

/** francisQR without wantT by the kernel, then each deflated block's eigenvalues as above. */
function francisInKernels(k: SimdKernels, h: Float64Array, n: number, lo: number, hi: number, itmax: number, wr: Float64Array, wi: Float64Array): FrancisResult {
  k.francis(h.byteOffset, n, lo, hi, itmax, COEF_ADDR, smallNumber(n), 0, -1);
  const iterations = k.coefficients[0]!;
  const stop = k.coefficients[1]!;
  // Rows above `stop` have deflated: a 1x1 block at i has H(i, i - 1) = 0 (set at its split) or
  // i = lo; otherwise rows i - 1, i are a 2x2 block, whose subdiagonal entry is never zero.
  for (let i = hi; i > stop; ) {
    if (i === lo || h[i * n + i - 1] === 0) {
      wr[i] = h[i * n + i]!;
      wi[i] = 0;
      i--;
    } else {
      eig2x2(h[(i - 1) * n + i - 1]!, h[(i - 1) * n + i]!, h[i * n + i - 1]!, h[i * n + i]!, wr, wi, i - 1);
      i -= 2;
    }
  }
  return { converged: stop < lo, iterations };
}
