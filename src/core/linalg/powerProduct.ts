/**
 * Products of two powers of a Hessenberg form (lower bandwidths bp and bh) for repeated squaring,
 * through the two-lane gemm kernel of normKernels.ts in one arena: the operands are copied in
 * (O(n^2)), the product (about n^3 / 6 multiply-adds once the bands are wide) runs in the kernel
 * tile by tile, skipping the zero triangles, and is copied out. Without WebAssembly SIMD the
 * TypeScript product of hessenbergProduct.ts computes the same thing.
 */
import { mulHessenberg } from './hessenbergProduct';
import { normArena } from './normLanczos';

/** Rows of the right factor per gemm call (a multiple of 4): thin tiles skip most of the zero triangles (8: 1.5x the TypeScript product at n = 256). */
const TILE_ROWS = 8;

export interface BandedProduct {
  /** c = p h, c zeroed first; p has lower bandwidth bp, h has bh (exact zeros below). */
  multiply(p: Float64Array, h: Float64Array, c: Float64Array, bp: number, bh: number): void;
  /** Done: the arena's memory may serve the next one. */
  release(): void;
}

const typed = (n: number): BandedProduct => ({
  multiply(p, h, c, bp, bh) {
    c.fill(0);
    mulHessenberg(p, h, c, n, bp, bh);
  },
  release() {
    // ordinary arrays: the GC takes them
  },
});

/** The product for n x n operands: in the kernels where they run, else in TypeScript. */
export function bandedProduct(n: number): BandedProduct {
  const arena = n >= 8 ? normArena(n, 3, 1) : null;
  if (!arena) return typed(n);
  const { f, np, stride, kernels } = arena;
  const [P, H, C] = [arena.matrix(0), arena.matrix(1), arena.matrix(2)];
  const load = (addr: number, a: Float64Array): void => {
    for (let i = 0; i < n; i++) f.set(a.subarray(i * n, (i + 1) * n), addr / 8 + i * np);
  };
  return {
    multiply(p, h, c, bp, bh) {
      load(P, p);
      load(H, h);
      f.fill(0, C / 8, C / 8 + np * np);
      for (let l0 = 0; l0 < np; l0 += TILE_ROWS) {
        const l1 = Math.min(np, l0 + TILE_ROWS);
        // Rows of h from l0 are zero left of column l0 - bh; rows of p from l1 + bp on are zero
        // in columns < l1. Lane-aligned: even first column and row count.
        const c0 = Math.max(0, l0 - bh) & ~1;
        const rows = Math.min(np, (l1 + bp + 1) & ~1);
        kernels.gemm(C, stride, rows, P + 8 * l0, stride, 8, H + l0 * stride, stride, l1 - l0, 8 * c0, 8 * np, 1);
      }
      for (let i = 0; i < n; i++) c.set(f.subarray(C / 8 + i * np, C / 8 + i * np + n), i * n);
    },
    release: () => arena.release(),
  };
}
