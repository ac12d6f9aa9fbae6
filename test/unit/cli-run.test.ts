import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failedVerdicts } from '../../src/cli/analyze';
import type { CliIO } from '../../src/cli/io';
import { run } from '../../src/cli/run';
import { analysisReport, matrixReport } from './cliHelpers';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...argv: string[]): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, env: {} };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

function oneLineError(r: Captured): string {
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.split('\n').length, 2, `one line on stderr: ${r.stderr}`);
  assert.ok(!/\n\s+at /.test(r.stderr), 'no stack frames');
  return r.stderr.trimEnd();
}

describe('cli: run (in process)', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rgl-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the version from package.json', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const r = await cli('--version');
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `rnn-gradient-lens ${pkg.version}\n`);
  });

  it('prints help with exit 0, and usage with exit 2 when no command is given', async () => {
    const help = await cli('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /analyze/);
    const none = await cli();
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^usage: rnn-gradient-lens/);
    const sub = await cli('analyze', '--help');
    assert.equal(sub.code, 0);
    assert.match(sub.stdout, /--fail-on LIST/);
  });

  it('refuses an unknown command and bad options with exit 2 and one line', async () => {
    assert.match(oneLineError(await cli('analyse', 'x.json')), /unknown command 'analyse'/);
    const bad = await cli('analyze', 'x.json', '--horizon', 'ten');
    assert.equal(bad.code, 2);
    assert.match(oneLineError(bad), /^rnn-gradient-lens analyze: --horizon expects a finite number, got 'ten'/);
  });

  it('names a missing file', async () => {
    const path = join(dir, 'missing.json');
    const r = await cli('analyze', path);
    assert.equal(r.code, 2);
    assert.equal(oneLineError(r), `${path}: no such file`);
  });

  it('refuses a file over --max-size before reading it, naming the flag', async () => {
    const path = join(dir, 'big.json');
    writeFileSync(path, Buffer.alloc(2 * 1024 * 1024, 0x20));
    const r = await cli('analyze', path, '--max-size', '1');
    assert.equal(r.code, 2);
    assert.equal(oneLineError(r), `${path}: the file is 2.0 MB, more than the limit of 1.0 MB; raise --max-size to read it`);
  });

  it('applies --max-size to the --upstream file too', async () => {
    const up = join(dir, 'big-up.json');
    writeFileSync(up, Buffer.alloc(2 * 1024 * 1024, 0x20));
    const r = await cli('analyze', join(dir, 'w.json'), '--upstream', up, '--max-size', '1');
    assert.equal(r.code, 2);
    assert.equal(oneLineError(r), `${up}: the file is 2.0 MB, more than the limit of 1.0 MB; raise --max-size to read it`);
  });

  it('locates a bad --upstream file under its own name', async () => {
    const up = join(dir, 'up.json');
    writeFileSync(up, '{"dLdo": [[0.5, 0.5],\n [1, "x"]]}');
    const r = await cli('analyze', join(dir, 'w.json'), '--upstream', up);
    assert.equal(r.code, 2);
    assert.equal(oneLineError(r), `${up}:2:6: row 2, col 2: entry is not a finite number`);
  });

  it('report reads its inputs as analyze does: size bounds, missing files, upstream width', async () => {
    const big = join(dir, 'big-r.json');
    writeFileSync(big, Buffer.alloc(2 * 1024 * 1024, 0x20));
    const w = join(dir, 'w2.json');
    writeFileSync(w, '[[0.5, 0.1], [0.0, 0.5]]');
    const up = join(dir, 'up3.json');
    writeFileSync(up, '[[1, 2, 3]]');
    const out = join(dir, 'out.html');
    const cases: string[][] = [
      [big, '--max-size', '1'],
      [w, '--upstream', big, '--max-size', '1'],
      [join(dir, 'missing.json')],
      [w, '--upstream', up],
      [w, '--matrix', 'nope'],
    ];
    for (const args of cases) {
      const a = await cli('analyze', ...args);
      const r = await cli('report', ...args, '-o', out);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(oneLineError(r), oneLineError(a), args.join(' '));
    }
  });

  it('lists every subcommand in --help', async () => {
    const r = await cli('--help');
    assert.match(r.stdout, /\n {2}analyze +\S/);
    assert.match(r.stdout, /\n {2}report +\S/);
  });

  it('matches --fail-on against every analysed matrix', () => {
    const report = analysisReport([matrixReport(8, 0.8, 60), matrixReport(8, 1.2, 60)], 60);
    assert.deepEqual(failedVerdicts(report, ['transient-growth']), []);
    assert.deepEqual(failedVerdicts(report, ['exploding', 'vanishing']), ['exploding', 'vanishing']);
    assert.deepEqual(failedVerdicts(report, []), []);
  });
});
