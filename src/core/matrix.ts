/** Dense row-major float64 matrix: entry (i, j) is data[i * cols + j]. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function identity(n: number): Matrix {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** Builds a matrix from nested rows; every row must have the same length. */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const r = rows.length;
  const c = r === 0 ? 0 : (rows[0]?.length ?? 0);
  const m = zeros(r, c);
  rows.forEach((row, i) => {
    if (row.length !== c) throw new RangeError(`row ${i + 1} has ${row.length} values, expected ${c}`);
    m.data.set(row, i * c);
  });
  return m;
}

export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export function transpose(m: Matrix): Matrix {
  const t = zeros(m.cols, m.rows);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) t.data[j * m.rows + i] = m.data[i * m.cols + j] as number;
  }
  return t;
}

export function scale(m: Matrix, c: number): Matrix {
  const s = zeros(m.rows, m.cols);
  for (let i = 0; i < m.data.length; i++) s.data[i] = (m.data[i] as number) * c;
  return s;
}

/** Rows [r0, r1) of m, as a new matrix (gateBlocks takes views instead). */
export function rowBlock(m: Matrix, r0: number, r1: number): Matrix {
  return { rows: r1 - r0, cols: m.cols, data: m.data.slice(r0 * m.cols, r1 * m.cols) };
}
