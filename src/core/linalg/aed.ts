/**
 * Aggressive early deflation (Braman, Byers & Mathias) on the trailing nw x nw window of the
 * active block [l, i] of a Hessenberg matrix, eigenvalues-only mode. The window is brought to
 * Schur form T = Z^T W Z; an eigenvalue whose "spike" component s Z(0, j) is negligible has
 * converged and is deflated; undeflatable ones are swapped to the top so the rest can be
 * tested. The window's remaining eigenvalues are returned as shifts for the next sweeps.
 */
import { eig2x2, francisQR } from './francis';
import { swapBlocks } from './schurSwap';
import { applyWindowTransform } from './aedUpdate';
import { simdScratch } from './simdKernels';
import { smallNumber, ULP } from './tuning';


export interface AedResult {
  /** Eigenvalues deflated (now stored in wr/wi at i-nd+1..i). */
  nd: number;
  /** Eigenvalues of the undeflated part of the window, top to bottom (shift candidates). */
  shiftRe: Float64Array;
  shiftIm: Float64Array;
  /** False when the window's QR failed; h is then unchanged. */
  ok: boolean;
  iterations: number;
}

/** Size (1 or 2) of the diagonal block of quasi-triangular t ending at row `end` (top bound `top`). */
function blockEndingAt(t: Float64Array, nw: number, end: number, top: number): number {
  return end - 1 >= top && t[end * nw + end - 1] !== 0 ? 2 : 1;
}

function blockEigenvalues(t: Float64Array, nw: number, from: number, to: number, re: Float64Array, im: Float64Array, at: number): void {
  for (let j = to - 1; j >= from; ) {
    const bs = blockEndingAt(t, nw, j, from);
    if (bs === 1) {
      re[at + j - from] = t[j * nw + j]!;
      im[at + j - from] = 0;
    } else {
      const a = (j - 1) * nw + j - 1;
      eig2x2(t[a]!, t[a + 1]!, t[a + nw]!, t[a + nw + 1]!, re, im, at + j - 1 - from);
    }
    j -= bs;
  }
}

export function aggressiveDeflation(h: Float64Array, n: number, l: number, i: number, nwWanted: number, wr: Float64Array, wi: Float64Array): AedResult {
  const nw = Math.min(nwWanted, i - l + 1);
  const kwtop = i - nw + 1;
  const s = kwtop > l ? h[kwtop * n + kwtop - 1]! : 0;
  // Next to h in the SIMD kernels' memory when h is there (the window's sweeps then use the
  // kernels; the blocked reduction's scratch is free by now), else ordinary arrays.
  const scratch = simdScratch(h, n, 2 * nw * nw);
  const t = scratch ? scratch.subarray(0, nw * nw).fill(0) : new Float64Array(nw * nw);
  for (let r = 0; r < nw; r++) {
    const o = (kwtop + r) * n + kwtop;
    for (let c = Math.max(0, r - 1); c < nw; c++) t[r * nw + c] = h[o + c]!;
  }
  // The window's Schur vectors, transposed (row j = column j of Z): every update is row-contiguous.
  const zt = scratch ? scratch.subarray(nw * nw, 2 * nw * nw).fill(0) : new Float64Array(nw * nw);
  for (let r = 0; r < nw; r++) zt[r * nw + r] = 1;
  const twr = new Float64Array(nw);
  const twi = new Float64Array(nw);
  const qr = francisQR(t, nw, twr, twi, { wantT: true, zt });
  if (!qr.converged) return { nd: 0, shiftRe: twr, shiftIm: twi, ok: false, iterations: qr.iterations };

  const smlnum = smallNumber(n);
  let ns = nw; // rows [0, ns) are undeflated
  let ilst = 0; // rows [0, ilst) hold the blocks found undeflatable
  while (ilst < ns) {
    const bs = blockEndingAt(t, nw, ns - 1, ilst);
    const d = (ns - 1) * nw + ns - 1;
    let foo = Math.abs(t[d]!);
    let spike = Math.abs(s * zt[(ns - 1) * nw]!);
    if (bs === 2) {
      foo += Math.sqrt(Math.abs(t[d - 1]!)) * Math.sqrt(Math.abs(t[d - nw]!));
      spike = Math.max(spike, Math.abs(s * zt[(ns - 2) * nw]!));
    }
    if (foo === 0) foo = Math.abs(s);
    if (spike <= Math.max(smlnum, ULP * foo)) {
      ns -= bs;
      continue;
    }
    // Undeflatable: move the block up to ilst, past the untested blocks above it.
    let here = ns - bs;
    let moved = true;
    while (here > ilst) {
      const pb = blockEndingAt(t, nw, here - 1, ilst);
      if (!swapBlocks(t, nw, zt, nw, here - pb, pb, bs)) {
        moved = false;
        break;
      }
      here -= pb;
    }
    if (!moved) break; // cannot reorder further: everything above ns stays undeflated
    ilst += bs;
  }
  const nd = nw - ns;
  blockEigenvalues(t, nw, ns, nw, wr, wi, kwtop + ns);
  const shiftRe = new Float64Array(ns);
  const shiftIm = new Float64Array(ns);
  blockEigenvalues(t, nw, 0, ns, shiftRe, shiftIm, 0);
  // Nothing deflated (and a real spike): leave h as it was; only the shifts are of use.
  if (nd === 0 && s !== 0) return { nd, shiftRe, shiftIm, ok: true, iterations: qr.iterations };

  // The new spike: s Z(0, 0..ns) (zero below, where deflated), reduced to one entry by a reflector.
  let spikeTop = 0;
  if (ns > 0 && s !== 0) {
    const v = new Float64Array(ns);
    for (let j = 0; j < ns; j++) v[j] = s * zt[j * nw]!;
    spikeTop = v[0]!;
    if (ns > 1) spikeTop = reflectSpike(t, nw, zt, v, ns);
    hessenbergOfWindow(t, nw, zt, ns);
  }
  // Write back: spike column, window, and the transform on the rows above the window.
  if (kwtop > l) {
    h[kwtop * n + kwtop - 1] = spikeTop;
    for (let r = kwtop + 1; r <= i; r++) h[r * n + kwtop - 1] = 0;
  }
  for (let r = 0; r < nw; r++) {
    const o = (kwtop + r) * n + kwtop;
    for (let c = 0; c < nw; c++) h[o + c] = r > c + 1 ? 0 : t[r * nw + c]!;
  }
  applyWindowTransform(h, n, l, kwtop, zt, nw);
  return { nd, shiftRe, shiftIm, ok: true, iterations: qr.iterations };
}

