/**
 * The largest-modulus eigenvalues of a large operator by the Krylov–Schur method (Stewart 2001):
 * Arnoldi with classical Gram–Schmidt (repeated when needed; basis.ts), then a restart that keeps the sorted Schur vectors
 * of the wanted part of the Rayleigh quotient. Converged leading Schur vectors are locked (their
 * coupling to the residual is set to zero, a backward error below the tolerance). Random sparse
 * reservoirs have their outer eigenvalues crowded on a circle, so the basis is large (default
 * 64) and a share of it (default half) is kept at each restart. Every loop is capped; a breakdown (an invariant
 * subspace) continues in a fresh random direction.
 */
import { gaussian } from '../random';
import { BLOCK_MAX, krylovBasis } from './basis';
import { blockStep, type BlockArnoldi } from './blockArnoldi';
import { blockAt, sortedSchur } from './smallSchur';

export type Operator = (x: Float64Array, out: Float64Array) => void;

export interface EigsOptions {
  /** Eigenvalues wanted (default 6, as scipy's eigs). */
  nev?: number;
  /** Krylov basis size (default max(64, 4 nev), at most n). */
  ncv?: number;
  /** Converged when each wanted Schur vector's residual <= tol |lambda_1| (default 1e-12). */
  tol?: number;
  /**
   * Further eigenvalues beyond `nev` that must settle too, only to `guardTol` (default 1e-8): they
   * keep the outer rim of a crowded spectrum in the basis without paying for full accuracy.
   */
  guard?: number;
  guardTol?: number;
  /** Cap on restarts (default 2000). */
  maxRestarts?: number;
  /**
   * Share of the unlocked basis kept at a restart (default 0.5, at least the wanted ones). Less
   * means fewer restarts, each with more new products: fewer small Schur problems.
   */
  keep?: number;
  /** Seed of the random start vector. */
  seed?: number;
  /** Internal: false keeps the basis in TypeScript even where the WebAssembly kernels would run. */
  wasm?: boolean;
  /** Also return the leading Schur block's basis vectors (`leadingVectors`). */
  vectors?: boolean;
  /** Arnoldi steps per block (blockArnoldi.ts; default ARNOLDI_BLOCK, 1 = one at a time). */
  block?: number;
}

/** Default Arnoldi block (measured at n = 10^3 ... 5*10^4, see blockArnoldi.ts). */
export const ARNOLDI_BLOCK = 4;

export interface EigsResult {
  /** The wanted eigenvalues, |lambda| descending (conjugate pairs together, +i first). */
  re: Float64Array;
  im: Float64Array;
  /** max |lambda| over them: the spectral radius when converged. */
  radius: number;
  converged: boolean;
  restarts: number;
  /** Products with the operator. */
  products: number;
  /** ||A U - U T||_F / |lambda_1| of the leading Schur block, recomputed from fresh products. */
  residual: number;
  /** With `vectors`: U, the 1 or 2 orthonormal columns of the leading Schur block, one after the other. */
  leadingVectors?: Float64Array;
}

function norm(x: Float64Array): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k]! * x[k]!;
  return Math.sqrt(s);
}

/**
 * The `nev` largest-modulus eigenvalues of the n x n operator `apply`. Never throws on numeric
 * trouble: non-finite numbers or the restart cap give `converged: false`.
 */
