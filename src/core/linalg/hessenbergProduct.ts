/**
 * The power norms' structured product: P H for P with lower bandwidth bp and H upper Hessenberg
 * (or any lower bandwidth bh, for products of two powers), skipping both zero triangles (H^k has
 * lower bandwidth k, so each step costs about n^3 / 3 flops while k << n).
 */

const BJ = 256;
const BL = 128;

/**
 * c = p h for p with lower bandwidth bp (p[i][l] = 0 for l < i - bp) and h with lower bandwidth
 * bh (1: upper Hessenberg), exact zeros below its band, blocked like mulInto but skipping the
 * zero triangles.
 * Four rows of p meet four rows of h per pass (pairs, then single rows, at the end): each loaded
 * h value serves four rows of c, which cuts the loads per multiply-add (the product is bound by
 * loads, not arithmetic).
 */
export function mulHessenberg(p: Float64Array, h: Float64Array, c: Float64Array, n: number, bp: number, bh = 1): void {
  for (let j0 = 0; j0 < n; j0 += BJ) {
    const j1 = Math.min(n, j0 + BJ);
    for (let l0 = 0; l0 < n && l0 < j1 + bh; l0 += BL) {
      const l1 = Math.min(n, l0 + BL);
      const iEnd = Math.min(n, l1 + bp);
      let i = 0;
      // Rows after row i start later than it does; their entries before their band are exact zeros.
      for (; i + 3 < iEnd; i += 4) mulRowQuad(p, h, c, n, i, Math.max(l0, i - bp), l1, j0, j1, bh);
      for (; i + 1 < iEnd; i += 2) mulRowPair(p, h, c, n, i, Math.max(l0, i - bp), l1, j0, j1, bh);
      if (i < iEnd) mulRow(p, h, c, n, i, Math.max(l0, i - bp), l1, j0, j1, bh);
    }
  }
}

/** Rows i .. i + 3 of c += p[., lStart..l1) h[lStart..l1, j0..j1), four rows of h per pass. */
function mulRowQuad(p: Float64Array, h: Float64Array, c: Float64Array, n: number, i: number, lStart: number, l1: number, j0: number, j1: number, bh: number): void {
  const ca = i * n, cb = ca + n, cc = cb + n, cd = cc + n;
  let l = lStart;
  for (; l + 3 < l1; l += 4) {
    const a0 = p[ca + l]!, a1 = p[ca + l + 1]!, a2 = p[ca + l + 2]!, a3 = p[ca + l + 3]!;
    const b0 = p[cb + l]!, b1 = p[cb + l + 1]!, b2 = p[cb + l + 2]!, b3 = p[cb + l + 3]!;
    const c0 = p[cc + l]!, c1 = p[cc + l + 1]!, c2 = p[cc + l + 2]!, c3 = p[cc + l + 3]!;
    const d0 = p[cd + l]!, d1 = p[cd + l + 1]!, d2 = p[cd + l + 2]!, d3 = p[cd + l + 3]!;
    const h0 = l * n, h1 = h0 + n, h2 = h1 + n, h3 = h2 + n;
    for (let j = Math.max(j0, l - bh, 0); j < j1; j++) {
      const y0 = h[h0 + j]!, y1 = h[h1 + j]!, y2 = h[h2 + j]!, y3 = h[h3 + j]!;
      c[ca + j]! += a0 * y0 + a1 * y1 + a2 * y2 + a3 * y3;
      c[cb + j]! += b0 * y0 + b1 * y1 + b2 * y2 + b3 * y3;
      c[cc + j]! += c0 * y0 + c1 * y1 + c2 * y2 + c3 * y3;
      c[cd + j]! += d0 * y0 + d1 * y1 + d2 * y2 + d3 * y3;
    }
  }
  for (; l < l1; l++) {
    const a0 = p[ca + l]!, b0 = p[cb + l]!, c0 = p[cc + l]!, d0 = p[cd + l]!;
    const h0 = l * n;
    for (let j = Math.max(j0, l - bh, 0); j < j1; j++) {
      const y0 = h[h0 + j]!;
      c[ca + j]! += a0 * y0;
      c[cb + j]! += b0 * y0;
      c[cc + j]! += c0 * y0;
      c[cd + j]! += d0 * y0;
    }
  }
}

/** Rows i and i + 1 of c += p[., lStart..l1) h[lStart..l1, j0..j1). */
function mulRowPair(p: Float64Array, h: Float64Array, c: Float64Array, n: number, i: number, lStart: number, l1: number, j0: number, j1: number, bh: number): void {
  const ca = i * n;
  const cb = ca + n;
  let l = lStart;
  // Row l of h starts at column l - bh and the entries below its band are exact zeros, so all
  // four rows can start there.
  for (; l + 3 < l1; l += 4) {
    const a0 = p[ca + l]!, a1 = p[ca + l + 1]!, a2 = p[ca + l + 2]!, a3 = p[ca + l + 3]!;
    const b0 = p[cb + l]!, b1 = p[cb + l + 1]!, b2 = p[cb + l + 2]!, b3 = p[cb + l + 3]!;
    if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0 && b0 === 0 && b1 === 0 && b2 === 0 && b3 === 0) continue;
    const h0 = l * n, h1 = h0 + n, h2 = h1 + n, h3 = h2 + n;
    for (let j = Math.max(j0, l - bh, 0); j < j1; j++) {
      const y0 = h[h0 + j]!, y1 = h[h1 + j]!, y2 = h[h2 + j]!, y3 = h[h3 + j]!;
      c[ca + j]! += a0 * y0 + a1 * y1 + a2 * y2 + a3 * y3;
      c[cb + j]! += b0 * y0 + b1 * y1 + b2 * y2 + b3 * y3;
    }
  }
  for (; l < l1; l++) {
    const a0 = p[ca + l]!;
    const b0 = p[cb + l]!;
    if (a0 === 0 && b0 === 0) continue;
    const h0 = l * n;
    for (let j = Math.max(j0, l - bh, 0); j < j1; j++) {
      const y0 = h[h0 + j]!;
      c[ca + j]! += a0 * y0;
      c[cb + j]! += b0 * y0;
    }
  }
}

/** Row i of c += p[i, lStart..l1) h[lStart..l1, j0..j1). */
function mulRow(p: Float64Array, h: Float64Array, c: Float64Array, n: number, i: number, lStart: number, l1: number, j0: number, j1: number, bh: number): void {
  const ci = i * n;
  let l = lStart;
  for (; l + 3 < l1; l += 4) {
    const x0 = p[ci + l]!, x1 = p[ci + l + 1]!, x2 = p[ci + l + 2]!, x3 = p[ci + l + 3]!;
    if (x0 === 0 && x1 === 0 && x2 === 0 && x3 === 0) continue;
    const h0 = l * n, h1 = h0 + n, h2 = h1 + n, h3 = h2 + n;
    for (let j = Math.max(j0, l - bh, 0); j < j1; j++) {
      c[ci + j]! += x0 * h[h0 + j]! + x1 * h[h1 + j]! + x2 * h[h2 + j]! + x3 * h[h3 + j]!;
    }
  }
  for (; l < l1; l++) {
    const x0 = p[ci + l]!;
    if (x0 === 0) continue;
    const h0 = l * n;
    for (let j = Math.max(j0, l - bh, 0); j < j1; j++) c[ci + j]! += x0 * h[h0 + j]!;
  }
}
