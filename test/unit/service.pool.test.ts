import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { CancelledError, WorkerPool } from '../../src/extension/service/workerPool';

describe('service: worker pool', () => {
  let dir: string;
  let script: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rgl-pool-'));
    script = join(dir, 'echo-worker.js');
    // Replies at once, or never for `hang` (a job that only termination can stop).
    writeFileSync(
      script,
      "const { parentPort } = require('node:worker_threads');\n" +
        "parentPort.on('message', (m) => { if (m.name === 'hang') return; parentPort.postMessage({ id: m.id, ok: true, kind: 'matrix', matrix: { name: m.name } }); });\n",
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const req = (name: string) => ({ kind: 'matrix' as const, name, rows: [[1]], options: DEFAULT_OPTIONS });

  it('runs jobs in order and leaves no worker after dispose', async () => {
    const pool = new WorkerPool(script, { size: 1, idleMs: 60_000, maxHeapMb: 256 });
    const started: string[] = [];
    const [a, b] = await Promise.all([pool.run(req('a'), undefined, () => started.push('a')), pool.run(req('b'), undefined, () => started.push('b'))]);
    assert.deepEqual(started, ['a', 'b']);
    assert.equal(a.ok && a.kind === 'matrix' && a.matrix.name, 'a');
    assert.equal(b.ok && b.kind === 'matrix' && b.matrix.name, 'b');
    assert.equal(pool.liveWorkers, 1);
    pool.dispose();
    assert.equal(pool.liveWorkers, 0);
    await assert.rejects(pool.run(req('c')), CancelledError);
  });

  it('cancels a running job by replacing its worker, and a queued one by dropping it', async () => {
    const pool = new WorkerPool(script, { size: 1, idleMs: 60_000, maxHeapMb: 256 });
    const running = new AbortController();
    const queued = new AbortController();
    const p1 = pool.run(req('hang'), running.signal);
    const p2 = pool.run(req('queued'), queued.signal);
    const p3 = pool.run(req('after'));
    queued.abort();
    await assert.rejects(p2, CancelledError);
    running.abort();
    await assert.rejects(p1, CancelledError);
    const r3 = await p3;
    assert.equal(r3.ok && r3.kind === 'matrix' && r3.matrix.name, 'after');
    assert.equal(pool.liveWorkers, 1);
    assert.equal(pool.pendingJobs, 0);
    pool.dispose();
    assert.equal(pool.liveWorkers, 0);
  });

  it('rejects the jobs of a disposed pool instead of leaving them hanging', async () => {
    const pool = new WorkerPool(script, { size: 1, idleMs: 60_000, maxHeapMb: 256 });
    const p = pool.run(req('hang'));
    const q = pool.run(req('x'));
    pool.dispose();
    await assert.rejects(p, CancelledError);
    await assert.rejects(q, CancelledError);
  });

  it('starts one extra worker while a long job holds the only one, then shrinks back', async () => {
    const pool = new WorkerPool(script, { size: 1, idleMs: 60_000, maxHeapMb: 256, burst: 2, burstAfterMs: 0 });
    const hung = new AbortController();
    const p = pool.run(req('hang'), hung.signal);
    const quick = await pool.run(req('small'));
    assert.equal(quick.ok && quick.kind === 'matrix' && quick.matrix.name, 'small');
    assert.equal(pool.liveWorkers, 1, 'the burst worker left after its job; the hung one remains');
    hung.abort();
    await assert.rejects(p, CancelledError);
    assert.equal(pool.liveWorkers, 0);
    pool.dispose();
  });

  it('never exceeds the burst cap', async () => {
    const pool = new WorkerPool(script, { size: 1, idleMs: 60_000, maxHeapMb: 256, burst: 2, burstAfterMs: 0 });
    const jobs = [pool.run(req('hang')), pool.run(req('hang')), pool.run(req('hang'))];
    assert.equal(pool.liveWorkers, 2);
    assert.equal(pool.pendingJobs, 3);
    pool.dispose();
    for (const j of jobs) await assert.rejects(j, CancelledError);
  });
});
