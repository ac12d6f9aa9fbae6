/** Reads a Keras/ONNX fixture as the CLI does: its bytes, plus files beside it for external data. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readWeightFile } from '../../src/core/readers';
import type { WeightFile } from '../../src/core/weightFile';
import { siblingOpener } from '../../src/node/siblings';

export function readCheckpointFixture(path: string): WeightFile {
  return readWeightFile(new Uint8Array(readFileSync(path)), basename(path), { openSibling: siblingOpener(path) });
}
