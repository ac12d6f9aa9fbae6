import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt, ROOT } from './cliProcess';

/**
 * Runs the CLI with its stdout on a pipe whose open file is non-blocking and drained only after
 * a pause, then prints what it read. Python sets the flag: Node's own spawn makes a child's
 * stdio blocking, which would hide the case (a parent that shares a non-blocking pipe).
 */
const HARNESS = `
import os, subprocess, sys, time
r, w = os.pipe()
os.set_blocking(w, False)
p = subprocess.Popen(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)
os.close(w)
time.sleep(0.3)
with os.fdopen(r, 'rb') as f:
    data = f.read()
err = p.stderr.read()
p.wait()
sys.stderr.buffer.write(err)
sys.stdout.buffer.write(data)
sys.exit(p.returncode)
`;

describe('cli: output descriptors (process)', function () {
  this.timeout(60_000);
  before(ensureBuilt);

  it('a stdout pipe that another process made non-blocking still gets the whole report', function () {
    if (spawnSync('python3', ['-c', 'import os; os.set_blocking'], { stdio: 'ignore' }).status !== 0) this.skip();
    // --horizon 20000 makes megabytes of JSON, many pipe buffers' worth: writes meet EAGAIN.
    const cli = [process.execPath, join(ROOT, 'bin', 'rnn-gradient-lens.js'), 'analyze', 'examples/exploding.json', '--json', '--horizon', '20000'];
    const r = spawnSync('python3', ['-c', HARNESS, ...cli], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const report = JSON.parse(r.stdout) as { matrices: { log10PowerNorms: unknown[] }[] };
    assert.equal(report.matrices[0]?.log10PowerNorms.length, 20001);
  });
});
