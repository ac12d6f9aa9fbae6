/**
 * Files beside a model (ONNX external data), as the CLI and the editor's worker open them: only a
 * plain name in the model's own folder, only a regular file. Radii come from
 * test/fixtures/checkpoints/onnx/expected.json (numpy, scripts/fixtures/make_keras_onnx_fixtures.py).
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import type { GateReport } from '../../src/core/report';
import { handleRequest } from '../../src/extension/worker/handleRequest';
import type { FileSource } from '../../src/extension/pure/workerProtocol';
import { isPlainName, siblingOpener } from '../../src/node/siblings';
import { assertClose } from './cliProcess';

const ONNX = join(__dirname, '..', 'fixtures', 'checkpoints', 'onnx');
type Expected = Record<string, { matrices: { name: string; gateSpectralRadius?: Record<string, number> }[] }>;
const expected = JSON.parse(readFileSync(join(ONNX, 'expected.json'), 'utf8')) as Expected;

describe('files beside a model', () => {
  let root: string;
  let model: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'siblings-'));
    mkdirSync(join(root, 'models', 'sub'), { recursive: true });
    model = join(root, 'models', 'm.onnx');
    writeFileSync(model, 'model');
    writeFileSync(join(root, 'models', 'm.data'), Uint8Array.from([1, 2, 3, 4, 5]));
    writeFileSync(join(root, 'outside.data'), 'secret');
    writeFileSync(join(root, 'models', 'sub', 'x.data'), 'nested');
    symlinkSync(join(root, 'outside.data'), join(root, 'models', 'link.data'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('opens a plain name in the model’s folder and reads it by offset', () => {
    const f = siblingOpener(model)('m.data');
    assert.ok(f);
    assert.equal(f.size, 5);
    assert.deepEqual([...f.read(1, 3)], [2, 3, 4]);
  });

  it('never resolves a path, even to a file that exists', () => {
    const outside = join(root, 'outside.data');
    for (const name of ['../outside.data', outside, 'sub/x.data', 'sub\\x.data', '..', '.', '', 'C:x.data', 'm.data\0']) {
      assert.equal(isPlainName(name), false, name);
      assert.equal(siblingOpener(model)(name), undefined, name);
    }
  });

  it('opens no folder, no symlink and no missing file', () => {
    for (const name of ['sub', 'link.data', 'none.data']) assert.equal(siblingOpener(model)(name), undefined, name);
  });

  describe('through the editor’s worker', () => {
    const run = (file: string, source: FileSource) =>
      handleRequest({ kind: 'file', id: 1, fileName: file, displayName: file, source, read: {}, options: DEFAULT_OPTIONS });

    it('a model on disk reads its external data: numpy’s radii gate by gate', () => {
      const reply = run('lstm_external.onnx', { path: join(ONNX, 'lstm_external.onnx') });
      assert.ok(reply.ok && reply.kind === 'file', JSON.stringify(reply));
      const want = expected['lstm_external.onnx']?.matrices ?? [];
      assert.deepEqual(reply.report.matrices.map((m) => m.name), want.map((m) => m.name));
      for (const [i, w] of want.entries()) {
        const gates: readonly GateReport[] = reply.report.matrices[i]?.gates ?? [];
        assert.deepEqual(gates.map((g) => g.gate), Object.keys(w.gateSpectralRadius ?? {}));
        for (const g of gates) assertClose(g.spectralRadius, w.gateSpectralRadius?.[g.gate] ?? NaN, 1e-9, `${w.name} gate ${g.gate}`);
      }
    });

    it('bytes without a folder, a missing file and a path out of the folder: one located refusal each', () => {
      const refusal = (file: string, source: FileSource): string => {
        const reply = run(file, source);
        assert.ok(!reply.ok && reply.error.name === 'WeightFileError' && 'place' in reply.error && reply.error.place.kind === 'byte', JSON.stringify(reply));
        return reply.error.message;
      };
      const bytes = new Uint8Array(readFileSync(join(ONNX, 'lstm_external.onnx')));
      assert.match(refusal('lstm_external.onnx', { bytes }), /external file 'lstm_external\.onnx\.data', and files beside the model cannot be opened here/);
      assert.match(refusal('bad_external_missing.onnx', { path: join(ONNX, 'bad_external_missing.onnx') }), /external file 'bad_external_missing\.onnx\.data', which is not beside the model/);
      assert.match(refusal('bad_external_escape.onnx', { path: join(ONNX, 'bad_external_escape.onnx') }), /external file '\.\.\/\.\.\/secret\.bin', which is not a plain file name/);
    });
  });
});
