import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisReport } from '../../src/core/report';
import { assertClose, ensureBuilt, expectRefusal, ROOT, runCli } from './cliProcess';
import type { ExpectedCheckpoint } from './readers.checkpoints.test';

describe('cli: checkpoints in test/fixtures/checkpoints, as a user runs them', function () {
  this.timeout(60_000);
  before(ensureBuilt);

  for (const kind of readdirSync(join(ROOT, 'test', 'fixtures', 'checkpoints')).sort()) {
    const dir = join('test', 'fixtures', 'checkpoints', kind);
    const expected = JSON.parse(readFileSync(join(ROOT, dir, 'expected.json'), 'utf8')) as Record<string, { note: string; matrices: ExpectedCheckpoint[] }>;
    const files = readdirSync(join(ROOT, dir)).filter((f) => /\.(h5|keras|onnx|pt|pth|ckpt|npz)$/.test(f)).sort();

    for (const file of files.filter((f) => f.startsWith('bad_'))) {
      it(`refuses ${kind}/${file} with exit 2 and one line at a byte offset`, () => {
        const path = join(dir, file);
        const line = expectRefusal(runCli(['analyze', path, '--json']));
        assert.match(line, new RegExp(`^${path.replace(/[.]/g, '\\.')}: byte \\d+: `), line);
      });
    }

    for (const file of files.filter((f) => !f.startsWith('bad_'))) {
      it(`reads ${kind}/${file}: numpy's radii gate by gate, to 1e-9`, () => {
        const path = join(dir, file);
        const r = runCli(['analyze', path, '--json']);
        assert.equal(r.code, 0, r.stderr);
        const report = JSON.parse(r.stdout) as AnalysisReport;
        const want = expected[file]?.matrices ?? [];
        assert.deepEqual(report.matrices.map((m) => m.name).sort(), want.map((w) => w.name).sort());
        for (const w of want) {
          const got = report.matrices.find((m) => m.name === w.name);
          assert.ok(got, w.name);
          assert.deepEqual(got.shape, w.shape);
          assert.equal(got.role, w.role);
          if (w.spectralRadius !== undefined) assertClose(got.spectralRadius, w.spectralRadius, 1e-9, `${w.name} radius`);
          for (const g of got.gates ?? []) assertClose(g.spectralRadius, w.gateSpectralRadius?.[g.gate] ?? NaN, 1e-9, `${w.name} gate ${g.gate}`);
        }
      });
    }
  }

  it('--matrix takes a name shown in the report (an ONNX node and direction)', () => {
    const r = runCli(['analyze', join('test', 'fixtures', 'checkpoints', 'onnx', 'bilstm.onnx'), '--matrix', '/rnn/LSTM:reverse', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as AnalysisReport).matrices.map((m) => m.name), ['/rnn/LSTM:reverse']);
  });
});
