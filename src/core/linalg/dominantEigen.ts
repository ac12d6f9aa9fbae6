/**
 * The spectral radius of an upper Hessenberg H without its whole spectrum, with a certificate.
 * The eigenvalues of H^k are λ^k, so a high power (already formed as a square for ‖H^T‖)
 * separates the dominant eigenvalue from a crowded rim, and Krylov–Schur finds it in a few
 * O(n^2) products. The power alone loses digits on a non-normal H, so its leading Schur vectors
 * only seed Rayleigh quotient iteration on H itself (O(n^2) solves with H - σI). The answer
 * stands only when the power's next eigenvalue is clearly smaller, the eigenpair's residual is
 * at rounding level (n ε ‖H‖_F), its condition number is modest (so the full solve would give
 * the same digits) and its modulus agrees with the power's; otherwise (moduli crowded on one
 * circle, no convergence, anything unusual) the caller solves in full.
 */
import { largestEigenvalues, type Operator } from '../sparse/krylovSchur';
import { frobeniusNorm } from './dense';
import type { ScaledPower } from './horizonNorm';
import { shiftedSolver, solverSpace } from './shiftedSolve';

/**
 * Krylov–Schur on the power: a small basis and few restarts, since the power separates; the next
 * two eigenvalues settle loosely, so that the separation test below sees the real rim. The basis
 * stays in TypeScript: at this size a fresh WebAssembly memory per call costs more than it saves.
 */
const KRYLOV = { nev: 1, guard: 2, guardTol: 1e-6, ncv: 20, tol: 1e-10, maxRestarts: 12, seed: 0x5eed, wasm: false } as const;
/** Rayleigh quotient iterations on H (each converges the digits about quadratically). */
const MAX_RQI = 4;
/** Largest eigenvalue condition number accepted: beyond it the full solve's own rounding differs. */
const MAX_CONDITION = 100;
/** The refined modulus and the power's Ritz value's k-th root must agree this closely (relative). */
const AGREE = 1e-6;
/** The power must be at least this high for the dominant eigenvalue to separate. */
const MIN_POWER = 4;
/**
 * The next eigenvalue of the power must be this much smaller than the dominant one: on a spectrum
 * crowded near one circle (orthogonal plus a drift) a small basis can settle on the second
 * largest and miss the largest, which the residual cannot see.
 */
const SEPARATED = 0.9;

export interface DominantEigenvalue {
  readonly re: number;
  readonly im: number;
  /** ‖H x - λ x‖ for the unit right eigenvector x. */
  readonly residual: number;
  /** 1 / |y^H x| for the unit left and right eigenvectors. */
  readonly condition: number;
}

/** Why no certified value: the caller falls back to the full eigenvalue solve. */
export type Uncertified = 'power too low' | 'not separated' | 'no convergence' | 'residual' | 'condition' | 'disagrees with the power';

/**
 * The dominant eigenvalue of n x n upper Hessenberg h, given `top` = h^k (k >= 4, its own scale)
 * and `apply`, the product with top's entries, or the reason it is not certified. Every loop has
 * a fixed cap.
 */
export function dominantEigenvalue(h: Float64Array, n: number, top: ScaledPower, apply: Operator): DominantEigenvalue | Uncertified {
  if (top.k < MIN_POWER || n < 2) return 'power too low';
  const ks = largestEigenvalues(n, apply, { ...KRYLOV, vectors: true });
  const u = ks.leadingVectors;
  if (!ks.converged || !u || !(ks.radius > 0)) return 'no convergence';
  const next = Math.hypot(ks.re[u.length / n] ?? 0, ks.im[u.length / n] ?? 0);
  if (!(next <= SEPARATED * ks.radius)) return 'not separated';
  const frob = frobeniusNorm({ rows: n, cols: n, data: h });
  const tiny = Number.EPSILON * frob;
  const certify = n * Number.EPSILON * frob;
  // Start: the dominant eigenpair of B = U^T H U on the power's Schur block.
  const start = seedFromBlock(h, n, u);
  if (!start) return 'no convergence';
  const { xr, xi } = start;
  let sr = start.re, si = start.im;
  const hxr = new Float64Array(n), hxi = new Float64Array(n);
  let residual = Infinity;
  const space = solverSpace(n);
  let solver = shiftedSolver(h, n, sr, si, tiny, space);
  for (let it = 0; it < MAX_RQI; it++) {
    solver.solve(xr, xi);
    if (!normalise(xr, xi)) return 'no convergence';
    // σ = x^H H x; residual ‖H x - σ x‖.
    hessenbergMatVec(h, n, xr, hxr);
    hessenbergMatVec(h, n, xi, hxi);
    [sr, si] = dotH(xr, xi, hxr, hxi);
    residual = residualNorm(xr, xi, hxr, hxi, sr, si);
    if (!Number.isFinite(residual)) return 'no convergence';
    if (residual <= certify) break;
    solver = shiftedSolver(h, n, sr, si, tiny, space);
  }
  if (!(residual <= certify)) return 'residual';
  // The left eigenvector: one inverse-iteration step with the adjoint, from x.
  const yr = Float64Array.from(xr), yi = Float64Array.from(xi);
  solver.solveAdjoint(yr, yi);
  if (!normalise(yr, yi)) return 'no convergence';
  const [cr, ci] = dotH(yr, yi, xr, xi);
  const condition = 1 / Math.hypot(cr, ci);
  if (!(condition <= MAX_CONDITION)) return 'condition';
  // Two-sided Rayleigh quotient y^H H x / y^H x: its error is second order in both vectors'.
  const [nr, ni] = dotH(yr, yi, hxr, hxi);
  const d = cr * cr + ci * ci;
  const re = (nr * cr + ni * ci) / d, im = (ni * cr - nr * ci) / d;
  const powerRoot = Math.exp((Math.log(ks.radius) + top.log10Scale * Math.LN10) / top.k);
  if (!(Math.abs(Math.hypot(re, im) - powerRoot) <= AGREE * powerRoot)) return 'disagrees with the power';
  return { re, im, residual, condition };
}

