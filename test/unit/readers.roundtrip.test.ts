import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { readWeightFile } from '../../src/core/readers';
import { csvFile, ggufFile, jsonFile, npyFile, npzFile, safetensorsFile, torchFile, type ValidFile } from '../fuzz/cases';

/** Reads a generated file and compares its first matrix with what was written, bit for bit. */
function roundTrips(f: ValidFile): void {
  const w = readWeightFile(f.bytes, f.fileName);
  const m = w.matrices[0];
  assert.ok(m, f.label);
  assert.equal(m.name, f.name, f.label);
  assert.deepEqual(m.shape, f.shape, f.label);
  const [r, c] = f.shape;
  assert.equal(m.role, r === c ? (m.name.includes('weight_hh') ? 'rnn' : 'matrix') : r === 4 * c ? 'lstm' : 'gru', f.label);
  // deepStrictEqual compares with Object.is: -0 and 0 differ, as they must for bit-exactness.
  assert.deepStrictEqual(Array.from(m.matrix.data), f.values, f.label);
}

describe('readers: random matrices read back bit-exact (fast-check)', () => {
  const runs = { numRuns: 400, seed: 20261127 };
  it('JSON: bare, named, nested keys, {shape, data}, commented', () => fc.assert(fc.property(jsonFile, roundTrips), runs));
  it('delimited text: , ; tab space, header, pandas index, CRLF, BOM, comments, %.18e', () => fc.assert(fc.property(csvFile, roundTrips), runs));
  it('.npy v1/v2/v3, <> f8/f4/f2, C and Fortran order', () => fc.assert(fc.property(npyFile, roundTrips), runs));
  it('.safetensors F64/F32/F16/BF16 beside another tensor', () => fc.assert(fc.property(safetensorsFile, roundTrips), runs));
  it('GGUF F32/F16/BF16 beside a Mamba layer and a quantised tensor', () => fc.assert(fc.property(ggufFile, roundTrips), runs));
  it('torch.save zip checkpoints: float32, contiguous and transposed views', () => fc.assert(fc.property(torchFile, roundTrips), runs));
  it('.npz, stored and deflated members', () => fc.assert(fc.property(npzFile, roundTrips), runs));
});
