/**
 * Swapping adjacent diagonal blocks (1x1 or 2x2) of a real quasi-triangular Schur form T, with
 * the transform also applied to the columns of Z (the direct swapping method of Bai & Demmel:
 * solve a small Sylvester equation, then an orthogonal basis of the moved invariant subspace).
 * Used by aggressive early deflation to move undeflatable eigenvalues out of the way. Z is held
 * transposed (zt, row j = column j of Z) so that a swap updates two to four contiguous rows.
 */

const EPS = Number.EPSILON;

// Scratch space for blocks of at most 2 + 2 rows: swaps are frequent and tiny.
const SM = new Float64Array(16);
const SX = new Float64Array(4);
const SG = new Float64Array(8);
const SQ = new Float64Array(16);
const SV = new Float64Array(4);
const SD = new Float64Array(16);
const ST = new Float64Array(16);

/** Solves the m x m system a x = b (row-major) in place by partial pivoting; tiny pivots are perturbed. */
function solveSmall(a: Float64Array, b: Float64Array, m: number): void {
  let norm = 0;
  for (let i = 0; i < m * m; i++) norm = Math.max(norm, Math.abs(a[i]!));
  const smin = Math.max(EPS * norm, Number.MIN_VALUE * 1e20);
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(a[r * m + c]!) > Math.abs(a[p * m + c]!)) p = r;
    if (p !== c) {
      for (let k = 0; k < m; k++) [a[c * m + k], a[p * m + k]] = [a[p * m + k]!, a[c * m + k]!];
      [b[c], b[p]] = [b[p]!, b[c]!];
    }
    if (Math.abs(a[c * m + c]!) < smin) a[c * m + c] = smin;
    for (let r = c + 1; r < m; r++) {
      const f = a[r * m + c]! / a[c * m + c]!;
      if (f === 0) continue;
      for (let k = c; k < m; k++) a[r * m + k]! -= f * a[c * m + k]!;
      b[r]! -= f * b[c]!;
    }
  }
  for (let r = m - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let k = r + 1; k < m; k++) s -= a[r * m + k]! * b[k]!;
    b[r] = s / a[r * m + r]!;
  }
}

/**
 * Swaps the n1 x n1 block at (j1, j1) with the following n2 x n2 block of the nt x nt matrix t,
 * applying the orthogonal transform Q to t (rows and columns) and to z^T from the left (zt is
 * nz x nz, row j = column j of Z). Returns false, changing nothing, when the swap would not be
 * backward stable (close eigenvalues).
 */
