/**
 * Checkpoints written by real writers (scripts/fixtures/make_keras_onnx_fixtures.py: h5py in
 * Keras' layouts, torch.onnx.export; scripts/fixtures/make_torch_fixtures.py: torch.save, numpy): every good file gives numpy's radii gate by gate to
 * 1e-9 relative, every bad_* file one located refusal.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../../src/core/analysis';
import { errorMessage, WeightFileError } from '../../src/core/errors';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { readCheckpointFixture } from './checkpointFixtures';
import { MAX_GRAPH_DEPTH, readOnnx } from '../../src/core/readers/onnx';
import { assertClose } from './cliProcess';

const ROOT = join(__dirname, '..', 'fixtures', 'checkpoints');

export interface ExpectedCheckpoint {
  name: string;
  shape: [number, number];
  role: string;
  spectralRadius?: number;
  gateSpectralRadius?: Record<string, number>;
  /** The verdict at the default horizon and thresholds (numpy norms; torch's cells for stacks). */
  verdict?: string;
}
type Expected = Record<string, { note: string; matrices: ExpectedCheckpoint[] }>;

for (const kind of readdirSync(ROOT).sort()) {
  const dir = join(ROOT, kind);
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
  const files = readdirSync(dir).filter((f) => /\.(h5|keras|onnx|pt|pth|ckpt|npz)$/.test(f));

  describe(`readers: ${kind} checkpoints (test/fixtures/checkpoints/${kind})`, () => {
    it('has an expectation for every model file', () => {
      assert.deepEqual(files.sort(), Object.keys(expected).filter((k) => !k.startsWith('_')).sort());
    });

    for (const file of files.filter((f) => !f.startsWith('bad_'))) {
      it(`${file}: ${expected[file]?.note}`, () => {
        const wf = readCheckpointFixture(join(dir, file));
        const want = expected[file]?.matrices ?? [];
        assert.deepEqual(wf.matrices.map((m) => m.name).sort(), want.map((w) => w.name).sort());
        const report = analyzeFile(wf, file, DEFAULT_OPTIONS);
        for (const w of want) {
          const m = wf.matrices.find((x) => x.name === w.name);
          const r = report.matrices.find((x) => x.name === w.name);
          assert.ok(m && r, w.name);
          assert.deepEqual(m.shape, w.shape);
          assert.equal(m.role, w.role);
          if (w.spectralRadius !== undefined) assertClose(r.spectralRadius, w.spectralRadius, 1e-9, `${w.name} radius`);
          if (w.verdict !== undefined) assert.equal(r.verdict, w.verdict, `${w.name} verdict`);
          if (w.gateSpectralRadius) {
            assert.deepEqual(m.gates, Object.keys(w.gateSpectralRadius), 'gates in stack order');
            for (const g of r.gates ?? []) assertClose(g.spectralRadius, w.gateSpectralRadius[g.gate] ?? NaN, 1e-9, `${w.name} gate ${g.gate}`);
          }
        }
      });
    }

    for (const file of files.filter((f) => f.startsWith('bad_'))) {
      it(`refuses ${file} with one located line: ${expected[file]?.note}`, () => {
        const path = join(dir, file);
        assert.throws(
          () => readCheckpointFixture(path),
          (e: unknown) => {
            assert.ok(e instanceof WeightFileError, String(e));
            assert.equal(e.place.kind, 'byte', e.message);
            assert.ok(e.place.kind === 'byte' && e.place.offset >= 0 && e.place.offset <= readFileSync(path).length);
            assert.ok(!e.message.includes('\n'));
            return true;
          },
        );
      });
    }
  });
}

describe('readers: what the checkpoint readers say about bad files', () => {
  const msg = (path: string): string => {
    try {
      readCheckpointFixture(join(ROOT, path));
    } catch (e) {
      return errorMessage(e);
    }
    return 'accepted';
  };
  it('names the unknown HDF5 filter and the dataset', () => {
    assert.match(msg('keras/bad_k2_lzf.h5'), /model_weights\/lstm\/lstm\/lstm_cell\/recurrent_kernel:0 is compressed with HDF5 filter 32000 \(LZF\)/);
  });
  it('stops a deflate bomb at the dataset\'s own size', () => {
    assert.match(msg('keras/bad_k2_gzip_bomb.h5'), /recurrent_kernel:0: a deflated chunk inflates past the dataset's 256 bytes, so it was not inflated further/);
  });
  it('refuses graphs nested past the limit inside node attributes', () => {
    assert.match(msg('onnx/bad_nested_graphs.onnx'), new RegExp(`graphs are nested more than ${MAX_GRAPH_DEPTH} deep`));
  });
  it('names a Keras 3 cell variable that config.json promises', () => {
    assert.match(msg('keras3/bad_k3_missing.keras'), /config\.json names LSTM layer 'lstm', but model\.weights\.h5 has no layers\/lstm\/cell\/vars\/1/);
  });
  it('names a weight listed in weight_names but missing', () => {
    assert.match(msg('keras/bad_k2_missing.h5'), /recurrent_kernel:0: listed in the weight_names of layer 'lstm' but missing/);
  });
  it('never follows an external data path out of the model folder, and names a missing sibling', () => {
    assert.match(msg('onnx/bad_external_escape.onnx'), /external file '\.\.\/\.\.\/secret\.bin', which is not a plain file name/);
    assert.match(msg('onnx/bad_external_missing.onnx'), /external file 'bad_external_missing\.onnx\.data', which is not beside the model/);
    assert.ok(!existsSync(join(ROOT, 'onnx', 'bad_external_missing.onnx.data')));
  });
});

describe('readers: ONNX wire format under hostile bytes', () => {
  const refused = (bytes: number[]): { message: string; offset: number } => {
    try {
      readOnnx(new Uint8Array(bytes));
    } catch (e) {
      assert.ok(e instanceof WeightFileError && e.place.kind === 'byte', String(e));
      return { message: e.message, offset: e.place.offset };
    }
    assert.fail('accepted');
  };
  it('a varint longer than 10 bytes', () => {
    const r = refused([0x08, ...new Array<number>(11).fill(0xff), 0x01]);
    assert.match(r.message, /varint is longer than 10 bytes/);
    assert.equal(r.offset, 1);
  });
  it('a varint cut by the end of the file', () => {
    assert.match(refused([0x08, 0x80, 0x80]).message, /varint runs past the end/);
  });
  it('a length past the end of its message, at the field that claims it', () => {
    const r = refused([0x08, 0x07, 0x3a, 0x90, 0x4e, 0x0a]); // ir_version 7, graph of 10000 bytes in a 6-byte file
    assert.match(r.message, /field 7: length 10000 runs past the end of the message at byte 6/);
    assert.equal(r.offset, 2);
  });
  it('obsolete group wire types and field number 0', () => {
    assert.match(refused([0x0b]).message, /wire type 3/);
    assert.match(refused([0x00, 0x00]).message, /field number 0/);
  });
  it('a model without a graph, and a graph without recurrent nodes', () => {
    assert.match(refused([0x08, 0x07]).message, /no graph in this file/);
    assert.match(refused([0x3a, 0x00]).message, /no RNN, LSTM or GRU node/);
  });
});
