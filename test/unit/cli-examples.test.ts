import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalysisReport } from '../../src/core/report';
import { ensureBuilt, expectRefusal, ROOT, runCli } from './cliProcess';

/** The verdicts examples/README.md claims, read from its table: `| \`file\` | ... | verdict |`. */
function claimedVerdicts(): Map<string, string> {
  const text = readFileSync(join(ROOT, 'examples', 'README.md'), 'utf8');
  const claims = new Map<string, string>();
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const file = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    const verdict = cells[cells.length - 2];
    if (file && verdict) claims.set(file, verdict);
  }
  return claims;
}

describe('cli: the examples tell the story their README claims', function () {
  this.timeout(60_000);
  before(ensureBuilt);
  const claims = claimedVerdicts();
  const dataFiles = readdirSync(join(ROOT, 'examples')).filter((f) => f !== 'README.md').sort();

  it('the README has a verdict for every example file', () => {
    assert.deepEqual([...claims.keys()].sort(), dataFiles);
  });

  for (const [file, verdict] of claims) {
    it(`${file} is ${verdict}`, () => {
      const r = runCli(['analyze', join('examples', file), '--json']);
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout) as AnalysisReport;
      assert.ok(report.matrices.length > 0);
      for (const m of report.matrices) assert.equal(m.verdict, verdict, `${m.name}`);
    });
  }

  it('npm run example: a readable report of exploding.json in 80 columns, no colour when piped', () => {
    const r = runCli(['analyze', 'examples/exploding.json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^examples\/exploding\.json {2}\(json, 1 matrix, horizon T = 60\)/);
    assert.match(r.stdout, /rnn\.weight_hh_l0 {2}32×32 · rnn · pytorch/);
    assert.match(r.stdout, /verdict +EXPLODING over T = 60/);
    assert.match(r.stdout, /growth ‖W\^T‖ +×\d\.\de\+\d\d over T = 60/);
    assert.ok(!r.stdout.includes('\x1b['), 'no escape codes');
    for (const line of r.stdout.split('\n')) assert.ok(line.length <= 80, line);
  });

  it('a Keras LSTM prints its gates table in stack order with the radii of the JSON report', () => {
    const json = runCli(['analyze', 'examples/keras_lstm.json', '--json']);
    const text = runCli(['analyze', 'examples/keras_lstm.json']);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(text.code, 0, text.stderr);
    const m = (JSON.parse(json.stdout) as AnalysisReport).matrices[0];
    assert.ok(m?.gates);
    assert.deepEqual(m.gates.map((g) => g.gate), ['i', 'f', 'c', 'o']);
    assert.match(text.stdout, /lstm\/recurrent_kernel {2}16×64 · lstm · keras/);
    const rows = text.stdout.split('\n').filter((l) => /^ {4}[ifco] +\d/.test(l));
    assert.deepEqual(rows.map((l) => l.trim().split(/\s+/)[0]), ['i', 'f', 'c', 'o']);
    rows.forEach((row, i) => {
      const rho = Number(row.trim().split(/\s+/)[1]);
      assert.ok(Math.abs(rho - (m.gates?.[i]?.spectralRadius ?? NaN)) < 1e-5, `${row} vs ${m.gates?.[i]?.spectralRadius}`);
    });
    assert.match(text.stdout, /forget bias b = 1 \(file\)/);
  });

  it('--fail-on exits 1 only when a verdict matches', () => {
    const hit = runCli(['analyze', 'examples/exploding.json', '--fail-on', 'vanishing,exploding']);
    assert.equal(hit.code, 1);
    assert.match(hit.stderr, /--fail-on matched: exploding/);
    assert.equal(runCli(['analyze', 'examples/exploding.json', '--fail-on', 'vanishing,transient-growth']).code, 0);
    const json = runCli(['analyze', 'examples/transient-growth.json', '--json', '--fail-on', 'transient-growth']);
    assert.equal(json.code, 1);
    assert.equal((JSON.parse(json.stdout) as AnalysisReport).matrices[0]?.verdict, 'transient-growth', 'the report is still printed');
    assert.equal(json.stderr, 'rnn-gradient-lens: --fail-on matched: transient-growth\n');
    assert.equal(runCli(['analyze', 'examples/orthogonal.json', '--fail-on', 'exploding,vanishing,transient-growth']).code, 0);
  });

  it('--matrix picks a tensor, and names the candidates when it is not there', () => {
    const ok = runCli(['analyze', 'examples/exploding.json', '--json', '--matrix', 'rnn.weight_hh_l0']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual((JSON.parse(ok.stdout) as AnalysisReport).matrices.map((m) => m.name), ['rnn.weight_hh_l0']);
    const line = expectRefusal(runCli(['analyze', 'examples/exploding.json', '--matrix', 'W']));
    assert.equal(line, "examples/exploding.json: no matrix named 'W'; the file has: rnn.weight_hh_l0");
  });

  it('options reach the report: horizon, scale, clip, forget bias, loss position', () => {
    const r = runCli(['analyze', 'examples/vanishing.json', '--json', '--horizon', '200', '--scale', '1.5', '--clip', '0.5', '--forget-bias', '-2', '--loss-at', 'last']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as AnalysisReport;
    const m = report.matrices[0];
    assert.ok(m);
    assert.equal(report.horizon, 200);
    assert.equal(m.log10PowerNorms.length, 201);
    assert.equal(m.scale, 1.5);
    assert.equal(m.trajectory.lossAt, 'last-step');
    assert.equal(m.trajectory.clipping?.tau, 0.5);
    assert.equal(m.trajectory.lstm?.forgetBias, -2);
  });

  it('a file whose upstream rows do not fit the matrix is refused at the upstream file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rgl-up-'));
    try {
      const up = join(dir, 'up.json');
      writeFileSync(up, JSON.stringify({ dLdo: [[1, 0, 0]] }));
      const line = expectRefusal(runCli(['analyze', 'examples/exploding.json', '--upstream', up]));
      assert.equal(line, `${up}:1:10: row 1, col 1: rows have 3 values but 'rnn.weight_hh_l0' has hidden size 32`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('usage errors and unreadable paths exit 2 from the real process, one line each', () => {
    assert.match(expectRefusal(runCli(['analyze', 'examples/exploding.json', '--horizon', '0'])), /--horizon expects an integer from 1/);
    assert.match(expectRefusal(runCli(['analyze'])), /needs a weights file/);
    assert.match(expectRefusal(runCli(['frobnicate'])), /unknown command 'frobnicate'/);
    assert.equal(expectRefusal(runCli(['analyze', 'examples'])), 'examples: not a regular file');
    assert.equal(runCli(['--version']).code, 0);
  });

  it('a reader that closes the pipe early (| head) ends the CLI quietly, without a stack trace', async () => {
    // --horizon 20000 makes megabytes of JSON, far more than one pipe buffer.
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'rnn-gradient-lens.js'), 'analyze', 'test/fixtures/formats/nested.json', '--json', '--horizon', '20000'], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });

  it('the committed examples are exactly what scripts/make-examples.mjs writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rgl-examples-'));
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'make-examples.mjs'), dir], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      for (const f of dataFiles) assert.ok(readFileSync(join(dir, f)).equals(readFileSync(join(ROOT, 'examples', f))), `${f} is reproducible`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