export function largestEigenvalues(n: number, apply: Operator, opts: EigsOptions = {}): EigsResult {
  const nev = Math.max(1, Math.min(opts.nev ?? 6, n));
  const wanted = Math.min(n, nev + Math.max(0, opts.guard ?? 0));
  const m = Math.min(n, opts.ncv !== undefined ? Math.max(opts.ncv, wanted + 2) : Math.max(64, 4 * wanted));
  const guardTol = opts.guardTol ?? 1e-8;
  const tol = opts.tol ?? 1e-12;
  const maxRestarts = opts.maxRestarts ?? 2000;
  const keep = Math.min(1, Math.max(0, opts.keep ?? 0.5));
  const rnd = gaussian(opts.seed ?? 0x5eed);
  // Basis vectors are columns 0..m of v (column j at j n); s is the (m + 1) x m Rayleigh quotient
  // with its last row the coupling of the residual vector v_m.
  const basis = krylovBasis(n, m + 1, opts.wasm ?? true);
  const s = new Float64Array((m + 1) * m);
  const h = new Float64Array(m + 1);
  const t = new Float64Array(m * m);
  const zt = new Float64Array(m * m);
  const wr = new Float64Array(m);
  const wi = new Float64Array(m);
  const brow = new Float64Array(m);
  const blockSize = Math.max(1, Math.min(BLOCK_MAX, Math.floor(opts.block ?? ARNOLDI_BLOCK)));
  // Blocks only where the basis is far from filling the space (near it the last vectors are noise).
  const blocks: BlockArnoldi | null = blockSize > 1 && m + 1 + blockSize < n ? {
    m, basis, apply, s,
    c: new Float64Array((m + 1) * BLOCK_MAX), c2: new Float64Array((m + 1) * BLOCK_MAX),
    r: new Float64Array(BLOCK_MAX * BLOCK_MAX), r2: new Float64Array(BLOCK_MAX * BLOCK_MAX),
    nu: new Float64Array(BLOCK_MAX), col: new Float64Array(m + 2),
  } : null;
  const fail = (restarts: number, products: number): EigsResult => (
    { re: new Float64Array(0), im: new Float64Array(0), radius: NaN, converged: false, restarts, products, residual: NaN }
  );

  const randomUnit = (j: number): boolean => {
    // A direction orthogonal to v_0..v_{j-1}; five tries are plenty unless the space is full.
    for (let attempt = 0; attempt < 5; attempt++) {
      const x = basis.vec(j);
      for (let k = 0; k < n; k++) x[k] = rnd();
      if (j > 0) basis.orthogonalise(j, h);
      const nx = norm(x);
      if (nx > 1e-8) {
        for (let k = 0; k < n; k++) x[k]! /= nx;
        return true;
      }
    }
    return false;
  };
  if (!randomUnit(0)) return fail(0, 0);

  let products = 0;
  let locked = 0;
  let start = 0; // columns [0, start) of the Rayleigh quotient are set
  let sNorm = 0;
  for (let restart = 0; restart <= maxRestarts; restart++) {
    // Arnoldi from v_start to v_m.
    for (let j = start; j < m; j++) {
      if (blocks && m - j >= 2) {
        const step = blockStep(blocks, j, Math.min(blockSize, m - j), sNorm);
        products += step.products;
        if (step.taken < 0) return fail(restart, products);
        sNorm = step.sNorm;
        if (step.taken > 0) {
          j += step.taken - 1;
          continue;
        }
      }
      const x = basis.vec(j + 1);
      apply(basis.vec(j), x);
      products++;
      basis.orthogonalise(j + 1, h);
      const beta = norm(x);
      for (let i = 0; i <= j; i++) s[i * m + j] = h[i]!;
      for (let i = 0; i <= j; i++) sNorm = Math.max(sNorm, Math.abs(h[i]!));
      if (!Number.isFinite(beta) || !Number.isFinite(sNorm)) return fail(restart, products);
      if (beta > 1e-12 * Math.max(sNorm, Number.MIN_VALUE) || j + 1 === n) {
        s[(j + 1) * m + j] = beta;
        if (beta > 0) for (let k = 0; k < n; k++) x[k]! /= beta;
      } else {
        // Breakdown: span(v_0..v_j) is invariant. Continue in a fresh direction, uncoupled.
        s[(j + 1) * m + j] = 0;
        if (!randomUnit(j + 1)) return fail(restart, products);
      }
    }
    // Rayleigh quotient -> sorted Schur form; the residual row in the Schur basis.
    for (let r = 0; r < m; r++) t.set(s.subarray(r * m, (r + 1) * m), r * m);
    zt.fill(0);
    for (let r = 0; r < m; r++) zt[r * m + r] = 1;
    const from = locked; // Z is the identity on the locked block
    const schur = sortedSchur(t, m, from, zt, wr, wi);
    if (!schur.converged) return fail(restart, products);
    // brow = Z^T s_m for the residual's row s_m, whose only nonzero is usually its last entry.
    brow.fill(0);
    for (let j = 0; j < m; j++) {
      const sj = s[m * m + j]!;
      if (sj !== 0) for (let i = 0; i < m; i++) brow[i]! += sj * zt[i * m + j]!;
    }
    const lead = Math.hypot(wr[0]!, wi[0]!);
    const small = tol * Math.max(lead, sNorm * Number.EPSILON);
    // Lock the leading Schur vectors whose coupling is below the tolerance.
    let conv = 0;
    while (conv < m) {
      const bs = blockAt(t, m, conv);
      const r = Math.max(Math.abs(brow[conv]!), bs === 2 ? Math.abs(brow[conv + 1]!) : 0);
      if (!(r <= small)) break;
      conv += bs;
    }
    for (let i = 0; i < conv; i++) brow[i] = 0;
    locked = conv;
    // The guard eigenvalues only need to have settled loosely (they are not locked).
    let guarded = conv;
    while (guarded < wanted && guarded < m) {
      const bs = blockAt(t, m, guarded);
      const r = Math.max(Math.abs(brow[guarded]!), bs === 2 ? Math.abs(brow[guarded + 1]!) : 0);
      if (!(r <= (guardTol / tol) * small)) break;
      guarded += bs;
    }
    const ok = conv >= nev && guarded >= wanted;
    const done = ok || restart === maxRestarts;
    // Keep the locked vectors and a share of the rest, without splitting a 2 x 2 block.
    let p = done ? Math.max(conv, wanted) : Math.max(wanted + 1, conv + Math.floor((m - conv) * keep));
    p = Math.min(p, m - 1);
    if (p > 0 && p < m && t[p * m + p - 1] !== 0) p = p + 1 < m ? p + 1 : p - 1;
    if (p < 1) p = 1;
    basis.rotate(m, zt, p, Math.min(from, p));
    basis.vec(p).set(basis.vec(m));
    s.fill(0);
    for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) s[r * m + c] = t[r * m + c]!;
    for (let c = 0; c < p; c++) s[p * m + c] = brow[c]!;
    if (done) return finish(ok, restart, products, p);
    start = p;
  }
  return fail(maxRestarts, products);

  function finish(converged: boolean, restarts: number, prods: number, p: number): EigsResult {
    const count = Math.min(p, m);
    const re = wr.slice(0, count);
    const im = wi.slice(0, count);
    // Conjugate pairs: +i first (eig2x2 gives +i first already; keep it explicit).
    for (let i = 0; i + 1 < count; i++) {
      if (im[i]! < 0 && im[i + 1] === -im[i]! && re[i] === re[i + 1]) {
        im[i] = -im[i]!;
        im[i + 1] = -im[i + 1]!;
      }
    }
    let radius = 0;
    for (let i = 0; i < count; i++) radius = Math.max(radius, Math.hypot(re[i]!, im[i]!));
    const result: EigsResult = { re, im, radius, converged, restarts, products: prods + blockAt(t, m, 0), residual: leadingResidual(p, radius) };
    if (opts.vectors) {
      const bs = Math.min(blockAt(t, m, 0), p);
      result.leadingVectors = new Float64Array(bs * n);
      for (let c = 0; c < bs; c++) result.leadingVectors.set(basis.vec(c), c * n);
    }
    return result;
  }

  /** ||A U - U T11||_F / radius for U the leading Schur block's vectors, from fresh products. */
  function leadingResidual(p: number, radius: number): number {
    const bs = Math.min(blockAt(t, m, 0), p);
    const y = new Float64Array(n);
    let ss = 0;
    for (let c = 0; c < bs; c++) {
      apply(basis.vec(c), y);
      for (let r = 0; r < bs; r++) {
        const tr = t[r * m + c]!;
        const vr = basis.vec(r);
        for (let k = 0; k < n; k++) y[k]! -= tr * vr[k]!;
      }
      ss += norm(y) ** 2;
    }
    return radius > 0 ? Math.sqrt(ss) / radius : Math.sqrt(ss);
  }
}
