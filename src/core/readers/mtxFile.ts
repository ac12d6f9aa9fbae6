/**
 * A Matrix Market file as the readers' RawFile: a coordinate matrix stays sparse (CSR, with its
 * dense form only when small), an array file is a dense tensor like any other.
 */
import { csrToDense } from '../sparse/csr';
import type { ByteSource } from './byteSource';
import { readAll } from './byteSource';
import { readMtx } from './mtx';
import type { ReaderResult } from './reader';

/** Up to this size a sparse matrix also carries its dense form (views that draw entries use it). */
export const SPARSE_DENSE_COPY_UP_TO = 512;

export function readMtxSource(source: ByteSource): ReaderResult {
  const { content, lines } = readMtx(readAll(source));
  const span = { start: 0, end: 0 };
  if (content.kind === 'dense') {
    const { rows, cols, data } = content.matrix;
    return { tensors: [{ name: '', shape: [rows, cols], data, dtype: 'text', span }], skipped: [], lines };
  }
  const a = content.matrix;
  const data = a.rows <= SPARSE_DENSE_COPY_UP_TO && a.cols <= SPARSE_DENSE_COPY_UP_TO ? csrToDense(a).data : new Float64Array(0);
  return { tensors: [{ name: '', shape: [a.rows, a.cols], data, dtype: 'text', sparse: a, span }], skipped: [], lines };
}
