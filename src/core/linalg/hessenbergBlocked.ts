/**
 * Blocked Householder reduction to Hessenberg form (the DGEHRD/DLAHR2 scheme), row-major.
 * A panel of NB reflectors is computed from lazily updated columns; the rest of the matrix is
 * then updated once per panel with matrix-matrix products, A <- Q^T A Q with Q = I - V T V^T.
 * Each reflector still needs one product of the trailing columns with v (Y = A V T), but the
 * three passes over the trailing matrix per reflector of the plain algorithm become one.
 */
import { hessenbergInPlace } from './hessenberg';
import { accumulateW, axpy4, axpy4x2, dotRowsAt, gemmRows } from './hessenbergUpdates';
import { BLOCKED_FROM, BLOCKED_FROM_WITHOUT_KERNELS, NB } from './tuning';
import { simdKernels, simdScratch } from './simdKernels';

/** Columns left to the plain algorithm at the end. */
const TAIL = 16;

export function hessenbergBlocked(h: Float64Array, n: number, blockedFrom?: number): void {
  // The panels live next to h in the SIMD kernels' memory when h does (then the trailing updates
  // run there, two columns per instruction), else in ordinary arrays.
  const scratch = simdScratch(h, n, 4 * n * NB + 3 * n + 2 * NB);
  const from = blockedFrom ?? (scratch ? BLOCKED_FROM : BLOCKED_FROM_WITHOUT_KERNELS);
  if (n < Math.max(from, 2 * NB)) return hessenbergInPlace(h, n);
  const simd = scratch ? simdKernels() : null;
  const region = (i: number): Float64Array => (scratch ? scratch.subarray(i * n * NB, (i + 1) * n * NB) : new Float64Array(n * NB));
  const V = region(0); // V[r * NB + p]: reflector p, row r (row-major n x NB)
  const Vt = region(1); // the same, transposed, for row-wise updates
  const Y = region(2); // Y = A V T, all rows
  const W = region(3);
  const T = new Float64Array(NB * NB); // upper triangular
  // With the kernels, the panel's vectors live in their memory too: its matrix-vector products
  // (O(n NB^2) per panel, short rows) run there, from the first call without JIT warm-up.
  let at = 4 * n * NB;
  const vector = (len: number): Float64Array => (scratch ? scratch.subarray(at, (at += len)) : new Float64Array(len));
  const av = vector(n);
  const b = vector(n);
  const t = vector(n);
  const w = vector(NB);
  const wy = scratch ? vector(NB) : w;
  let k = 0;
  // Panels while at least TAIL columns remain; the tail goes to the plain algorithm.
  for (; k + NB + 2 < n - TAIL; k += NB) {
    V.fill(0);
    Vt.fill(0);
    Y.fill(0);
    T.fill(0);
    for (let i = 0; i < NB; i++) {
      const j = k + i;
      // Column j of Q_i^T A Q_i: b = a_j - Y_i V_i[j,:]^T, then rows k+1..: b -= V_i T_i^T V_i^T b.
      for (let r = k + 1; r < n; r++) b[r] = h[r * n + j]!;
      const m = n - k - 1; // rows k+1..n-1
      if (i > 0 && simd) {
        dotRowsAt(simd, t, k + 1, Y, (k + 1) * NB, NB, m, V, j * NB, i);
        for (let r = k + 1; r < n; r++) b[r]! -= t[r]!;
        dotRowsAt(simd, w, 0, Vt, k + 1, n, i, b, k + 1, m);
      } else if (i > 0) {
        for (let r = k + 1; r < n; r++) {
          let s = 0;
          const yr = r * NB;
          const vj = j * NB;
          for (let p = 0; p < i; p++) s += Y[yr + p]! * V[vj + p]!;
          b[r]! -= s;
        }
        // w = V_i^T b (rows k+1..n-1), then below w = T_i^T w, b -= V_i w.
        w.fill(0, 0, i);
        for (let r = k + 1; r < n; r++) {
          const br = b[r]!;
          const vr = r * NB;
          for (let p = 0; p < i; p++) w[p]! += V[vr + p]! * br;
        }
      }
      if (i > 0) {
        for (let p = i - 1; p >= 0; p--) {
          let s = 0;
          for (let q = 0; q <= p; q++) s += T[q * NB + p]! * w[q]!;
          w[p] = s;
        }
        if (simd) {
          dotRowsAt(simd, t, k + 1, V, (k + 1) * NB, NB, m, w, 0, i);
          for (let r = k + 1; r < n; r++) b[r]! -= t[r]!;
        } else for (let r = k + 1; r < n; r++) {
          let s = 0;
          const vr = r * NB;
          for (let p = 0; p < i; p++) s += V[vr + p]! * w[p]!;
          b[r]! -= s;
        }
      }
      // Reflector for b[j+1..n-1].
      const alpha = b[j + 1]!;
      let big = Math.abs(alpha);
      for (let r = j + 2; r < n; r++) big = Math.max(big, Math.abs(b[r]!));
      let ss = 0;
      if (big > 0) {
        for (let r = j + 2; r < n; r++) {
          const x = b[r]! / big;
          ss += x * x;
        }
      }
      let tau = 0;
      let beta = alpha;
      V[(j + 1) * NB + i] = 1;
      if (ss > 0) {
        const a = alpha / big;
        beta = -(a >= 0 ? 1 : -1) * Math.sqrt(a * a + ss) * big;
        tau = (beta - alpha) / beta;
        // Divided, not multiplied by a reciprocal that overflows when alpha - beta is subnormal.
        const d = alpha - beta;
        for (let r = j + 2; r < n; r++) V[r * NB + i] = b[r]! / d;
      }
      for (let r = j + 1; r < n; r++) Vt[i * n + r] = V[r * NB + i]!;
      // Final column j for rows k+1..j, then beta and zeros.
      for (let r = k + 1; r <= j; r++) h[r * n + j] = b[r]!;
      h[(j + 1) * n + j] = beta;
      for (let r = j + 2; r < n; r++) h[r * n + j] = 0;
      // T column i: T[0:i, i] = -tau T_i (V_i^T v_i), T[i, i] = tau.
      if (simd) dotRowsAt(simd, w, 0, Vt, j + 1, n, i, Vt, i * n + j + 1, n - j - 1);
      else for (let p = 0; p < i; p++) {
        let s = 0;
        for (let r = j + 1; r < n; r++) s += V[r * NB + p]! * V[r * NB + i]!;
        w[p] = s;
      }
      for (let p = 0; p < i; p++) {
        let s = 0;
        for (let q = p; q < i; q++) s += T[p * NB + q]! * w[q]!;
        T[p * NB + i] = -tau * s;
      }
      T[i * NB + i] = tau;
      // Y column i = tau (A v_i - Y_i (V_i^T v_i)), A being the matrix at the start of the panel.
      if (tau !== 0) {
        // Rows k+1.. only: the rows above the panel get Y by one product after the panel.
        // Four rows per pass share each load of v; two chains per row hide the adds' latency.
        const vo = i * n;
        let r = k + 1;
        if (simd) {
          // A v for all but the last (n - k - 1) % 4 rows, four rows per pass, in the kernel.
          const rows4 = (n - k - 1) & ~3;
          simd.dotRows(av.byteOffset + r * 8, h.byteOffset + (r * n + j + 1) * 8, n * 8, rows4, Vt.byteOffset + (vo + j + 1) * 8, n - j - 1);
          r += rows4;
        }
        for (; r + 3 < n; r += 4) {
          const o0 = r * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
          let a0 = 0, a1 = 0, b0 = 0, b1 = 0, c0 = 0, c1 = 0, d0 = 0, d1 = 0;
          let c = j + 1;
          for (; c + 1 < n; c += 2) {
            const v0 = Vt[vo + c]!, v1 = Vt[vo + c + 1]!;
            a0 += h[o0 + c]! * v0;
            a1 += h[o0 + c + 1]! * v1;
            b0 += h[o1 + c]! * v0;
            b1 += h[o1 + c + 1]! * v1;
            c0 += h[o2 + c]! * v0;
            c1 += h[o2 + c + 1]! * v1;
            d0 += h[o3 + c]! * v0;
            d1 += h[o3 + c + 1]! * v1;
          }
          if (c < n) {
            const v0 = Vt[vo + c]!;
            a0 += h[o0 + c]! * v0;
            b0 += h[o1 + c]! * v0;
            c0 += h[o2 + c]! * v0;
            d0 += h[o3 + c]! * v0;
          }
          av[r] = a0 + a1;
          av[r + 1] = b0 + b1;
          av[r + 2] = c0 + c1;
          av[r + 3] = d0 + d1;
        }
        for (; r < n; r++) {
          const o = r * n;
          let s0 = 0;
          for (let c = j + 1; c < n; c++) s0 += h[o + c]! * Vt[vo + c]!;
          av[r] = s0;
        }
        if (simd) {
          dotRowsAt(simd, t, k + 1, Y, (k + 1) * NB, NB, m, w, 0, i);
          for (let r = k + 1; r < n; r++) Y[r * NB + i] = tau * (av[r]! - t[r]!);
        } else for (let r = k + 1; r < n; r++) {
          let s = av[r]!;
          const yr = r * NB;
          for (let p = 0; p < i; p++) s -= Y[yr + p]! * w[p]!;
          Y[yr + i] = tau * s;
        }
      }
    }
    const kEnd = k + NB; // first column not in the panel
    // Y rows 0..k = A[0..k, k+1..] V T (those rows of A are untouched by the panel).
    for (let r = 0; r <= k; r++) {
      // w[p] = A[r, k+1..] . V[k+1.., p]: eight dot products per pass over the row.
      const o = r * n;
      if (simd) simd.dotRows(wy.byteOffset, Vt.byteOffset + (k + 1) * 8, n * 8, NB, h.byteOffset + (o + k + 1) * 8, n - k - 1);
      else for (let p = 0; p < NB; p += 8) {
        const q0 = p * n, q1 = q0 + n, q2 = q1 + n, q3 = q2 + n;
        const q4 = q3 + n, q5 = q4 + n, q6 = q5 + n, q7 = q6 + n;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        for (let c = k + 1; c < n; c++) {
          const x = h[o + c]!;
          s0 += x * Vt[q0 + c]!;
          s1 += x * Vt[q1 + c]!;
          s2 += x * Vt[q2 + c]!;
          s3 += x * Vt[q3 + c]!;
          s4 += x * Vt[q4 + c]!;
          s5 += x * Vt[q5 + c]!;
          s6 += x * Vt[q6 + c]!;
          s7 += x * Vt[q7 + c]!;
        }
        w[p] = s0;
        w[p + 1] = s1;
        w[p + 2] = s2;
        w[p + 3] = s3;
        w[p + 4] = s4;
        w[p + 5] = s5;
        w[p + 6] = s6;
        w[p + 7] = s7;
      }
      const yr = r * NB;
      const wr = simd ? wy : w;
      for (let q = 0; q < NB; q++) {
        let s = 0;
        for (let p = 0; p <= q; p++) s += wr[p]! * T[p * NB + q]!;
        Y[yr + q] = s;
      }
    }
    // Right update A <- A - Y V^T: rows 0..k on columns k+1.., rows k+1.. on columns kEnd...
    if (simd) {
      gemmRows(simd, h, n, 0, k + 1, k + 1, n, Y, Vt, n);
      gemmRows(simd, h, n, k + 1, n, kEnd, n, Y, Vt, n);
    } else for (let r = 0; r < n; r++) {
      const c0 = r <= k ? k + 1 : kEnd;
      // Pairs of rows with the same first column (rows k, k + 1 differ).
      if (r + 1 < n && (r + 1 <= k || r > k)) {
        axpy4x2(h, r * n, n, Y, r * NB, Vt, n, c0, n);
        r++;
      } else axpy4(h, r * n, Y, r * NB, Vt, n, c0, n, -1);
    }
    // Left update on rows k+1.., columns kEnd..: W = V^T A, W = T^T W, A -= V W.
    const cols = n - kEnd;
    W.fill(0, 0, NB * cols);
    if (simd) {
      const rows4 = (n - k - 1) & ~3;
      const colsE = cols & ~1;
      simd.gemmSrc(W.byteOffset, cols * 8, NB, V.byteOffset + (k + 1) * NB * 8, 8, NB * 8,
        h.byteOffset + ((k + 1) * n + kEnd) * 8, n * 8, rows4, 0, colsE * 8, 1);
      accumulateW(h, n, V, W, cols, kEnd, k + 1 + rows4, n, 0, cols);
      accumulateW(h, n, V, W, cols, kEnd, k + 1, k + 1 + rows4, colsE, cols);
    } else accumulateW(h, n, V, W, cols, kEnd, k + 1, n, 0, cols);
    for (let p = NB - 1; p >= 0; p--) {
      // W[p] = sum_{q <= p} T[q, p] W[q], computed bottom-up so W[q < p] are still the old rows.
      const wo = p * cols;
      const tpp = T[p * NB + p]!;
      for (let c = 0; c < cols; c++) W[wo + c]! *= tpp;
      for (let q = 0; q < p; q++) {
        const t = T[q * NB + p]!;
        if (t === 0) continue;
        const qo = q * cols;
        for (let c = 0; c < cols; c++) W[wo + c]! += t * W[qo + c]!;
      }
    }
    if (simd) {
      gemmRows(simd, h, n, k + 1, n, kEnd, n, V, W, cols, kEnd);
      continue;
    }
    let r = k + 1;
    for (; r + 1 < n; r += 2) axpy4x2(h, r * n + kEnd, n, V, r * NB, W, cols, 0, cols);
    if (r < n) axpy4(h, r * n + kEnd, V, r * NB, W, cols, 0, cols, -1);
  }
  finishTail(h, n, k);
}

/** Plain Householder steps for columns k.. (the matrix is already reduced left of k). */
function finishTail(h: Float64Array, n: number, k0: number): void {
  hessenbergInPlace(h, n, k0);
}
