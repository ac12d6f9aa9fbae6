/**
 * Eigenvalues of a Hessenberg matrix for large n: aggressive early deflation on a trailing
 * window, then double-shift sweeps with the window's undeflated eigenvalues as shifts (the
 * dlaqr0 strategy without its level-3 bulge packing). Blocks below NMIN go to the plain
 * double-shift iteration, which is also the fallback when progress stalls.
 */
import { aggressiveDeflation } from './aed';
import { bulgeStart, findSplit, francisQR, type FrancisResult } from './francis';
import { chaseBulge } from './bulge';
import { defaultMaxIterations, NMIN, STALL } from './tuning';


/** Shifts per sweep round for an active block of the given size (LAPACK's iparmq table, roughly). */
function shiftCount(size: number): number {
  if (size < 150) return 10;
  if (size < 590) return Math.max(10, 2 * Math.round(size / Math.log2(size) / 2));
  if (size < 3000) return 64;
  return 128;
}

export function multishiftQR(h: Float64Array, n: number, wr: Float64Array, wi: Float64Array, maxIterations?: number): FrancisResult {
  const itmax = maxIterations ?? defaultMaxIterations(n);
  let iterations = 0;
  let stalled = 0;
  let i = n - 1;
  while (i >= 0) {
    const l = findSplit(h, n, 0, i);
    if (l > 0) h[l * n + l - 1] = 0;
    const size = i - l + 1;
    if (size < NMIN || stalled >= STALL) {
      const r = francisQR(h, n, wr, wi, { lo: l, hi: i, maxIterations: itmax - iterations });
      iterations += r.iterations;
      if (!r.converged) return { converged: false, iterations };
      i = l - 1;
      stalled = 0;
      continue;
    }
    if (iterations >= itmax) return { converged: false, iterations };
    const ns = shiftCount(size);
    const nw = Math.min(size, size > 500 ? Math.ceil(1.5 * ns) : ns + 2);
    const aed = aggressiveDeflation(h, n, l, i, nw, wr, wi);
    iterations++;
    if (!aed.ok) {
      stalled = STALL;
      continue;
    }
    i -= aed.nd;
    stalled = aed.nd > 0 ? 0 : stalled + 1;
    // Many deflations: the window is worth another look before sweeping (LAPACK's "nibble").
    if (aed.nd * 100 > 14 * nw) continue;
    const shifts = pairShifts(aed.shiftRe, aed.shiftIm, ns);
    for (const [r1, i1, r2, i2] of shifts) {
      if (iterations >= itmax) break;
      const lo = findSplit(h, n, l, i);
      if (lo > l) h[lo * n + lo - 1] = 0;
      if (i - lo + 1 < NMIN) break;
      const [m, v0, v1, v2] = bulgeStart(h, n, lo, i, r1, i1, r2, i2);
      chaseBulge(h, n, lo, m, i, lo, i, v0, v1, v2);
      iterations++;
    }
  }
  return { converged: true, iterations };
}

/**
 * Up to `ns` shifts from the bottom of the candidates, as double shifts: a conjugate pair
 * together, real shifts two by two.
 */
function pairShifts(re: Float64Array, im: Float64Array, ns: number): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  let pendingReal: number | undefined;
  let used = 0;
  for (let j = re.length - 1; j >= 0 && used < ns; j--) {
    if (im[j]! !== 0 && j > 0 && im[j - 1] === -im[j]!) {
      out.push([re[j - 1]!, im[j - 1]!, re[j]!, im[j]!]);
      j--;
      used += 2;
    } else if (pendingReal === undefined) {
      pendingReal = re[j]!;
    } else {
      out.push([pendingReal, 0, re[j]!, 0]);
      pendingReal = undefined;
      used += 2;
    }
  }
  return out;
}
