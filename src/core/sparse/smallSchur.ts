/**
 * The real Schur form of a small dense matrix with its Schur vectors, sorted by eigenvalue
 * modulus (largest first): the Rayleigh quotient step of the Krylov–Schur method. Householder
 * reduction to Hessenberg form, Francis QR with the vectors, then adjacent block swaps.
 */
import { eig2x2, francisQR } from '../linalg/francis';
import { swapBlocks } from '../linalg/schurSwap';
import { smallNumber } from '../linalg/tuning';
import { schurKernels } from './schurKernels';

/** Size (1 or 2) of the diagonal block of quasi-triangular t that starts at row i. */
export function blockAt(t: Float64Array, m: number, i: number): number {
  return i + 1 < m && t[(i + 1) * m + i] !== 0 ? 2 : 1;
}

/** Eigenvalues of the diagonal blocks of t into wr/wi (in diagonal order). */
export function blockEigenvalues(t: Float64Array, m: number, wr: Float64Array, wi: Float64Array): void {
  for (let i = 0; i < m; ) {
    const bs = blockAt(t, m, i);
    if (bs === 1) {
      wr[i] = t[i * m + i]!;
      wi[i] = 0;
    } else {
      const a = i * m + i;
      eig2x2(t[a]!, t[a + 1]!, t[a + m]!, t[a + m + 1]!, wr, wi, i);
    }
    i += bs;
  }
}

/** Modulus of the block at i (the larger of a 2x2 block's two). */
const blockModulus = (wr: Float64Array, wi: Float64Array, i: number, bs: number): number =>
  Math.max(Math.hypot(wr[i]!, wi[i]!), bs === 2 ? Math.hypot(wr[i + 1]!, wi[i + 1]!) : 0);

/**
 * Reduces rows/columns [from, m) of the m x m row-major t to Hessenberg form by Householder
 * similarities; the leading block must be decoupled (t[r][c] = 0 for r >= from > c). Each
 * transform is also applied to zt from the left (zt = Z^T, row j = column j of Z).
 */
function hessenbergWithVectors(t: Float64Array, m: number, from: number, zt: Float64Array): void {
  const u = new Float64Array(m);
  const w = new Float64Array(m);
  for (let k = from; k + 2 < m; k++) {
    // Columns already in Hessenberg form (all of them on the first restart, those past the kept
    // ones after that: Arnoldi made them) need no transform.
    let below = 0;
    for (let r = k + 2; r < m; r++) below = Math.max(below, Math.abs(t[r * m + k]!));
    if (below === 0) continue;
    const big = Math.max(below, Math.abs(t[(k + 1) * m + k]!));
    if (!Number.isFinite(big)) continue;
    let ss = 0;
    for (let r = k + 1; r < m; r++) {
      const x = t[r * m + k]! / big;
      ss += x * x;
    }
    const alpha = t[(k + 1) * m + k]!;
    const beta = -(alpha >= 0 ? 1 : -1) * Math.sqrt(ss) * big;
    const tau = (beta - alpha) / beta;
    const len = m - k - 1;
    u[0] = 1;
    for (let r = 1; r < len; r++) u[r] = t[(k + 1 + r) * m + k]! / (alpha - beta);
    leftReflect(t, m, u, tau, k + 1, len, k, w);
    leftReflect(zt, m, u, tau, k + 1, len, 0, w);
    // Right: columns k+1.. of every row.
    for (let r = 0; r < m; r++) {
      const o = r * m + k + 1;
      let s = 0;
      for (let c = 0; c < len; c++) s += t[o + c]! * u[c]!;
      if (s === 0) continue;
      const f = tau * s;
      for (let c = 0; c < len; c++) t[o + c]! -= f * u[c]!;
    }
    t[(k + 1) * m + k] = beta;
    for (let r = k + 2; r < m; r++) t[r * m + k] = 0;
  }
}

