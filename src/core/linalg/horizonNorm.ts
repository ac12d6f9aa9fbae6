/**
 * ‖H^K‖ alone, for a run chart that plots only the horizon's value: H^K by repeated squaring of
 * the Hessenberg form (about 2 log2 K structured products instead of K, and one Lanczos norm
 * instead of K+1). The squares H^(2^j) are kept so that the caller can bound ‖H^k‖ for every
 * k <= K (submultiplicativity over K's binary digits) when the whole curve would decide more.
 */
import { maxAbs, pow2Near } from './dense';
import { bandedSpectralNorm } from './bandNorm';
import { bandedProduct, type BandedProduct } from './powerProduct';
import { normWorkspace, type NormWorkspace } from './normLanczos';
import { WASM_NORMS_UP_TO } from './powerNorms';

const LOG10_2 = Math.log10(2);

/** h^k = 10^log10Scale · data, where data has lower bandwidth `band` and entries near 1. */
export interface ScaledPower {
  readonly k: number;
  readonly data: Float64Array;
  readonly log10Scale: number;
  readonly band: number;
}

export interface BinaryPowers {
  /** h^(2^j) for j = 0 .. floor(log2 K). */
  readonly squares: readonly ScaledPower[];
  readonly atK: ScaledPower;
}

/** Normalises c by the power of two nearest its largest entry; undefined when c is exactly zero. */
function normalised(c: Float64Array, k: number, log10Scale: number, band: number): ScaledPower | undefined {
  const m = maxAbs(c);
  if (m === 0) return undefined;
  const g = pow2Near(m);
  if (g !== 1) {
    const inv = 1 / g;
    for (let i = 0; i < c.length; i++) c[i]! *= inv;
  }
  return { k, data: c, log10Scale: log10Scale + Math.log2(g) * LOG10_2, band };
}

function times(a: ScaledPower, b: ScaledPower, n: number, product: BandedProduct): ScaledPower | undefined {
  const c = new Float64Array(n * n);
  product.multiply(a.data, b.data, c, a.band, b.band);
  return normalised(c, a.k + b.k, a.log10Scale + b.log10Scale, Math.min(n - 1, a.band + b.band));
}

/**
 * h^(2^j) and h^K for an n x n upper Hessenberg h (exact zeros below the subdiagonal), K >= 1.
 * undefined when some power is exactly zero (then h^K is zero too).
 */
export function binaryPowers(h: Float64Array, n: number, K: number): BinaryPowers | undefined {
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`binaryPowers: K must be a whole number >= 1, got ${K}`);
  // h itself, unscaled (not copied: nothing here writes to it), so its norm is the caller's sigma_max.
  if (maxAbs(h) === 0) return undefined;
  const product = bandedProduct(n);
  try {
    return powersOf(h, n, K, product);
  } finally {
    product.release();
  }
}

/** p^2 with its own scale; undefined when it is exactly zero. */
export function squared(p: ScaledPower, n: number): ScaledPower | undefined {
  const product = bandedProduct(n);
  try {
    return times(p, p, n, product);
  } finally {
    product.release();
  }
}

function powersOf(h: Float64Array, n: number, K: number, product: BandedProduct): BinaryPowers | undefined {
  const squares: ScaledPower[] = [{ k: 1, data: h, log10Scale: 0, band: Math.min(n - 1, 1) }];
  while (2 * (squares[squares.length - 1] as ScaledPower).k <= K) {
    const last = squares[squares.length - 1] as ScaledPower;
    const next = times(last, last, n, product);
    if (!next) return undefined;
    squares.push(next);
  }
  // K's binary digits, lowest first: the narrow factors on the left keep the products banded.
  let acc: ScaledPower | undefined;
  for (let j = 0; j < squares.length; j++) {
    if (((K >> j) & 1) === 0) continue;
    const sq = squares[j] as ScaledPower;
    acc = acc === undefined ? sq : times(acc, sq, n, product);
    if (!acc) return undefined;
  }
  return { squares, atK: acc as ScaledPower };
}

/** A workspace for the Lanczos norms of n x n powers (null: the TypeScript routine is used). */
export const powerNormWorkspace = (n: number): NormWorkspace | null => (n >= 8 && n <= WASM_NORMS_UP_TO ? normWorkspace(n) : null);

/**
 * log10 ‖p‖_2 (p's own scale included) and whether Lanczos converged, with the tolerance the
 * power norms use (1e-13 relative), from a cold start as their k = 1 step is.
 */
export function powerNormLog10(p: ScaledPower, n: number, ws: NormWorkspace | null): { log10: number; value: number; converged: boolean } {
  ws?.load(p.data);
  const fast = ws?.sigmaMax(undefined, 1e-13);
  if (fast) return { log10: Math.log10(fast.value) + p.log10Scale, value: fast.value, converged: fast.converged };
  const lz = bandedSpectralNorm(p.data, n, p.band, { tol: 1e-13 });
  const value = lz.values[0] ?? 0;
  return { log10: Math.log10(value) + p.log10Scale, value, converged: lz.converged };
}
