/**
 * Solves with H - σI for an upper Hessenberg H and a complex shift σ, in O(n^2) per factorisation
 * and per solve: Gaussian elimination with partial pivoting only has the subdiagonal to remove.
 * Inverse iteration uses it to refine an eigenvector (and to find the left one) from a nearby σ.
 */

/** A factorised H - σI: `solve` overwrites b with (H - σI)^-1 b, `solveAdjoint` with (H - σI)^-H b. */
export interface ShiftedSolver {
  solve(re: Float64Array, im: Float64Array): void;
  solveAdjoint(re: Float64Array, im: Float64Array): void;
}

/** Room for the factors of n x n shifts, reused from one shift to the next (the factors are then overwritten). */
export interface SolverSpace {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** The last space made, held weakly: the next solve of that size takes it again (no 2 n^2 fresh doubles to clear and collect). */
let last: WeakRef<SolverSpace> | undefined;

/** Room for n x n factors; the same room as the previous call's for the same n (each factorisation overwrites it whole). */
export function solverSpace(n: number): SolverSpace {
  const kept = last?.deref();
  if (kept !== undefined && kept.re.length === n * n) return kept;
  const made = { re: new Float64Array(n * n), im: new Float64Array(n * n) };
  last = new WeakRef(made);
  return made;
}

/**
 * Factorises H - σI (h row-major n x n, entries below the subdiagonal ignored). A pivot that is
 * exactly zero (σ an eigenvalue to the last bit) is replaced by `tiny`, as inverse iteration
 * wants: the solution is then a huge multiple of the eigenvector, never a division by zero.
 */
export function shiftedSolver(h: Float64Array, n: number, sRe: number, sIm: number, tiny: number, space?: SolverSpace): ShiftedSolver {
  // U in (ur, ui), row-major; the multipliers l_k and row swaps of each elimination step.
  const ur = space?.re ?? new Float64Array(n * n);
  const ui = space?.im ?? new Float64Array(n * n);
  ur.set(h);
  ui.fill(0);
  for (let i = 0; i < n; i++) {
    ur[i * n + i]! -= sRe;
    ui[i * n + i] = -sIm;
  }
  const lr = new Float64Array(n);
  const li = new Float64Array(n);
  const swapped = new Uint8Array(n);
  const keepPivot = (k: number): void => {
    if (ur[k * n + k] === 0 && ui[k * n + k] === 0) ur[k * n + k] = tiny;
  };
  for (let k = 0; k + 1 < n; k++) {
    const a = k * n, b = a + n;
    if (Math.hypot(ur[b + k]!, ui[b + k]!) > Math.hypot(ur[a + k]!, ui[a + k]!)) {
      swapped[k] = 1;
      for (let j = k; j < n; j++) {
        let t = ur[a + j]!; ur[a + j] = ur[b + j]!; ur[b + j] = t;
        t = ui[a + j]!; ui[a + j] = ui[b + j]!; ui[b + j] = t;
      }
    }
    keepPivot(k);
    // l = U[k+1, k] / U[k, k]; row k+1 -= l row k.
    const pr = ur[a + k]!, pi = ui[a + k]!, qr = ur[b + k]!, qi = ui[b + k]!;
    const d = pr * pr + pi * pi;
    const mr = (qr * pr + qi * pi) / d, mi = (qi * pr - qr * pi) / d;
    lr[k] = mr;
    li[k] = mi;
    ur[b + k] = 0;
    ui[b + k] = 0;
    for (let j = k + 1; j < n; j++) {
      const xr = ur[a + j]!, xi = ui[a + j]!;
      ur[b + j]! -= mr * xr - mi * xi;
      ui[b + j]! -= mr * xi + mi * xr;
    }
  }
  if (n > 0) keepPivot(n - 1);

  return {
    solve(re, im) {
      for (let k = 0; k + 1 < n; k++) {
        if (swapped[k]) swapPair(re, im, k);
        const xr = re[k]!, xi = im[k]!;
        re[k + 1]! -= lr[k]! * xr - li[k]! * xi;
        im[k + 1]! -= lr[k]! * xi + li[k]! * xr;
      }
      for (let i = n - 1; i >= 0; i--) {
        let sr = re[i]!, si = im[i]!;
        const row = i * n;
        for (let j = i + 1; j < n; j++) {
          const ar = ur[row + j]!, ai = ui[row + j]!, xr = re[j]!, xi = im[j]!;
          sr -= ar * xr - ai * xi;
          si -= ar * xi + ai * xr;
        }
        divideInto(re, im, i, sr, si, ur[row + i]!, ui[row + i]!);
      }
    },
    solveAdjoint(re, im) {
      // U^H w = b, forward by rows of U: once w_j is known, its terms leave every later b_i.
      for (let j = 0; j < n; j++) {
        const row = j * n;
        divideInto(re, im, j, re[j]!, im[j]!, ur[row + j]!, -ui[row + j]!);
        const wr = re[j]!, wi = im[j]!;
        for (let i = j + 1; i < n; i++) {
          // b_i -= conj(U[j, i]) w_j
          const ar = ur[row + i]!, ai = -ui[row + i]!;
          re[i]! -= ar * wr - ai * wi;
          im[i]! -= ar * wi + ai * wr;
        }
      }
      // Then the elimination steps' adjoints, last step first: w_k -= conj(l_k) w_(k+1), swap.
      for (let k = n - 2; k >= 0; k--) {
        const xr = re[k + 1]!, xi = im[k + 1]!;
        re[k]! -= lr[k]! * xr + li[k]! * xi;
        im[k]! -= lr[k]! * xi - li[k]! * xr;
        if (swapped[k]) swapPair(re, im, k);
      }
    },
  };
}

function swapPair(re: Float64Array, im: Float64Array, k: number): void {
  let t = re[k]!; re[k] = re[k + 1]!; re[k + 1] = t;
  t = im[k]!; im[k] = im[k + 1]!; im[k + 1] = t;
}

/** x[i] = (sr + i si) / (dr + i di). */
function divideInto(re: Float64Array, im: Float64Array, i: number, sr: number, si: number, dr: number, di: number): void {
  const d = dr * dr + di * di;
  re[i] = (sr * dr + si * di) / d;
  im[i] = (si * dr - sr * di) / d;
}