/** Rows [off, off + len) of x (columns c0..m-1) <- (I - tau u u^T) those rows. */
function leftReflect(x: Float64Array, m: number, u: Float64Array, tau: number, off: number, len: number, c0: number, w: Float64Array): void {
  w.fill(0);
  for (let r = 0; r < len; r++) {
    const ur = u[r]!;
    if (ur === 0) continue;
    const o = (off + r) * m;
    for (let c = c0; c < m; c++) w[c]! += ur * x[o + c]!;
  }
  for (let r = 0; r < len; r++) {
    const f = tau * u[r]!;
    if (f === 0) continue;
    const o = (off + r) * m;
    for (let c = c0; c < m; c++) x[o + c]! -= f * w[c]!;
  }
}

export interface SortedSchur {
  /** False when the QR iteration hit its cap (t and zt are then not a Schur form). */
  readonly converged: boolean;
  /** Swaps refused as unstable (those blocks stay where they are; the order is then partial). */
  readonly refusedSwaps: number;
}

/**
 * In place: t (m x m) <- Z^T t Z quasi-triangular with the blocks of [from, m) sorted by modulus,
 * largest first; zt <- Z^T zt. Eigenvalues (diagonal order) go to wr/wi. The leading `from`
 * rows/columns must already be quasi-triangular and decoupled; they are left where they are.
 * Every step runs in WebAssembly where it compiles (schurKernels.ts: the same bits; `wasm =
 * false` keeps them in TypeScript).
 */
export function sortedSchur(t: Float64Array, m: number, from: number, zt: Float64Array, wr: Float64Array, wi: Float64Array, wasm = true): SortedSchur {
  const k = wasm ? schurKernels(m) : null;
  if (!k) return schurInPlace(t, m, from, zt, wr, wi);
  // The same steps on copies in the kernels' memory (schurKernels.ts), then back.
  k.t.set(t);
  k.zt.set(zt);
  k.reduce(from);
  if (k.schur(from, maxIterations(m), smallNumber(m)).stop >= from) return { converged: false, refusedSwaps: 0 };
  const refusedSwaps = k.sort(from);
  t.set(k.t);
  zt.set(k.zt);
  wr.set(k.wr);
  wi.set(k.wi);
  return { converged: true, refusedSwaps };
}

const maxIterations = (m: number): number => 60 * Math.max(10, m);

/** sortedSchur in TypeScript. */
function schurInPlace(t: Float64Array, m: number, from: number, zt: Float64Array, wr: Float64Array, wi: Float64Array): SortedSchur {
  hessenbergWithVectors(t, m, from, zt);
  if (!francisQR(t, m, wr, wi, { wantT: true, zt, lo: from, maxIterations: maxIterations(m) }).converged) return { converged: false, refusedSwaps: 0 };
  blockEigenvalues(t, m, wr, wi);
  let refused = 0;
  // Selection sort by bubbling: each pass moves the largest remaining block up to `pos`. At most
  // m passes, each at most m swaps; a refused swap leaves the block where it stopped.
  for (let pos = from; pos < m; ) {
    let best = pos;
    let bestMod = -1;
    for (let i = pos; i < m; ) {
      const bs = blockAt(t, m, i);
      const mod = blockModulus(wr, wi, i, bs);
      if (mod > bestMod) {
        bestMod = mod;
        best = i;
      }
      i += bs;
    }
    let here = best;
    const bs = blockAt(t, m, here);
    while (here > pos) {
      // The block ending just above `here` (blocks from pos on are whole, so this scan is exact).
      let prev = pos;
      for (let i = pos; i < here; ) {
        prev = i;
        i += blockAt(t, m, i);
      }
      const pb = here - prev;
      if (!swapBlocks(t, m, zt, m, prev, pb, bs)) {
        refused++;
        break;
      }
      here = prev;
    }
    blockEigenvalues(t, m, wr, wi);
    pos += blockAt(t, m, pos);
  }
  return { converged: true, refusedSwaps: refused };
}
