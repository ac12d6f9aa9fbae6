import type { ReadOptions, WeightFile } from '../weightFile';

/**
 * Reads a weights file's bytes into named matrices. Detects the format from the file name and
 * content. Throws WeightFileError (with a place) for anything it refuses; never anything else.
 */
export function readWeightFile(_bytes: Uint8Array, _fileName: string, _options: ReadOptions = {}): WeightFile {
  throw new Error('readers: not implemented yet');
}
