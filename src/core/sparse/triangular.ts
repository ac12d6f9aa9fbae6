/**
 * Matrices that are triangular up to a permutation: when the directed graph of W's non-zero
 * off-diagonal entries (i -> j for w_ij != 0) has no cycle, ordering the rows topologically makes W
 * triangular, so its eigenvalues are its diagonal entries, exactly. Nilpotent shifts are the case
 * that matters: Krylov methods never settle on them (their Ritz values spread on a circle), while
 * this answers in O(n + nnz).
 */
import type { CsrMatrix } from './csr';

/** The diagonal entries of W when its pattern has no cycle through two or more indices, else null. */
export function permutedTriangularDiagonal(a: CsrMatrix): Float64Array | null {
  const n = a.rows;
  if (n !== a.cols) return null;
  const { rowPtr, colIdx, values } = a;
  // Kahn's algorithm: repeatedly remove an index no remaining entry points to.
  const into = new Int32Array(n);
  const diag = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let t = rowPtr[i]!; t < rowPtr[i + 1]!; t++) {
      const j = colIdx[t]!;
      if (j === i) diag[i]! += values[t]!;
      else if (values[t] !== 0) into[j]!++;
    }
  }
  const queue = new Int32Array(n);
  let tail = 0;
  for (let j = 0; j < n; j++) if (into[j] === 0) queue[tail++] = j;
  for (let head = 0; head < tail; head++) {
    const i = queue[head]!;
    for (let t = rowPtr[i]!; t < rowPtr[i + 1]!; t++) {
      const j = colIdx[t]!;
      if (j !== i && values[t] !== 0 && --into[j]! === 0) queue[tail++] = j;
    }
  }
  return tail === n ? diag : null;
}
