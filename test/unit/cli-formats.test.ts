import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisReport } from '../../src/core/report';
import { assertClose, ensureBuilt, expectRefusal, ROOT, runCli } from './cliProcess';

const DIR = join('test', 'fixtures', 'formats');

interface ExpectedMatrix {
  shape: [number, number];
  role: string;
  name?: string;
  spectralRadius?: number;
  spectralNorm?: number;
  gateSpectralRadius?: Record<string, number>;
}
type Expected = Record<string, { note: string; matrices: ExpectedMatrix[] }>;

const expected = JSON.parse(readFileSync(join(ROOT, DIR, 'expected.json'), 'utf8')) as Expected;
const files = readdirSync(join(ROOT, DIR)).filter((f) => f !== 'expected.json').sort();
/** Where a refusal points: line:col, row/col, or byte offset. */
const PLACE = /^[^:]+:\d+:\d+: |: row \d+, col \d+: |: byte \d+: /;

describe('cli: every file in test/fixtures/formats, as a user runs it', function () {
  this.timeout(60_000);
  before(ensureBuilt);

  it('has an expectation for every fixture file', () => {
    assert.deepEqual(files, Object.keys(expected).sort());
  });

  for (const file of files.filter((f) => f.startsWith('bad_'))) {
    it(`refuses ${file} with one located line and exit 2 (${expected[file]?.note})`, () => {
      const path = join(DIR, file);
      const line = expectRefusal(runCli(['analyze', path, '--json']));
      assert.ok(line.startsWith(path), `names the file: ${line}`);
      assert.match(line, PLACE, `says where: ${line}`);
    });
  }

  for (const file of files.filter((f) => !f.startsWith('bad_'))) {
    it(`reads ${file}: ${expected[file]?.note}`, () => {
      const path = join(DIR, file);
      const r = runCli(['analyze', path, '--json']);
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout) as AnalysisReport;
      assert.equal(report.tool, 'rnn-gradient-lens');
      assert.equal(report.file, path);
      const want = expected[file]?.matrices ?? [];
      assert.equal(report.matrices.length, want.length, `matrices found: ${report.matrices.map((m) => m.name).join(', ')}`);
      want.forEach((w, i) => {
        const got = w.name === undefined ? report.matrices[i] : report.matrices.find((m) => m.name === w.name);
        assert.ok(got, `matrix ${w.name ?? i} in the report`);
        assert.deepEqual(got.shape, w.shape);
        assert.equal(got.role, w.role);
        if (w.spectralRadius !== undefined) assertClose(got.spectralRadius, w.spectralRadius, 1e-7, 'spectral radius');
        if (w.spectralNorm !== undefined) assertClose(got.spectralNorm, w.spectralNorm, 1e-7, 'spectral norm');
        if (w.gateSpectralRadius) {
          const gates = got.gates ?? [];
          assert.deepEqual(gates.map((g) => g.gate), Object.keys(w.gateSpectralRadius), 'gates in stack order');
          for (const g of gates) assertClose(g.spectralRadius, w.gateSpectralRadius[g.gate] ?? NaN, 1e-7, `gate ${g.gate} radius`);
        }
      });
    });
  }
});
