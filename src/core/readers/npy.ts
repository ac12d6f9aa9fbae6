import { WeightFileError } from '../errors';
import type { RawFile } from './tensor';

export function readNpy(_bytes: Uint8Array): RawFile {
  throw new WeightFileError('.npy files are not supported yet', { kind: 'byte', offset: 0 });
}
