/**
 * Compressed sparse row matrices: the form sparse recurrent matrices (reservoirs of 10^4-10^5
 * units) are analysed in. Row i's entries are values[rowPtr[i] .. rowPtr[i+1]) at columns
 * colIdx[...], columns ascending and unique within a row.
 */
import type { Matrix } from '../matrix';

export interface CsrMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  readonly values: Float64Array;
}

/** Stored entries (explicit zeros included, as scipy counts them). */
export const nnzOf = (a: CsrMatrix): number => a.rowPtr[a.rows] ?? 0;

/** Stored entries over rows x cols. */
export function densityOf(a: CsrMatrix): number {
  const cells = a.rows * a.cols;
  return cells === 0 ? 0 : nnzOf(a) / cells;
}

/**
 * CSR from coordinate triplets (0-based), in any order; duplicates are summed (the Matrix Market
 * and scipy COO convention). Indices must already be checked against the shape.
 */
export function csrFromTriplets(rows: number, cols: number, ri: Int32Array, ci: Int32Array, v: Float64Array, count = v.length): CsrMatrix {
  const rowPtr = new Int32Array(rows + 1);
  for (let t = 0; t < count; t++) rowPtr[ri[t]! + 1]!++;
  for (let i = 0; i < rows; i++) rowPtr[i + 1]! += rowPtr[i]!;
  const next = rowPtr.slice(0, rows);
  const colIdx = new Int32Array(count);
  const values = new Float64Array(count);
  for (let t = 0; t < count; t++) {
    const at = next[ri[t]!]!++;
    colIdx[at] = ci[t]!;
    values[at] = v[t]!;
  }
  return canonical(rows, cols, rowPtr, colIdx, values);
}

/**
 * Sorts each row by column and sums duplicates (compacting in place). Rows are usually short, so
 * an insertion sort per row beats a general sort.
 */
export function canonical(rows: number, cols: number, rowPtr: Int32Array, colIdx: Int32Array, values: Float64Array): CsrMatrix {
  let out = 0;
  let start = rowPtr[0]!;
  for (let i = 0; i < rows; i++) {
    const end = rowPtr[i + 1]!;
    sortRow(colIdx, values, start, end);
    const rowStart = out;
    for (let t = start; t < end; t++) {
      if (out > rowStart && colIdx[out - 1] === colIdx[t]) values[out - 1]! += values[t]!;
      else {
        colIdx[out] = colIdx[t]!;
        values[out] = values[t]!;
        out++;
      }
    }
    start = end;
    rowPtr[i + 1] = out;
  }
  const same = out === colIdx.length;
  return { rows, cols, rowPtr, colIdx: same ? colIdx : colIdx.slice(0, out), values: same ? values : values.slice(0, out) };
}

function sortRow(ci: Int32Array, v: Float64Array, lo: number, hi: number): void {
  let sorted = true;
  for (let t = lo + 1; t < hi && sorted; t++) if (ci[t]! < ci[t - 1]!) sorted = false;
  if (sorted) return;
  if (hi - lo > 32) {
    const order = Array.from({ length: hi - lo }, (_, k) => lo + k).sort((x, y) => ci[x]! - ci[y]!);
    const c2 = Int32Array.from(order, (t) => ci[t]!);
    const v2 = Float64Array.from(order, (t) => v[t]!);
    ci.set(c2, lo);
    v.set(v2, lo);
    return;
  }
  for (let t = lo + 1; t < hi; t++) {
    const c = ci[t]!;
    const x = v[t]!;
    let s = t - 1;
    while (s >= lo && ci[s]! > c) {
      ci[s + 1] = ci[s]!;
      v[s + 1] = v[s]!;
      s--;
    }
    ci[s + 1] = c;
    v[s + 1] = x;
  }
}

/** The transpose, in CSR (equivalently, `a` in compressed sparse column form). */
export function csrTranspose(a: CsrMatrix): CsrMatrix {
  const nnz = nnzOf(a);
  const rowPtr = new Int32Array(a.cols + 1);
  for (let t = 0; t < nnz; t++) rowPtr[a.colIdx[t]! + 1]!++;
  for (let j = 0; j < a.cols; j++) rowPtr[j + 1]! += rowPtr[j]!;
  const next = rowPtr.slice(0, a.cols);
  const colIdx = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  // Rows visited in order, so each transposed row comes out sorted.
  for (let i = 0; i < a.rows; i++) {
    for (let t = a.rowPtr[i]!; t < a.rowPtr[i + 1]!; t++) {
      const at = next[a.colIdx[t]!]!++;
      colIdx[at] = i;
      values[at] = a.values[t]!;
    }
  }
  return { rows: a.cols, cols: a.rows, rowPtr, colIdx, values };
}

/** out = a x. */
export function csrMatVec(a: CsrMatrix, x: Float64Array, out: Float64Array): void {
  const { rowPtr, colIdx, values } = a;
  for (let i = 0; i < a.rows; i++) {
    let s0 = 0;
    let s1 = 0;
    let t = rowPtr[i]!;
    const end = rowPtr[i + 1]!;
    for (; t + 1 < end; t += 2) {
      s0 += values[t]! * x[colIdx[t]!]!;
      s1 += values[t + 1]! * x[colIdx[t + 1]!]!;
    }
    if (t < end) s0 += values[t]! * x[colIdx[t]!]!;
    out[i] = s0 + s1;
  }
}

/** The dense form (for small matrices only: n^2 doubles). */
export function csrToDense(a: CsrMatrix): Matrix {
  const data = new Float64Array(a.rows * a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let t = a.rowPtr[i]!; t < a.rowPtr[i + 1]!; t++) data[i * a.cols + a.colIdx[t]!]! += a.values[t]!;
  }
  return { rows: a.rows, cols: a.cols, data };
}

/** CSR of a dense matrix's non-zero entries. */
export function csrFromDense(m: Matrix): CsrMatrix {
  let nnz = 0;
  for (const x of m.data) if (x !== 0) nnz++;
  const rowPtr = new Int32Array(m.rows + 1);
  const colIdx = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let t = 0;
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      const x = m.data[i * m.cols + j]!;
      if (x === 0) continue;
      colIdx[t] = j;
      values[t++] = x;
    }
    rowPtr[i + 1] = t;
  }
  return { rows: m.rows, cols: m.cols, rowPtr, colIdx, values };
}

/** Frobenius norm, scaled by the largest entry (no overflow or underflow). */
export function csrFrobenius(a: CsrMatrix): number {
  let big = 0;
  for (const x of a.values) big = Math.max(big, Math.abs(x));
  if (big === 0 || !Number.isFinite(big)) return big;
  let s = 0;
  for (const x of a.values) {
    const y = x / big;
    s += y * y;
  }
  return Math.sqrt(s) * big;
}

/** A copy with every value multiplied by c. */
export function csrScale(a: CsrMatrix, c: number): CsrMatrix {
  return { ...a, values: a.values.map((x) => x * c) };
}
