import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAnalyzeArgs } from '../../src/cli/args';
import { DEFAULT_TIMEOUT_SECONDS, EXIT_GAVE_UP, runWithin } from '../../src/cli/budget';
import { TEST_SPIN_ENV } from '../../src/core/progress';
import type { AnalysisReport } from '../../src/core/report';
import { ensureBuilt, expectRefusal, ROOT, runCli } from './cliProcess';

/** Two copies of the vanishing example's W_hh; the second one's name arms the test spin hook. */
function writeSpinFile(dir: string): string {
  const w = (JSON.parse(readFileSync(join(ROOT, 'examples', 'vanishing.json'), 'utf8')) as { W_hh: number[][] }).W_hh;
  const path = join(dir, 'two.json');
  writeFileSync(path, JSON.stringify({ W_first: w, W_hh__spin: w }));
  return path;
}

describe('CLI --timeout', function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;
  let full: AnalysisReport;
  before(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'rgl-timeout-'));
    file = writeSpinFile(dir);
    // Without the harness's variable nothing spins: the same file analyses to the end.
    const r = runCli(['analyze', file, '--json', '--timeout', '30']);
    assert.equal(r.code, 0, r.stderr);
    full = JSON.parse(r.stdout) as AnalysisReport;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives up with exit 4, one stderr line, and the partial report marked incomplete (--json)', () => {
    // Long enough for the first matrix to finish even on a loaded machine; the second never does.
    const r = runCli(['analyze', file, '--json', '--timeout', '3'], { [TEST_SPIN_ENV]: 'power-norms' });
    assert.equal(r.code, EXIT_GAVE_UP);
    assert.equal(r.stderr, `rnn-gradient-lens: ${file}: gave up after 3 s while computing the singular values of 'W_hh__spin' (--timeout 3; 0 for no limit)\n`);
    type PartialMatrix = { name: string; complete: boolean; spectralRadius?: number; spectralNorm?: number; eigenvalues?: unknown; verdict?: string; stages: string[] };
    const partial = JSON.parse(r.stdout) as { incomplete: boolean; gaveUpAfterSeconds: number; activity: string; matrices: PartialMatrix[] };
    assert.equal(partial.incomplete, true);
    assert.equal(partial.gaveUpAfterSeconds, 3);
    assert.equal(partial.activity, 'norms');
    const [first, spun] = partial.matrices;
    const [fullFirst, fullSpun] = full.matrices;
    assert.ok(first && spun && fullFirst && fullSpun);
    assert.equal(first.complete, true);
    assert.equal(first.verdict, fullFirst.verdict);
    assert.equal(spun.complete, false);
    assert.deepEqual(spun.stages, ['spectrum', 'power-norms']);
    // The numbers computed before the stop are the full run's numbers.
    assert.equal(spun.spectralRadius, fullSpun.spectralRadius);
    assert.equal(spun.spectralNorm, fullSpun.spectralNorm);
    assert.deepEqual(spun.eigenvalues, fullSpun.eigenvalues);
  });

  it('prints the partial numbers as text, marked INCOMPLETE', () => {
    const r = runCli(['analyze', file, '--timeout', '3'], { [TEST_SPIN_ENV]: 'spectrum' });
    assert.equal(r.code, EXIT_GAVE_UP);
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 1);
    assert.match(r.stderr, /gave up after 3 s while computing ‖W\^k‖ \(the power norms\) of 'W_hh__spin'/);
    assert.match(r.stdout, /INCOMPLETE/);
    assert.match(r.stdout, /W_first \[32×32\] complete, vanishing/);
    assert.match(r.stdout, /W_hh__spin \[32×32\] incomplete: ρ = /);
  });

  it('report: gives up the same way and writes no page', () => {
    const out = join(dir, 'page.html');
    const r = runCli(['report', file, '-o', out, '--timeout', '0.5'], { [TEST_SPIN_ENV]: 'spectrum' });
    assert.equal(r.code, EXIT_GAVE_UP);
    assert.match(r.stderr, /gave up after 0\.5 s while computing/);
    assert.equal(existsSync(out), false);
  });

  it('track: a checkpoint that gives up is skipped with its line, the others are reported (exit 3)', () => {
    const run = join(dir, 'run');
    mkdirSync(run);
    const w = JSON.parse(readFileSync(file, 'utf8')) as { W_first: number[][] };
    writeFileSync(join(run, 'step_1.json'), JSON.stringify({ W_hh: w.W_first }));
    writeFileSync(join(run, 'step_2.json'), JSON.stringify({ W_hh__spin: w.W_first }));
    const r = runCli(['track', run, '--json', '--timeout', '3'], { [TEST_SPIN_ENV]: 'spectrum' });
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.stderr, `${join(run, 'step_2.json')}: gave up after 3 s while computing ‖W^k‖ (the power norms) of 'W_hh__spin' (--timeout 3) (skipped)\n`);
    const out = JSON.parse(r.stdout) as { checkpoints: { file: string }[] };
    assert.deepEqual(out.checkpoints.map((c) => c.file), [join(run, 'step_1.json')]);
  });

  it('validates --timeout and defaults it to 120 s', () => {
    assert.equal(parseAnalyzeArgs(['f.json']).timeoutSeconds, DEFAULT_TIMEOUT_SECONDS);
    assert.equal(DEFAULT_TIMEOUT_SECONDS, 120);
    assert.equal(parseAnalyzeArgs(['f.json', '--timeout', '0']).timeoutSeconds, 0);
    assert.equal(parseAnalyzeArgs(['f.json', '--timeout', '2.5']).timeoutSeconds, 2.5);
    for (const bad of ['-1', '1e9']) {
      assert.throws(() => parseAnalyzeArgs(['f.json', '--timeout', bad]), /--timeout expects seconds from 0 \(no limit\) to 86400/);
    }
    assert.throws(() => parseAnalyzeArgs(['f.json', '--timeout', 'abc']), /--timeout expects a finite number/);
    const line = expectRefusal(runCli(['analyze', file, '--timeout', 'soon']));
    assert.match(line, /--timeout expects a finite number, got 'soon'/);
  });

  it('runWithin stops a busy loop and leaves the thread usable; 0 means no limit', () => {
    let ticks = 0;
    const r = runWithin(50, () => {
      for (;;) ticks++;
    });
    assert.equal(r.done, false);
    assert.ok(ticks > 0);
    assert.deepEqual(runWithin(0, () => 42), { done: true, value: 42 });
    assert.deepEqual(runWithin(1000, () => 'x'), { done: true, value: 'x' });
    assert.throws(() => runWithin(1000, () => {
      throw new RangeError('inner');
    }), RangeError);
  });
});