export function swapBlocks(t: Float64Array, nt: number, zt: Float64Array, nz: number, j1: number, n1: number, n2: number): boolean {
  if (n1 === 1 && n2 === 1) {
    swap1x1(t, nt, zt, nz, j1);
    return true;
  }
  const m = n1 + n2;
  const base = j1 * nt + j1;
  const T = (r: number, c: number): number => t[base + r * nt + c]!;
  // A11 X - X A22 = A12 as an (n1 n2)-unknown linear system, unknown (p, q) at p * n2 + q.
  const N = n1 * n2;
  const M = SM.fill(0);
  const x = SX;
  for (let p = 0; p < n1; p++) {
    for (let q = 0; q < n2; q++) {
      const u = p * n2 + q;
      x[u] = T(p, n1 + q);
      for (let r = 0; r < n1; r++) M[u * N + r * n2 + q]! += T(p, r);
      for (let r = 0; r < n2; r++) M[u * N + p * n2 + r]! -= T(n1 + r, n1 + q);
    }
  }
  solveSmall(M, x, N);
  // Q from the Householder QR of G = [-X; I] (m x n2): its first n2 columns span the moved subspace.
  const G = SG.fill(0);
  for (let p = 0; p < n1; p++) for (let q = 0; q < n2; q++) G[p * n2 + q] = -x[p * n2 + q]!;
  for (let q = 0; q < n2; q++) G[(n1 + q) * n2 + q] = 1;
  const Q = SQ.fill(0);
  for (let i = 0; i < m; i++) Q[i * m + i] = 1;
  for (let c = 0; c < n2; c++) {
    let nrm = 0;
    for (let r = c; r < m; r++) nrm = Math.hypot(nrm, G[r * n2 + c]!);
    if (nrm === 0) continue;
    const alpha = G[c * n2 + c]!;
    const beta = alpha >= 0 ? -nrm : nrm;
    const v = SV.fill(0);
    v[c] = alpha - beta;
    for (let r = c + 1; r < m; r++) v[r] = G[r * n2 + c]!;
    let vv = 0;
    for (let r = c; r < m; r++) vv += v[r]! * v[r]!;
    if (vv === 0) continue;
    const tau = 2 / vv;
    // G <- (I - tau v v^T) G and Q <- Q (I - tau v v^T).
    for (let k = c; k < n2; k++) {
      let s = 0;
      for (let r = c; r < m; r++) s += v[r]! * G[r * n2 + k]!;
      for (let r = c; r < m; r++) G[r * n2 + k]! -= tau * s * v[r]!;
    }
    for (let r = 0; r < m; r++) {
      let s = 0;
      for (let k = c; k < m; k++) s += Q[r * m + k]! * v[k]!;
      for (let k = c; k < m; k++) Q[r * m + k]! -= tau * s * v[k]!;
    }
  }
  // Stability test on D' = Q^T D Q for the m x m block D before touching t.
  const D = SD;
  let dnorm = 0;
  for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) {
    D[r * m + c] = T(r, c);
    dnorm = Math.max(dnorm, Math.abs(T(r, c)));
  }
  const tmp = ST;
  for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += Q[k * m + r]! * D[k * m + c]!;
    tmp[r * m + c] = s;
  }
  let worst = 0;
  for (let r = n2; r < m; r++) for (let c = 0; c < n2; c++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += tmp[r * m + k]! * Q[k * m + c]!;
    worst = Math.max(worst, Math.abs(s));
  }
  if (worst > Math.max(10 * EPS * dnorm, Number.MIN_VALUE * 1e20)) return false;

  // Apply: rows j1..j1+m-1 of t (columns j1..), columns j1..j1+m-1 (rows 0..j1+m-1), rows of zt.
  if (m === 3) {
    leftQ3(Q, t, nt, j1, j1, nt);
    rightQ3(Q, t, nt, j1, j1 + m);
    leftQ3(Q, zt, nz, j1, 0, nz);
  } else {
    leftQ4(Q, t, nt, j1, j1, nt);
    rightQ4(Q, t, nt, j1, j1 + m);
    leftQ4(Q, zt, nz, j1, 0, nz);
  }
  for (let r = n2; r < m; r++) for (let c = 0; c < n2; c++) t[(j1 + r) * nt + j1 + c] = 0;
  return true;
}

/** Rows r0..r0+2 of a (stride ld), columns [c0, c1): row r <- sum_k Q[k, r] row k (Q is 3x3 in SQ's layout). */
function leftQ3(q: Float64Array, a: Float64Array, ld: number, r0: number, c0: number, c1: number): void {
  const q00 = q[0]!, q01 = q[1]!, q02 = q[2]!, q10 = q[3]!, q11 = q[4]!, q12 = q[5]!, q20 = q[6]!, q21 = q[7]!, q22 = q[8]!;
  const o0 = r0 * ld, o1 = o0 + ld, o2 = o1 + ld;
  for (let c = c0; c < c1; c++) {
    const x0 = a[o0 + c]!, x1 = a[o1 + c]!, x2 = a[o2 + c]!;
    a[o0 + c] = q00 * x0 + q10 * x1 + q20 * x2;
    a[o1 + c] = q01 * x0 + q11 * x1 + q21 * x2;
    a[o2 + c] = q02 * x0 + q12 * x1 + q22 * x2;
  }
}

/** Rows [0, r1) of a, columns c0..c0+2: row <- row Q. */
function rightQ3(q: Float64Array, a: Float64Array, ld: number, c0: number, r1: number): void {
  const q00 = q[0]!, q01 = q[1]!, q02 = q[2]!, q10 = q[3]!, q11 = q[4]!, q12 = q[5]!, q20 = q[6]!, q21 = q[7]!, q22 = q[8]!;
  for (let r = 0, o = c0; r < r1; r++, o += ld) {
    const x0 = a[o]!, x1 = a[o + 1]!, x2 = a[o + 2]!;
    a[o] = x0 * q00 + x1 * q10 + x2 * q20;
    a[o + 1] = x0 * q01 + x1 * q11 + x2 * q21;
    a[o + 2] = x0 * q02 + x1 * q12 + x2 * q22;
  }
}

