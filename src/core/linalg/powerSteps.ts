/**
 * The exact route of the power norms, one step at a time: sigma_max of the current power p (by
 * Lanczos, warm-started from the previous power's vector), then p <- p f. f is the matrix (or its
 * Hessenberg form) scaled near 1, with lower bandwidth `fBand` (1 for Hessenberg, n - 1 dense); p
 * = f^k then has lower bandwidth min(n - 1, k fBand) and both products skip the zero triangles.
 * Two implementations compute the same thing: the WebAssembly kernels (the matrices and the
 * Lanczos basis in one memory, products tiled through the two-lane gemm kernel) and TypeScript
 * loops where WebAssembly SIMD is missing.
 */
import { maxAbs, mulInto } from './dense';
import { bandedSpectralNorm } from './bandNorm';
import { mulHessenberg } from './hessenbergProduct';
import { normArena } from './normLanczos';

export interface StepNorm {
  value: number;
  vector: Float64Array | undefined;
  converged: boolean;
}

export interface PowerStepper {
  /** sigma_max of p (lower bandwidth `band`) to `tol` relative, warm-started from `start`. */
  norm(band: number, start: Float64Array | undefined, tol: number): StepNorm;
  /** p <- p f for p of lower bandwidth `band`; returns max |p_ij| of the new p. */
  advance(band: number): number;
  /** p <- p s (s a power of two: exact). */
  scale(s: number): void;
  /** Done: its memory may serve the next stepper. */
  release(): void;
}

/** Lanczos basis vectors kept (a run that needs more falls back to the TypeScript routine). */
const MAX_STEPS = 512;
/** Product tiles: BJ columns of f by BL of its rows (BL a multiple of 4), measured at n = 2048. */
const BJ = 256;
const BL = 128;

/** TypeScript loops on ordinary arrays. */
export function typedStepper(f: Float64Array, n: number, fBand: number): PowerStepper {
  let p = Float64Array.from(f);
  let next = new Float64Array(n * n);
  return {
    norm(band, start, tol) {
      const r = bandedSpectralNorm(p, n, band, { start, wantVector: true, tol });
      return { value: r.values[0]!, vector: r.vector, converged: r.converged };
    },
    advance(band) {
      next.fill(0);
      if (fBand >= n - 1) mulInto(p, f, next, n, n, n);
      else mulHessenberg(p, f, next, n, band);
      [p, next] = [next, p];
      return maxAbs(p);
    },
    scale(s) {
      for (let i = 0; i < p.length; i++) p[i]! *= s;
    },
    release() {
      // ordinary arrays: the GC takes them
    },
  };
}

/** The WebAssembly kernels, or null where they are unavailable (or the memory is not to be had). */
export function wasmStepper(f: Float64Array, n: number, fBand: number): PowerStepper | null {
  // Matrices 0 = f, 1 = p, 2 = the next power.
  const arena = normArena(n, 3, MAX_STEPS);
  if (!arena) return null;
  const { f: mem, np, stride, kernels } = arena;
  const F = arena.matrix(0);
  let P = arena.matrix(1);
  let C = arena.matrix(2);
  const words = np * np;
  for (let i = 0; i < n; i++) {
    mem.set(f.subarray(i * n, (i + 1) * n), F / 8 + i * np);
    mem.set(f.subarray(i * n, (i + 1) * n), P / 8 + i * np);
  }
  const copyOut = (): Float64Array => {
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++) out.set(mem.subarray(P / 8 + i * np, P / 8 + i * np + n), i * n);
    return out;
  };
  return {
    norm(band, start, tol) {
      const r = arena.sigmaMax(P, band, start, tol);
      if (r) return r;
      // A breakdown (an invariant subspace) or a slow run: the general routine handles both.
      const g = bandedSpectralNorm(copyOut(), n, band, { start, wantVector: true, tol });
      return { value: g.values[0]!, vector: g.vector, converged: g.converged };
    },
    advance(band) {
      mem.fill(0, C / 8, C / 8 + words);
      for (let j0 = 0; j0 < np; j0 += BJ) {
        const j1 = Math.min(np, j0 + BJ);
        for (let l0 = 0; l0 < np; l0 += BL) {
          const l1 = Math.min(np, l0 + BL);
          // Rows of f from l0 are zero left of column l0 - fBand; rows of p below l1 + band are
          // zero in columns < l1. Lane-aligned: even column and row counts.
          const c0 = Math.max(j0, Math.max(0, l0 - fBand) & ~1);
          if (c0 >= j1) continue;
          const rows = Math.min(np, (l1 + band + 1) & ~1);
          kernels.gemm(C, stride, rows, P + 8 * l0, stride, 8, F + l0 * stride, stride, l1 - l0, 8 * c0, 8 * j1, 1);
        }
      }
      [P, C] = [C, P];
      return kernels.maxAbs(P, 8 * words);
    },
    scale(s) {
      kernels.scale(P, s, 8 * words);
    },
    release: () => arena.release(),
  };
}
