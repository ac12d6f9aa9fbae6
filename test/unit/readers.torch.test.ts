import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../../src/core/analysis';
import { WeightFileError } from '../../src/core/errors';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { readWeightFile, readWeightSource } from '../../src/core/readers';
import { bytesSource } from '../../src/core/readers/byteSource';
import { writeCheckpoint } from '../fuzz/torchWriter';
import { TORCH_FIXTURES, checkpointFiles, expectedCheckpoints } from './torchFixtures';

const bytesOf = (file: string): Uint8Array => new Uint8Array(readFileSync(join(TORCH_FIXTURES, file)));

describe('PyTorch checkpoints and .npz archives: notes, counters, refusals, reading by offset', () => {
  it('has an expectation for every fixture file', () => {
    assert.deepEqual(checkpointFiles, Object.keys(expectedCheckpoints).sort());
  });

  for (const file of checkpointFiles.filter((f) => !f.startsWith('bad_'))) {
    const want = expectedCheckpoints[file]!;
    it(`${file}: the globals not run and the counters (radii: readers.checkpoints.test.ts)`, () => {
      const weights = readWeightFile(bytesOf(file), file);
      assert.equal(weights.format, file.endsWith('.npz') ? 'npz' : 'pytorch');
      const report = analyzeFile(weights, file, DEFAULT_OPTIONS);
      assert.deepEqual(weights.meta, want.meta, 'the checkpoint counters');
      const notes = (report.notes ?? []).join(' ');
      for (const g of want.globals ?? []) assert.ok(notes.includes(g), `notes name ${g}: ${notes}`);
      if (!want.globals) assert.equal(report.notes, undefined);
    });
  }

  for (const file of checkpointFiles.filter((f) => f.startsWith('bad_'))) {
    const want = expectedCheckpoints[file]!;
    it(`refuses ${file}, saying what is wrong: ${want.note}`, () => {
      const bytes = bytesOf(file);
      assert.throws(() => readWeightFile(bytes, file), (e: unknown) => {
        assert.ok(e instanceof WeightFileError, String(e));
        assert.equal(e.place.kind, 'byte', e.message);
        if (e.place.kind === 'byte') assert.ok(e.place.offset >= 0 && e.place.offset <= bytes.length);
        assert.ok(e.message.includes(want.subject ?? '?'), `'${want.subject}' in: ${e.message}`);
        assert.ok(!e.message.includes('\n'));
        return true;
      });
    });
  }

  it('reads by offset: a checkpoint read through a ByteSource gives the same matrices as from memory', () => {
    const bytes = bytesOf('lstm_bidir_2layer.pt');
    const src = bytesSource(bytes);
    let read = 0;
    const counting = { size: src.size, read: (o: number, n: number) => ((read += n), src.read(o, n)) };
    const a = readWeightSource(counting, 'm.pt');
    const b = readWeightFile(bytes, 'm.pt');
    assert.deepEqual(a.matrices.map((m) => [...m.matrix.data]), b.matrices.map((m) => [...m.matrix.data]));
    assert.ok(read < bytes.length + 64 * 1024, `${read} bytes read`);
  });

  it('reads only the storages of candidate tensors: an 8 MB embedding is listed, never read', () => {
    const h = 16;
    const w = Float32Array.from({ length: 4 * h * h }, (_, i) => Math.sin(i));
    const bytes = writeCheckpoint([
      { name: 'encoder.weight', shape: [8192, 256], data: { zeros: 8192 * 256 * 4 } },
      { name: 'rnn.weight_hh_l0', shape: [4 * h, h], data: w },
      { name: 'rnn.weight_hh_l0_t', shape: [h, 4 * h], data: w, stride: [1, h] },
    ]);
    const src = bytesSource(bytes);
    const ranges: [number, number][] = [];
    const weights = readWeightSource({ size: src.size, read: (o, n) => (ranges.push([o, n]), src.read(o, n)) }, 'lm.pt');
    const read = ranges.reduce((s, [, n]) => s + n, 0);
    assert.ok(read < 200 * 1024, `${read} of ${bytes.length} bytes read`);
    assert.deepEqual([...weights.matrices[0]!.matrix.data], [...w]);
    assert.deepEqual(weights.others.find((o) => o.name === 'encoder.weight')?.shape, [8192, 256]);
    const t = weights.others.find((o) => o.name === 'rnn.weight_hh_l0_t');
    assert.ok(t, 'a 16x64 view is no gate stack');
  });

  it('keys named __proto__ and constructor stay data: no prototype is touched', () => {
    const weights = readWeightFile(bytesOf('proto_keys.pt'), 'proto_keys.pt');
    assert.deepEqual(weights.matrices.map((m) => m.name).sort(), ['__proto__.weight_hh_l0', 'constructor.weight_hh_l0']);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'weight_hh_l0'), false);
    assert.equal(({} as Record<string, unknown>).weight_hh_l0, undefined);
  });

  it('a pickled nn.Module is read through its _parameters without running its class', () => {
    const weights = readWeightFile(bytesOf('whole_module.pt'), 'whole_module.pt');
    assert.ok(weights.notes?.some((n) => n.includes('__main__.Net')));
    assert.ok(weights.others.some((o) => o.name === 'head.weight'), 'the Linear head is listed by its state_dict name');
  });
});