/** leftQ3 for a 4x4 Q. */
function leftQ4(q: Float64Array, a: Float64Array, ld: number, r0: number, c0: number, c1: number): void {
  const q00 = q[0]!, q01 = q[1]!, q02 = q[2]!, q03 = q[3]!, q10 = q[4]!, q11 = q[5]!, q12 = q[6]!, q13 = q[7]!;
  const q20 = q[8]!, q21 = q[9]!, q22 = q[10]!, q23 = q[11]!, q30 = q[12]!, q31 = q[13]!, q32 = q[14]!, q33 = q[15]!;
  const o0 = r0 * ld, o1 = o0 + ld, o2 = o1 + ld, o3 = o2 + ld;
  for (let c = c0; c < c1; c++) {
    const x0 = a[o0 + c]!, x1 = a[o1 + c]!, x2 = a[o2 + c]!, x3 = a[o3 + c]!;
    a[o0 + c] = q00 * x0 + q10 * x1 + (q20 * x2 + q30 * x3);
    a[o1 + c] = q01 * x0 + q11 * x1 + (q21 * x2 + q31 * x3);
    a[o2 + c] = q02 * x0 + q12 * x1 + (q22 * x2 + q32 * x3);
    a[o3 + c] = q03 * x0 + q13 * x1 + (q23 * x2 + q33 * x3);
  }
}

/** rightQ3 for a 4x4 Q. */
function rightQ4(q: Float64Array, a: Float64Array, ld: number, c0: number, r1: number): void {
  const q00 = q[0]!, q01 = q[1]!, q02 = q[2]!, q03 = q[3]!, q10 = q[4]!, q11 = q[5]!, q12 = q[6]!, q13 = q[7]!;
  const q20 = q[8]!, q21 = q[9]!, q22 = q[10]!, q23 = q[11]!, q30 = q[12]!, q31 = q[13]!, q32 = q[14]!, q33 = q[15]!;
  for (let r = 0, o = c0; r < r1; r++, o += ld) {
    const x0 = a[o]!, x1 = a[o + 1]!, x2 = a[o + 2]!, x3 = a[o + 3]!;
    a[o] = x0 * q00 + x1 * q10 + (x2 * q20 + x3 * q30);
    a[o + 1] = x0 * q01 + x1 * q11 + (x2 * q21 + x3 * q31);
    a[o + 2] = x0 * q02 + x1 * q12 + (x2 * q22 + x3 * q32);
    a[o + 3] = x0 * q03 + x1 * q13 + (x2 * q23 + x3 * q33);
  }
}

/**
 * Two 1x1 blocks: the Givens rotation taking [t12, t22 - t11] to [r, 0] exchanges them
 * (always stable, as in LAPACK's dlaexc).
 */
function swap1x1(t: Float64Array, nt: number, zt: Float64Array, nz: number, j1: number): void {
  const j2 = j1 + 1;
  const t11 = t[j1 * nt + j1]!;
  const t22 = t[j2 * nt + j2]!;
  const f = t[j1 * nt + j2]!;
  const g = t22 - t11;
  const r = Math.hypot(f, g);
  if (r === 0) return; // equal eigenvalues and no coupling: nothing to exchange
  const cs = f / r;
  const sn = g / r;
  const r1 = j1 * nt;
  const r2 = j2 * nt;
  for (let c = j2 + 1; c < nt; c++) {
    const x = t[r1 + c]!;
    const y = t[r2 + c]!;
    t[r1 + c] = cs * x + sn * y;
    t[r2 + c] = cs * y - sn * x;
  }
  for (let row = 0; row < j1; row++) {
    const o = row * nt;
    const x = t[o + j1]!;
    const y = t[o + j2]!;
    t[o + j1] = cs * x + sn * y;
    t[o + j2] = cs * y - sn * x;
  }
  t[r1 + j1] = t22;
  t[r2 + j2] = t11;
  const z1 = j1 * nz;
  const z2 = j2 * nz;
  for (let c = 0; c < nz; c++) {
    const x = zt[z1 + c]!;
    const y = zt[z2 + c]!;
    zt[z1 + c] = cs * x + sn * y;
    zt[z2 + c] = cs * y - sn * x;
  }
}
