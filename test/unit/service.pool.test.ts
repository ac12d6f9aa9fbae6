import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { CancelledError, GaveUpError, WorkerPool } from '../../src/extension/service/workerPool';

describe('service: worker pool', () => {
  let dir: string;
  let script: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rgl-pool-'));
    script = join(dir, 'echo-worker.js');
    // Replies at once, or never for `hang` (a job that only termination can stop); `spin` posts a
    // partial report (only when the job asked for progress) and then keeps its thread busy forever.
    writeFileSync(
      script,
      "const { parentPort, threadId } = require('node:worker_threads');\n" +
        "parentPort.on('message', (m) => {\n" +
        "  if (m.name === 'hang') return;\n" +
        "  if (m.name === 'spin') {\n" +
        "    if (m.progress) parentPort.postMessage({ id: m.id, partial: { tool: 'rnn-gradient-lens', incomplete: true, file: 'f', horizon: 1, activity: 'power-norms', activityMatrix: 'W', matrices: [{ name: 'W', role: 'rnn', shape: [1, 1], complete: false, stages: ['spectrum'], spectralRadius: 2 }] } });\n" +
        "    for (;;) {}\n" +
        "  }\n" +
        "  parentPort.postMessage({ id: m.id, ok: true, kind: 'matrix', matrix: { name: m.name, thread: threadId } });\n" +
        "});\n",
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

  describe('time budget', () => {
    const threadOf = (r: Awaited<ReturnType<WorkerPool['run']>>): unknown => (r.ok && r.kind === 'matrix' ? (r.matrix as unknown as { thread: number }).thread : undefined);

    it('stops a job past its budget with the last partial report, and runs the next on a fresh worker', async () => {
      const pool = new WorkerPool(script, { size: 1, idleMs: 60_000, maxHeapMb: 256 });
      const before = threadOf(await pool.run(req('warm')));
      const seen: string[] = [];
      const spun = pool.run(req('spin'), { budgetMs: 300, onProgress: (p) => seen.push(p.activity) });
      const after = pool.run(req('after'));
      const err = await spun.then(
        () => assert.fail('a spinning job must not answer'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof GaveUpError, String(err));
      assert.equal(err.budgetMs, 300);
      assert.equal(err.message, 'analysis gave up after 0.3 s');
      assert.equal(err.partial?.activity, 'power-norms');
      assert.equal(err.partial?.matrices[0]?.spectralRadius, 2);
      assert.deepEqual(seen, ['power-norms'], 'onProgress saw the partial report as it came');
      const next = await after;
      assert.equal(next.ok && next.kind === 'matrix' && next.matrix.name, 'after');
      assert.notEqual(threadOf(next), before, 'the queued job ran on a new worker');
      assert.equal(pool.liveWorkers, 1);
      assert.equal(pool.pendingJobs, 0);
      pool.dispose();
    });

    it('gives up without a partial report when the worker posted none', async () => {
      const pool = new WorkerPool(script, { size: 1, idleMs: 60_000, maxHeapMb: 256 });
      const err = await pool.run(req('hang'), { budgetMs: 100 }).catch((e: unknown) => e);
      assert.ok(err instanceof GaveUpError);
      assert.equal(err.partial, undefined);
      assert.equal(pool.liveWorkers, 0, 'the stopped worker is gone; none was needed since');
      pool.dispose();
    });

    it('leaves a job that answers within its budget alone, and its timer with it', async () => {
      const pool = new WorkerPool(script, { size: 1, idleMs: 60_000, maxHeapMb: 256 });
      const first = await pool.run(req('quick'), { budgetMs: 5000 });
      const second = await pool.run(req('again'), { budgetMs: 5000 });
      assert.equal(threadOf(first), threadOf(second), 'one worker served both');
      pool.dispose();
    });

    it('cancelling before the budget runs out is a cancellation, not a give-up', async () => {
      const pool = new WorkerPool(script, { size: 1, idleMs: 60_000, maxHeapMb: 256 });
      const ac = new AbortController();
      const p = pool.run(req('spin'), { budgetMs: 60_000, signal: ac.signal });
      ac.abort();
      await assert.rejects(p, CancelledError);
      assert.equal(pool.liveWorkers, 0);
      pool.dispose();
    });

    it('does not count the time a job waits in the queue, nor a fresh worker\'s start-up', async () => {
      const pool = new WorkerPool(script, { size: 1, idleMs: 60_000, maxHeapMb: 256 });
      const spun = pool.run(req('spin'), { budgetMs: 1500 });
      const queued = pool.run(req('queued'), { budgetMs: 1000 });
      await assert.rejects(spun, GaveUpError);
      const r = await queued;
      assert.equal(r.ok && r.kind === 'matrix' && r.matrix.name, 'queued');
      pool.dispose();
    });
  });
});
