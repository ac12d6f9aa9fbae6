import { WeightFileError } from '../errors';
import type { RawFile } from './tensor';

export function readSafetensors(_bytes: Uint8Array): RawFile {
  throw new WeightFileError('.safetensors files are not supported yet', { kind: 'byte', offset: 0 });
}
