/**
 * The size limit: text formats (read whole) are held to it by their size; checkpoints read by
 * offset by the bytes their reader takes, so a big embedding beside a small W_hh does not count.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WeightFileError } from '../../src/core/errors';
import { MB } from '../../src/core/limits';
import { readWeightFile } from '../../src/core/readers';
import { writeSafetensors, type Tensor } from '../fuzz/writers';
import { ensureBuilt, runCli } from './cliProcess';

const tensor = (name: string, rows: number, cols: number, fill: (i: number) => number): Tensor => ({
  name,
  rows,
  cols,
  data: Array.from({ length: rows * cols }, (_, i) => fill(i)),
});
/** A 2 MB float64 embedding (not square, no gate-stack shape) and an 8 x 8 W_hh (0.5 on the diagonal). */
const embeddingAndRnn = (): Uint8Array =>
  writeSafetensors([tensor('embedding.weight', 1000, 270, () => 0), tensor('rnn.weight_hh_l0', 8, 8, (i) => (i % 9 === 0 ? 0.5 : 0))], 'F64');

describe('the size limit', () => {
  it('a checkpoint read by offset: only the bytes read count (2 MB file, 1 MB limit, 8 x 8 W_hh)', () => {
    const bytes = embeddingAndRnn();
    assert.ok(bytes.length > 2 * MB);
    const file = readWeightFile(bytes, 'model.safetensors', { maxBytes: MB, maxBytesSetting: '--max-size' });
    const m = file.matrices.find((x) => x.name === 'rnn.weight_hh_l0');
    assert.ok(m, 'W_hh found');
    assert.equal(m.matrix.data[0], 0.5);
  });

  it('a checkpoint whose recurrent tensor alone passes the limit is refused, naming the setting', () => {
    const bytes = writeSafetensors([tensor('rnn.weight_hh_l0', 400, 400, () => 0.001)], 'F64');
    assert.throws(
      () => readWeightFile(bytes, 'model.safetensors', { maxBytes: MB, maxBytesSetting: '--max-size' }),
      (e: unknown) => e instanceof WeightFileError && /needs more than the limit of 1\.0 MB; raise --max-size/.test(e.message),
    );
  });

  it('a text file is held to the limit by its size', () => {
    const text = new TextEncoder().encode(JSON.stringify({ W_hh: Array.from({ length: 300 }, () => Array.from({ length: 300 }, () => 0.123456789)) }));
    assert.ok(text.length > MB);
    assert.throws(
      () => readWeightFile(text, 'w.json', { maxBytes: MB, maxBytesSetting: '--max-size' }),
      (e: unknown) => e instanceof WeightFileError && /^the file is \d+\.\d MB, more than the limit of 1\.0 MB/.test(e.message),
    );
  });

  it('the CLI reads the 2 MB checkpoint under --max-size 1 and analyses its W_hh', function () {
    this.timeout(60000);
    ensureBuilt();
    const path = join(mkdtempSync(join(tmpdir(), 'rgl-limit-')), 'model.safetensors');
    writeFileSync(path, embeddingAndRnn());
    const r = runCli(['analyze', path, '--max-size', '1', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const names = (JSON.parse(r.stdout) as { matrices: { name: string; spectralRadius: number }[] }).matrices;
    assert.equal(names.find((m) => m.name === 'rnn.weight_hh_l0')?.spectralRadius, 0.5);
  });
});
