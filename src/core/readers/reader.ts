/** What every reader returns and takes; `registry.ts` plugs one in per format (contract there). */
import type { ReadOptions } from '../weightFile';
import type { ByteSource } from './byteSource';
import type { RawFile } from './tensor';
import type { LineIndex } from './text';

export interface ReaderResult extends RawFile {
  /** Text formats: maps offsets to lines and columns (errors and editor ranges). */
  readonly lines?: LineIndex;
}

export type Reader = (source: ByteSource, options: ReadOptions) => ReaderResult;
