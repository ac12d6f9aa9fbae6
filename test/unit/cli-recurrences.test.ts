/**
 * `analyze` on modern recurrent checkpoints, as a user runs it (spawned CLI): the table of layers,
 * `--json` carrying recurrences[] equal to the numpy fixtures, a file mixing a Mamba backbone and
 * an LSTM head giving both, `--kind` and `--delta-scale`.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { AnalysisReport } from '../../src/core/report';
import { assertClose, ensureBuilt, expectRefusal, runCli } from './cliProcess';
import { recurrenceExpected } from './recurrenceFixtures';

const DIR = join('test', 'fixtures', 'recurrences');
const expected = recurrenceExpected();
const json = (file: string, ...more: string[]): AnalysisReport => {
  const r = runCli(['analyze', join(DIR, file), '--json', ...more]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as AnalysisReport;
};

describe('cli: modern recurrences (test/fixtures/recurrences)', function () {
  this.timeout(60_000);
  before(ensureBuilt);

  for (const [file, want] of Object.entries(expected.files)) {
    if (want.refused !== undefined) continue;
    it(`${file}: --json carries recurrences[] as numpy computed them`, () => {
      const report = json(file, ...(want.kind ? ['--kind', want.kind] : []));
      const recs = want.recurrences ?? [];
      assert.equal(report.recurrences.length, recs.length);
      recs.forEach((w, i) => {
        const g = report.recurrences[i];
        assert.ok(g);
        assert.deepEqual([g.layer, g.kind, g.channels, g.nonDecaying, g.verdict], [w.layer, w.kind, w.channels, w.nonDecaying, w.verdict]);
        assertClose(g.spectralRadius, w.spectralRadius, 1e-9, `${w.layer} ρ`);
        if (w.halfLife) for (const k of ['min', 'median', 'max'] as const) assertClose(g.halfLife?.[k], w.halfLife[k], 1e-9, `${w.layer} half-life ${k}`);
        assert.ok(g.assumption.length > 0);
      });
    });
  }

  it('prints one row per layer with kind, channels, ρ, half-lives and verdict, and never "no square matrix"', () => {
    const r = runCli(['analyze', join(DIR, 'mamba.safetensors')]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /no square matrix/);
    for (const w of expected.files['mamba.safetensors']?.recurrences ?? []) {
      const row = r.stdout.split('\n').find((l) => l.trimStart().startsWith(w.layer));
      assert.ok(row, `a row for ${w.layer}`);
      assert.match(row, new RegExp(`${w.kind} +${w.channels} .* ${w.verdict}${w.nonDecaying > 0 ? ` \\(${w.nonDecaying}\\)` : ''}$`));
    }
    assert.match(r.stdout, /Δ is the step at zero input, softplus\(dt_proj\.bias\)/);
    for (const line of r.stdout.split('\n').slice(1)) assert.ok(line.length <= 80, `fits 80 columns: ${line}`);
  });

  it('a Mamba backbone with an LSTM head gives both the recurrences and the gate stack', () => {
    const report = json('mamba_lstm_head.safetensors');
    assert.equal(report.recurrences.length, 2);
    assert.deepEqual(report.matrices.map((m) => [m.name, m.role]), [['head.lstm.weight_hh_l0', 'lstm']]);
    const text = runCli(['analyze', join(DIR, 'mamba_lstm_head.safetensors')]).stdout;
    assert.match(text, /head\.lstm\.weight_hh_l0/);
    assert.match(text, /modern recurrences \(2 layers/);
  });

  it('--kind reads unusual names; without it they are not guessed', () => {
    assert.equal(json('unusual_names.safetensors').recurrences.length, 0);
    assert.equal(json('unusual_names.safetensors', '--kind', 'mamba').recurrences[0]?.layer, 'enc.0.ssm');
    assert.match(expectRefusal(runCli(['analyze', join(DIR, 'mamba.safetensors'), '--kind', 'gru'])), /--kind expects one of mamba, mamba2/);
  });

  it('--delta-scale c divides every half-life by c (λ → λ^c)', () => {
    const base = json('s4d.safetensors').recurrences;
    const scaled = json('s4d.safetensors', '--delta-scale', '4').recurrences;
    base.forEach((b, i) => {
      const s = scaled[i];
      assert.equal(s?.deltaScale, 4);
      assertClose(s?.halfLife?.max, (b.halfLife?.max ?? NaN) / 4, 1e-12, 'max half-life');
      assertClose(s?.spectralRadius, b.spectralRadius ** 4, 1e-12, 'radius');
    });
  });

  it('a layer that needs a quantised tensor is refused with the tensor and its byte', () => {
    const line = expectRefusal(runCli(['analyze', join(DIR, 'mamba_q8.gguf')]));
    assert.match(line, /mamba_q8\.gguf: byte \d+: layer blk\.0: blk\.0\.ssm_a \(Q8_0\): Q8_0 is quantised/);
  });
});