/** Applies the reflector that maps the spike v (length ns) to beta e1 to t and zt; returns beta. */
function reflectSpike(t: Float64Array, nw: number, zt: Float64Array, v: Float64Array, ns: number): number {
  const alpha = v[0]!;
  let nrm = 0;
  for (let j = 1; j < ns; j++) nrm = Math.hypot(nrm, v[j]!);
  if (nrm === 0) return alpha;
  const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, nrm);
  const tau = (beta - alpha) / beta;
  const u = new Float64Array(ns);
  u[0] = 1;
  for (let j = 1; j < ns; j++) u[j] = v[j]! / (alpha - beta);
  applyReflector(t, nw, zt, u, tau, 0, ns);
  return beta;
}

/**
 * Householder similarity with I - tau u u^T acting on indices [off, off + len) of the window
 * t (rows: all columns; columns: rows 0..end-1 where end = the undeflated size), and from the
 * left on the same rows of zt (all columns).
 */
function applyReflector(t: Float64Array, nw: number, zt: Float64Array, u: Float64Array, tau: number, off: number, end: number, len = u.length): void {
  leftReflect(t, nw, u, tau, off, len);
  leftReflect(zt, nw, u, tau, off, len);
  for (let r = 0; r < end; r++) {
    const o = r * nw + off;
    let s = 0;
    for (let c = 0; c < len; c++) s += t[o + c]! * u[c]!;
    if (s === 0) continue;
    const f = tau * s;
    for (let c = 0; c < len; c++) t[o + c]! -= f * u[c]!;
  }
}

let scratchW = new Float64Array(0);

/** Rows [off, off + len) of the nw x nw matrix m <- (I - tau u u^T) those rows. */
function leftReflect(m: Float64Array, nw: number, u: Float64Array, tau: number, off: number, len: number): void {
  if (scratchW.length < nw) scratchW = new Float64Array(nw);
  const w = scratchW;
  w.fill(0, 0, nw);
  for (let r = 0; r < len; r++) {
    const ur = u[r]!;
    if (ur === 0) continue;
    const o = (off + r) * nw;
    for (let c = 0; c < nw; c++) w[c]! += ur * m[o + c]!;
  }
  for (let r = 0; r < len; r++) {
    const f = tau * u[r]!;
    if (f === 0) continue;
    const o = (off + r) * nw;
    for (let c = 0; c < nw; c++) m[o + c]! -= f * w[c]!;
  }
}

/** Householder reduction of the leading ns x ns block of t back to Hessenberg form, accumulated in zt. */
function hessenbergOfWindow(t: Float64Array, nw: number, zt: Float64Array, ns: number): void {
  const u = new Float64Array(ns);
  for (let k = 0; k + 2 < ns; k++) {
    const len = ns - k - 1;
    const alpha = t[(k + 1) * nw + k]!;
    // ||t[k+2.., k]|| scaled by its largest entry: no overflow, underflow or per-entry Math.hypot.
    let big = 0;
    for (let r = k + 2; r < ns; r++) big = Math.max(big, Math.abs(t[r * nw + k]!));
    if (big === 0) continue;
    let ss = 0;
    for (let r = k + 2; r < ns; r++) {
      const x = t[r * nw + k]! / big;
      ss += x * x;
    }
    const nrm = Math.sqrt(ss) * big;
    const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, nrm);
    const tau = (beta - alpha) / beta;
    u[0] = 1;
    for (let r = 1; r < len; r++) u[r] = t[(k + 1 + r) * nw + k]! / (alpha - beta);
    applyReflector(t, nw, zt, u, tau, k + 1, ns, len);
    t[(k + 1) * nw + k] = beta;
    for (let r = k + 2; r < ns; r++) t[r * nw + k] = 0;
  }
}