/** out = h x for upper Hessenberg h (zeros left of the subdiagonal skipped). */
function hessenbergMatVec(h: Float64Array, n: number, x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let acc = 0;
    for (let j = Math.max(0, i - 1); j < n; j++) acc += h[row + j]! * x[j]!;
    out[i] = acc;
  }
}

/** a^H b for complex vectors held as (re, im) pairs. */
function dotH(ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array): [number, number] {
  let r = 0, i = 0;
  for (let k = 0; k < ar.length; k++) {
    r += ar[k]! * br[k]! + ai[k]! * bi[k]!;
    i += ar[k]! * bi[k]! - ai[k]! * br[k]!;
  }
  return [r, i];
}

/** Scales to unit length; false when the vector is zero or not finite. */
function normalise(re: Float64Array, im: Float64Array): boolean {
  let big = 0;
  for (let k = 0; k < re.length; k++) big = Math.max(big, Math.abs(re[k]!), Math.abs(im[k]!));
  if (!(big > 0 && Number.isFinite(big))) return false;
  let s = 0;
  for (let k = 0; k < re.length; k++) s += (re[k]! / big) ** 2 + (im[k]! / big) ** 2;
  const inv = 1 / (big * Math.sqrt(s));
  for (let k = 0; k < re.length; k++) {
    re[k]! *= inv;
    im[k]! *= inv;
  }
  return true;
}

function residualNorm(xr: Float64Array, xi: Float64Array, hxr: Float64Array, hxi: Float64Array, sr: number, si: number): number {
  let s = 0;
  for (let k = 0; k < xr.length; k++) {
    const rr = hxr[k]! - (sr * xr[k]! - si * xi[k]!);
    const ri = hxi[k]! - (sr * xi[k]! + si * xr[k]!);
    s += rr * rr + ri * ri;
  }
  return Math.sqrt(s);
}

/**
 * The dominant eigenvalue of B = U^T H U (1 x 1 or 2 x 2) and its eigenvector U z, complex: the
 * start of the iteration on H. undefined when B is not finite.
 */
function seedFromBlock(h: Float64Array, n: number, u: Float64Array): { re: number; im: number; xr: Float64Array; xi: Float64Array } | undefined {
  const bs = u.length / n;
  const hu = new Float64Array(n);
  const b = new Float64Array(bs * bs);
  for (let c = 0; c < bs; c++) {
    hessenbergMatVec(h, n, u.subarray(c * n, (c + 1) * n), hu);
    for (let r = 0; r < bs; r++) {
      let acc = 0;
      for (let k = 0; k < n; k++) acc += u[r * n + k]! * hu[k]!;
      b[r * bs + c] = acc;
    }
  }
  if (!b.every(Number.isFinite)) return undefined;
  const xr = new Float64Array(n), xi = new Float64Array(n);
  if (bs === 1) {
    xr.set(u);
    return { re: b[0]!, im: 0, xr, xi };
  }
  const [b00, b01, b10, b11] = b as unknown as [number, number, number, number];
  const half = (b00 + b11) / 2;
  const disc = ((b00 - b11) / 2) ** 2 + b01 * b10;
  let re: number, im: number;
  if (disc >= 0) {
    const root = Math.sqrt(disc);
    re = half >= 0 ? half + root : half - root;
    im = 0;
  } else {
    re = half;
    im = Math.sqrt(-disc);
  }
  // z solves (B - λ I) z = 0: (b01, λ - b00), or (λ - b11, b10) when that is larger.
  let zr0 = b01, zi0 = 0, zr1 = re - b00, zi1 = im;
  const alt = Math.hypot(re - b11, im) + Math.abs(b10);
  if (alt > Math.hypot(zr0) + Math.hypot(zr1, zi1)) {
    zr0 = re - b11; zi0 = im; zr1 = b10; zi1 = 0;
  }
  for (let k = 0; k < n; k++) {
    const u0 = u[k]!, u1 = u[n + k]!;
    xr[k] = zr0 * u0 + zr1 * u1;
    xi[k] = zi0 * u0 + zi1 * u1;
  }
  return { re, im, xr, xi };
}
