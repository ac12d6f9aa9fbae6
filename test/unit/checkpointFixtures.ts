/** Reads a Keras/ONNX fixture as the CLI does: its bytes, plus files beside it for external data. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readWeightFile } from '../../src/core/readers';
import type { WeightFile } from '../../src/core/weightFile';

export function readCheckpointFixture(path: string): WeightFile {
  const dir = dirname(path);
  return readWeightFile(new Uint8Array(readFileSync(path)), basename(path), {
    openSibling: (name) => {
      const p = join(dir, name);
      if (!existsSync(p)) return undefined;
      const b = readFileSync(p);
      return { size: b.length, read: (offset, length) => b.subarray(offset, offset + length) };
    },
  });
}
