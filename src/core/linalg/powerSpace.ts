/**
 * The powers of a Hessenberg form that a run-chart point needs (horizonNorm.ts), each in a slot of
 * one memory, and everything done with them there: products of two powers (through the two-lane
 * gemm kernel of normKernels.ts, tile by tile, skipping the zero triangles: about n^3 / 6
 * multiply-adds once the bands are wide), their σ_max (Lanczos in the same memory) and their
 * products with vectors (Krylov–Schur on the highest power). Nothing is copied between the steps,
 * which at n = 256 cost as much as a third of the products. Without WebAssembly SIMD the
 * TypeScript routines compute the same things on ordinary arrays.
 */
import { bandedSpectralNorm } from './bandNorm';
import { maxAbs } from './dense';
import { mulHessenberg } from './hessenbergProduct';
import { normArena } from './normLanczos';

/** Rows of the right factor per gemm call (a multiple of 4): thin tiles skip most of the zero triangles (8: 1.5x the TypeScript product at n = 256). */
const TILE_ROWS = 8;
/** Lanczos steps kept for a norm (a run that needs more falls back to the TypeScript routine, as powerSteps.ts does). */
const MAX_LANCZOS = 512;

export interface PowerSpace {
  /** Slot s := a (n x n row-major). */
  load(slot: number, a: Float64Array): void;
  /** Slot c := slot a times slot b (lower bandwidths ba and bb: exact zeros below); returns max |c_ij|. */
  multiply(a: number, b: number, c: number, ba: number, bb: number): number;
  /** Slot s *= f (f a power of two: exact). */
  scale(slot: number, f: number): void;
  /** σ_max of slot s (lower bandwidth `band`), settled to `tol` relative, from a cold start. */
  norm(slot: number, band: number, tol: number): { value: number; converged: boolean };
  /** out = (slot s) x. */
  matVec(slot: number, band: number, x: Float64Array, out: Float64Array): void;
  /** Slot s, row-major (a copy). */
  entries(slot: number): Float64Array;
  /** Done: the memory may serve the next space (this one must not be used again). */
  release(): void;
}

/** `slots` n x n slots: in the kernels' memory where it can be had, else ordinary arrays. */
export function powerSpace(n: number, slots: number): PowerSpace {
  return (n >= 8 ? kernelSpace(n, slots) : null) ?? typedSpace(n, slots);
}

const typedNorm = (p: Float64Array, n: number, band: number, tol: number): { value: number; converged: boolean } => {
  const lz = bandedSpectralNorm(p, n, band, { tol });
  return { value: lz.values[0] ?? 0, converged: lz.converged };
};

/** Ordinary arrays and TypeScript loops (where WebAssembly SIMD is missing; exported for the tests that compare both). */
export function typedSpace(n: number, slots: number): PowerSpace {
  const m: Float64Array[] = Array.from({ length: slots }, () => new Float64Array(0));
  const at = (s: number): Float64Array => {
    if (m[s]!.length !== n * n) m[s] = new Float64Array(n * n);
    return m[s]!;
  };
  return {
    load: (s, a) => at(s).set(a),
    multiply(a, b, c, ba, bb) {
      const out = at(c).fill(0);
      mulHessenberg(at(a), at(b), out, n, ba, bb);
      return maxAbs(out);
    },
    scale(s, f) {
      const p = at(s);
      for (let i = 0; i < p.length; i++) p[i]! *= f;
    },
    norm: (s, band, tol) => typedNorm(at(s), n, band, tol),
    matVec(s, band, x, out) {
      const p = at(s);
      for (let i = 0; i < n; i++) {
        const row = i * n;
        let acc = 0;
        for (let j = Math.max(0, i - band); j < n; j++) acc += p[row + j]! * x[j]!;
        out[i] = acc;
      }
    },
    entries: (s) => Float64Array.from(at(s)),
    release() {
      // ordinary arrays: the GC takes them
    },
  };
}

/** The kernels' memory, or null where it cannot be had. */
export function kernelSpace(n: number, slots: number): PowerSpace | null {
  // One more matrix's room for the vectors of matVec. Each slot is cleared when written, so a
  // reused memory is not cleared first.
  const arena = normArena(n, slots + 1, Math.min(n, MAX_LANCZOS), false);
  if (!arena) return null;
  const { f, np, stride, kernels } = arena;
  const words = np * np;
  const addr = (s: number): number => arena.matrix(s);
  const X = arena.matrix(slots), Y = X + stride;
  // x's padding: exact zeros, as the kernel runs over whole lanes.
  f.fill(0, X / 8 + n, X / 8 + np);
  const entries = (s: number): Float64Array => {
    const out = new Float64Array(n * n);
    const a = addr(s) / 8;
    for (let i = 0; i < n; i++) out.set(f.subarray(a + i * np, a + i * np + n), i * n);
    return out;
  };
  return {
    load(s, a) {
      const base = addr(s) / 8;
      // Padding (columns and rows n..np) is exact zeros: the kernels run over whole lanes.
      f.fill(0, base, base + words);
      for (let i = 0; i < n; i++) f.set(a.subarray(i * n, (i + 1) * n), base + i * np);
    },
    multiply(a, b, c, ba, bb) {
      const A = addr(a), B = addr(b), C = addr(c);
      f.fill(0, C / 8, C / 8 + words);
      for (let l0 = 0; l0 < np; l0 += TILE_ROWS) {
        const l1 = Math.min(np, l0 + TILE_ROWS);
        // Rows of b from l0 are zero left of column l0 - bb; rows of a from l1 + ba on are zero
        // in columns < l1. Lane-aligned: even first column and row count.
        const c0 = Math.max(0, l0 - bb) & ~1;
        const rows = Math.min(np, (l1 + ba + 1) & ~1);
        kernels.gemm(C, stride, rows, A + 8 * l0, stride, 8, B + l0 * stride, stride, l1 - l0, 8 * c0, 8 * np, 1);
      }
      return maxAbs(f.subarray(C / 8, C / 8 + words));
    },
    scale: (s, factor) => kernels.scale(addr(s), factor, 8 * words),
    norm(s, band, tol) {
      // null: a breakdown (an invariant subspace) or a slow run; the general routine handles both.
      return arena.sigmaMax(addr(s), band, undefined, tol) ?? typedNorm(entries(s), n, band, tol);
    },
    matVec(s, band, x, out) {
      f.set(x, X / 8);
      kernels.matvecBand(Y, addr(s), n, stride, X, band);
      out.set(f.subarray(Y / 8, Y / 8 + n));
    },
    entries,
    release: () => arena.release(),
  };
}
