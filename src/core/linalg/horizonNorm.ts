/**
 * ‖H^K‖ alone, for a run chart that plots only the horizon's value: H^K along a short addition
 * chain of the Hessenberg form (powerChain.ts: at most 2 log2 K structured products instead of K,
 * and one Lanczos norm instead of K+1). Every power of the chain is kept, so that the caller can
 * bound ‖H^k‖ for every k <= K (submultiplicativity over sums of the chain's exponents) when the
 * whole curve would decide more. Every power stays in one memory (powerSpace.ts) until `release`.
 */
import { maxAbs, pow2Near } from './dense';
import { additionChain } from './powerChain';
import { powerSpace, type PowerSpace } from './powerSpace';

const LOG10_2 = Math.log10(2);
/** Settling tolerance of the Lanczos norms: the power norms' own (1e-13 relative). */
const NORM_TOL = 1e-13;
/** Slots kept for squaring the highest power further (each square overwrites the one before last). */
const SPARE_SLOTS = 2;

/** h^k = 10^log10Scale · (slot's entries), with lower bandwidth `band` and entries near 1. */
export interface ScaledPower {
  readonly k: number;
  readonly slot: number;
  readonly log10Scale: number;
  readonly band: number;
}

export interface HessenbergPowers {
  /** The chain's powers: h itself (unscaled) first, h^K last. */
  readonly chain: readonly ScaledPower[];
  readonly atK: ScaledPower;
  /** p^2 with its own scale (the square made before the last one is overwritten); undefined when it is exactly zero. */
  squared(p: ScaledPower): ScaledPower | undefined;
  /** log10 ‖p‖_2 (p's own scale included), its σ_max without the scale, and whether Lanczos settled (cold start). */
  normLog10(p: ScaledPower): { log10: number; value: number; converged: boolean };
  /** out = (p's entries) x, without p's scale. */
  matVec(p: ScaledPower, x: Float64Array, out: Float64Array): void;
  /** p's entries, row-major, without its scale (a copy). */
  entries(p: ScaledPower): Float64Array;
  /** Done: the powers' memory may serve the next call (no power may be used after it). */
  release(): void;
}

/**
 * The powers of an addition chain to K of an n x n upper Hessenberg h (exact zeros below the
 * subdiagonal), K >= 1. undefined when some power is exactly zero (then h^K is zero too).
 */
export function hessenbergPowers(h: Float64Array, n: number, K: number): HessenbergPowers | undefined {
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`hessenbergPowers: K must be a whole number >= 1, got ${K}`);
  if (maxAbs(h) === 0) return undefined;
  const steps = additionChain(K);
  const space = powerSpace(n, steps.length + SPARE_SLOTS);
  let done = false;
  try {
    // h itself, unscaled, so that its norm is the caller's sigma_max; element i in slot i.
    space.load(0, h);
    const chain: ScaledPower[] = [{ k: 1, slot: 0, log10Scale: 0, band: Math.min(n - 1, 1) }];
    for (let i = 1; i < steps.length; i++) {
      const { a, b } = steps[i]!;
      // The narrower (lower) power on the left keeps the product's tiles short.
      const next = times(space, n, chain[a]!, chain[b]!, i);
      if (!next) return undefined;
      chain.push(next);
    }
    done = true;
    return withSpace(space, n, chain, steps.length);
  } finally {
    if (!done) space.release();
  }
}

/** c = a b in slot c, normalised by the power of two nearest its largest entry; undefined when exactly zero. */
function times(space: PowerSpace, n: number, a: ScaledPower, b: ScaledPower, slot: number): ScaledPower | undefined {
  const m = space.multiply(a.slot, b.slot, slot, a.band, b.band);
  if (m === 0) return undefined;
  const g = pow2Near(m);
  if (g !== 1) space.scale(slot, 1 / g);
  return { k: a.k + b.k, slot, log10Scale: a.log10Scale + b.log10Scale + Math.log2(g) * LOG10_2, band: Math.min(n - 1, a.band + b.band) };
}

function withSpace(space: PowerSpace, n: number, chain: ScaledPower[], slots: number): HessenbergPowers {
  let spare = 0;
  return {
    chain,
    atK: chain[chain.length - 1]!,
    squared(p) {
      const slot = slots + (spare++ % SPARE_SLOTS);
      return times(space, n, p, p, slot);
    },
    normLog10(p) {
      const { value, converged } = space.norm(p.slot, p.band, NORM_TOL);
      return { log10: Math.log10(value) + p.log10Scale, value, converged };
    },
    matVec: (p, x, out) => space.matVec(p.slot, p.band, x, out),
    entries: (p) => space.entries(p.slot),
    release: () => space.release(),
  };
}
