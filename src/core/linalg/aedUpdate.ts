/**
 * The last step of aggressive early deflation: the rows above the window take its orthogonal
 * transform, h[r, c0 .. c0 + nw) <- h[r, c0 .. c0 + nw) Z. In the two-lane kernel when h lives in
 * its memory (a chunk of rows copied next to it at a time), else in the TypeScript loop.
 */
import { simdKernels, simdScratch } from './simdKernels';

/** Rows copied per kernel call. */
const CHUNK = 64;

/**
 * Rows [r0, c0) of h, columns [c0, c0 + nw), times Z, given zt = Z^T (row j = column j of Z).
 * The window itself (rows from c0 on) is already written.
 */
export function applyWindowTransform(h: Float64Array, n: number, r0: number, c0: number, zt: Float64Array, nw: number): void {
  const rows = c0 - r0;
  if (rows <= 0) return;
  const nw4 = (nw + 3) & ~3;
  // The window and zt occupy the first 2 nw^2 doubles of the scratch space (see aed.ts).
  const base = 2 * nw * nw;
  const scratch = simdScratch(h, n, base + nw4 * nw + CHUNK * nw4);
  const simd = scratch ? simdKernels() : null;
  if (!scratch || !simd) {
    rightMultiply(h, n, r0, c0, c0, transposeSquare(zt, nw), nw);
    return;
  }
  // Z padded with zero rows to a multiple of four, then the chunk of rows (zero padded too).
  const z = scratch.subarray(base, base + nw4 * nw);
  z.fill(0);
  for (let r = 0; r < nw; r++) for (let c = 0; c < nw; c++) z[c * nw + r] = zt[r * nw + c]!;
  const copy = scratch.subarray(base + nw4 * nw, base + nw4 * nw + CHUNK * nw4);
  const nwE = nw & ~1;
  for (let r = r0; r < c0; r += CHUNK) {
    const rr = Math.min(CHUNK, c0 - r);
    copy.fill(0);
    for (let q = 0; q < rr; q++) {
      const o = (r + q) * n + c0;
      copy.set(h.subarray(o, o + nw), q * nw4);
      h.fill(0, o, o + nw);
    }
    const rE = rr & ~1;
    if (rE > 0 && nwE > 0) {
      simd.gemmDst(h.byteOffset + (r * n + c0) * 8, n * 8, rE, copy.byteOffset, nw4 * 8, 8, z.byteOffset, nw * 8, nw4, 0, nwE * 8, 1);
    }
    // What the kernel leaves: an odd last row (all columns), an odd last column (other rows).
    for (let q = 0; q < rr; q++) {
      const o = (r + q) * n + c0;
      for (let c = q < rE ? nwE : 0; c < nw; c++) {
        let s = 0;
        for (let p = 0; p < nw; p++) s += copy[q * nw4 + p]! * z[p * nw + c]!;
        h[o + c] = s;
      }
    }
  }
}

/** The transpose of the nw x nw row-major m, as a new array. */
function transposeSquare(m: Float64Array, nw: number): Float64Array {
  const out = new Float64Array(nw * nw);
  for (let r = 0; r < nw; r++) for (let c = 0; c < nw; c++) out[c * nw + r] = m[r * nw + c]!;
  return out;
}

/**
 * h[r, c0 .. c0+nw) <- h[r, c0 .. c0+nw) z for rows [r0, r1): two rows and four rows of z per
 * pass, so each loaded entry of z serves two rows and each store four products.
 */
function rightMultiply(h: Float64Array, n: number, r0: number, r1: number, c0: number, z: Float64Array, nw: number): void {
  const a = new Float64Array(nw);
  const b = new Float64Array(nw);
  const p4 = nw - (nw % 4);
  for (let r = r0; r < r1; r += 2) {
    const two = r + 1 < r1;
    const oa = r * n + c0;
    const ob = two ? oa + n : oa;
    a.set(h.subarray(oa, oa + nw));
    b.set(h.subarray(ob, ob + nw));
    h.fill(0, oa, oa + nw);
    if (two) h.fill(0, ob, ob + nw);
    let p = 0;
    for (; p < p4; p += 4) {
      const a0 = a[p]!, a1 = a[p + 1]!, a2 = a[p + 2]!, a3 = a[p + 3]!;
      const b0 = two ? b[p]! : 0, b1 = two ? b[p + 1]! : 0, b2 = two ? b[p + 2]! : 0, b3 = two ? b[p + 3]! : 0;
      const z0 = p * nw, z1 = z0 + nw, z2 = z1 + nw, z3 = z2 + nw;
      for (let c = 0; c < nw; c++) {
        const y0 = z[z0 + c]!, y1 = z[z1 + c]!, y2 = z[z2 + c]!, y3 = z[z3 + c]!;
        h[oa + c]! += a0 * y0 + a1 * y1 + a2 * y2 + a3 * y3;
        if (two) h[ob + c]! += b0 * y0 + b1 * y1 + b2 * y2 + b3 * y3;
      }
    }
    for (; p < nw; p++) {
      const x = a[p]!;
      const y = two ? b[p]! : 0;
      const zo = p * nw;
      for (let c = 0; c < nw; c++) {
        h[oa + c]! += x * z[zo + c]!;
        if (two) h[ob + c]! += y * z[zo + c]!;
      }
    }
  }
}
