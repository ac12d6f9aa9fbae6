import { strict as assert } from 'node:assert';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { compileOrNull, wasmFailure } from '../../src/core/linalg/wasmRuntime';
import type { Logger } from '../../src/extension/pure/logger';
import { CancelledError, GaveUpError, WorkerPool } from '../../src/extension/service/workerPool';
import { scratchWorker } from './scratchWorker';

/** A Logger that keeps its lines, as `level: message`. */
function recordingLog(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);
  return { lines, trace: at('trace'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('service: worker pool', () => {
  // Replies at once, or never for `hang` (a job that only termination can stop); `spin` posts a
  // partial report (only when the job asked for progress) and then keeps its thread busy forever;
  // `die` ends the thread mid-job (as a worker out of memory does); `fallback` posts a log line
  // first, as the real worker does after a kernel fallback; `steps` posts a partial report every
  // 100 ms six times, then answers (`steps-then-hang`: then falls silent for good).
  const echo = scratchWorker(
    'echo-worker.js',
    "const { parentPort, threadId } = require('node:worker_threads');\n" +
      "parentPort.on('message', (m) => {\n" +
      "  if (m.name === 'hang') return;\n" +
      "  if (m.name === 'die') process.exit(3);\n" +
      "  if (m.name === 'fallback') parentPort.postMessage({ log: 'warn', message: 'kernels unavailable' });\n" +
      "  const partial = { tool: 'rnn-gradient-lens', incomplete: true, file: 'f', horizon: 1, activity: 'power-norms', activityMatrix: 'W', matrices: [{ name: 'W', role: 'rnn', shape: [1, 1], complete: false, stages: ['spectrum'], spectralRadius: 2 }] };\n" +
      "  if (m.name === 'steps' || m.name === 'steps-then-hang') {\n" +
      "    let i = 0;\n" +
      "    const t = setInterval(() => {\n" +
      "      parentPort.postMessage({ id: m.id, partial });\n" +
      "      if (++i < 6) return;\n" +
      "      clearInterval(t);\n" +
      "      if (m.name === 'steps') parentPort.postMessage({ id: m.id, ok: true, kind: 'matrix', matrix: { name: m.name, thread: threadId } });\n" +
      "    }, 100);\n" +
      "    return;\n" +
      "  }\n" +
      "  if (m.name === 'spin') {\n" +
      "    if (m.progress) parentPort.postMessage({ id: m.id, partial: { tool: 'rnn-gradient-lens', incomplete: true, file: 'f', horizon: 1, activity: 'power-norms', activityMatrix: 'W', matrices: [{ name: 'W', role: 'rnn', shape: [1, 1], complete: false, stages: ['spectrum'], spectralRadius: 2 }] } });\n" +
      "    for (;;) {}\n" +
      "  }\n" +
      "  parentPort.postMessage({ id: m.id, ok: true, kind: 'matrix', matrix: { name: m.name, thread: threadId } });\n" +
      "});\n",
  );

  const req = (name: string) => ({ kind: 'matrix' as const, name, rows: [[1]], options: DEFAULT_OPTIONS });

  it('runs jobs in order and leaves no worker after dispose', async () => {
    const pool = new WorkerPool(echo.path, { size: 1, idleMs: 60_000, maxHeapMb: 256 });
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
    const pool = new WorkerPool(echo.path, { size: 1, idleMs: 60_000, maxHeapMb: 256 });
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
    const pool = new WorkerPool(echo.path, { size: 1, idleMs: 60_000, maxHeapMb: 256 });
    const p = pool.run(req('hang'));
    const q = pool.run(req('x'));
    pool.dispose();
    await assert.rejects(p, CancelledError);
    await assert.rejects(q, CancelledError);
  });

  it('starts one extra worker while a long job holds the only one, then shrinks back', async () => {
    const pool = new WorkerPool(echo.path, { size: 1, idleMs: 60_000, maxHeapMb: 256, burst: 2, burstAfterMs: 0 });
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
    const pool = new WorkerPool(echo.path, { size: 1, idleMs: 60_000, maxHeapMb: 256, burst: 2, burstAfterMs: 0 });
    const jobs = [pool.run(req('hang')), pool.run(req('hang')), pool.run(req('hang'))];
    assert.equal(pool.liveWorkers, 2);
    assert.equal(pool.pendingJobs, 3);
    pool.dispose();
    for (const j of jobs) await assert.rejects(j, CancelledError);
  });

  describe('time budget', () => {
    const threadOf = (r: Awaited<ReturnType<WorkerPool['run']>>): unknown => (r.ok && r.kind === 'matrix' ? (r.matrix as unknown as { thread: number }).thread : undefined);

    it('stops a job past its budget with the last partial report, and runs the next on a fresh worker', async () => {
      const pool = new WorkerPool(echo.path, { size: 1, idleMs: 60_000, maxHeapMb: 256 });
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
      const pool = new WorkerPool(echo.path, { size: 1, idleMs: 60_000, maxHeapMb: 256 });
      const err = await pool.run(req('hang'), { budgetMs: 100 }).catch((e: unknown) => e);
      assert.ok(err instanceof GaveUpError);
      assert.equal(err.partial, undefined);
      assert.equal(pool.liveWorkers, 0, 'the stopped worker is gone; none was needed since');
      pool.dispose();
    });

    it('leaves a job that answers within its budget alone, and its timer with it', async () => {
      const pool = new WorkerPool(echo.path, { size: 1, idleMs: 60_000, maxHeapMb: 256 });
      const first = await pool.run(req('quick'), { budgetMs: 5000 });
      const second = await pool.run(req('again'), { budgetMs: 5000 });
      assert.equal(threadOf(first), threadOf(second), 'one worker served both');
      pool.dispose();
    });

    it('cancelling before the budget runs out is a cancellation, not a give-up', async () => {
      const pool = new WorkerPool(echo.path, { size: 1, idleMs: 60_000, maxHeapMb: 256 });
      const ac = new AbortController();
      const p = pool.run(req('spin'), { budgetMs: 60_000, signal: ac.signal });
      ac.abort();
      await assert.rejects(p, CancelledError);
      assert.equal(pool.liveWorkers, 0);
      pool.dispose();
    });

    it('with the budget counted from the last progress, a job that keeps reporting runs past it', async () => {
      const pool = new WorkerPool(echo.path, { size: 1, idleMs: 60_000, maxHeapMb: 256 });
      await pool.run(req('warm'));
      let posts = 0;
      const r = await pool.run(req('steps'), { budgetMs: 300, budgetFromProgress: true, onProgress: () => posts++ });
      assert.equal(r.ok && r.kind === 'matrix' && r.matrix.name, 'steps', 'six reports 100 ms apart: 600 ms in all, never 300 ms silent');
      assert.equal(posts, 6);
      // The same job on a budget from its start is stopped at 300 ms.
      const err = await pool.run(req('steps'), { budgetMs: 300 }).catch((e: unknown) => e);
      assert.ok(err instanceof GaveUpError, String(err));
      assert.equal(err.ranMs, 300);
      pool.dispose();
    });

    it('with the budget counted from the last progress, a job that falls silent is stopped, saying how long it ran', async () => {
      const log = recordingLog();
      const pool = new WorkerPool(echo.path, { size: 1, idleMs: 60_000, maxHeapMb: 256, log });
      await pool.run(req('warm'));
      const err = await pool.run(req('steps-then-hang'), { budgetMs: 300, budgetFromProgress: true }).catch((e: unknown) => e);
      assert.ok(err instanceof GaveUpError, String(err));
      assert.equal(err.budgetMs, 300);
      assert.ok(err.ranMs >= 600 + 300, `ran ${err.ranMs} ms: six reports, then the budget of silence`);
      assert.equal(err.message, `analysis gave up after ${Math.round(err.ranMs / 10) / 100} s`);
      assert.equal(err.partial?.activity, 'power-norms');
      assert.ok(log.lines.some((l) => l.startsWith('warn: matrix steps-then-hang: gave up after') && l.includes('(0.3 s without progress) while computing power-norms')), log.lines.join('\n'));
      pool.dispose();
    });

    it('does not count the time a job waits in the queue, nor a fresh worker\'s start-up', async () => {
      const pool = new WorkerPool(echo.path, { size: 1, idleMs: 60_000, maxHeapMb: 256 });
      const spun = pool.run(req('spin'), { budgetMs: 1500 });
      const queued = pool.run(req('queued'), { budgetMs: 1000 });
      await assert.rejects(spun, GaveUpError);
      const r = await queued;
      assert.equal(r.ok && r.kind === 'matrix' && r.matrix.name, 'queued');
      pool.dispose();
    });
  });

  describe('the log', () => {
    it('logs a worker that dies as an error naming the job, and the next job still runs', async () => {
      const log = recordingLog();
      const pool = new WorkerPool(echo.path, { size: 1, idleMs: 60_000, maxHeapMb: 256, log });
      try {
        await assert.rejects(pool.run(req('die')), /analysis worker stopped: exit code 3/);
        const after = await pool.run(req('after'));
        assert.equal(after.ok, true);
        const errors = log.lines.filter((l) => l.startsWith('error: '));
        assert.deepEqual(errors, ['error: analysis worker stopped (exit code 3) during matrix die']);
      } finally {
        pool.dispose();
      }
    });

    it('logs each finished job and its time at trace level', async () => {
      const log = recordingLog();
      const pool = new WorkerPool(echo.path, { size: 1, idleMs: 60_000, maxHeapMb: 256, log });
      try {
        await pool.run(req('a'));
        await pool.run(req('b'));
      } finally {
        pool.dispose();
      }
      assert.equal(log.lines.length, 2, log.lines.join('\n'));
      assert.match(log.lines[0]!, /^trace: matrix a: done in \d+ ms$/);
      assert.match(log.lines[1]!, /^trace: matrix b: done in \d+ ms$/);
    });

    it('forwards the worker\'s own lines at their level', async () => {
      const log = recordingLog();
      const pool = new WorkerPool(echo.path, { size: 1, idleMs: 60_000, maxHeapMb: 256, log });
      try {
        await pool.run(req('fallback'));
      } finally {
        pool.dispose();
      }
      assert.equal(log.lines[0], 'warn: kernels unavailable');
    });

    it('logs a give-up as a warning with the budget', async () => {
      const log = recordingLog();
      const pool = new WorkerPool(echo.path, { size: 1, idleMs: 60_000, maxHeapMb: 256, log });
      try {
        await assert.rejects(pool.run(req('hang'), { budgetMs: 200 }), GaveUpError);
      } finally {
        pool.dispose();
      }
      assert.deepEqual(log.lines, ['warn: matrix hang: gave up after 0.2 s']);
    });

    it('keeps why a WebAssembly module did not compile, for the worker to log', () => {
      assert.equal(compileOrNull({ name: 'broken', assemble: () => new Uint8Array([0, 0x61, 0x73, 0x6d, 0xff, 0, 0, 0]) }), null);
      assert.match(wasmFailure() ?? '', /^compiling: /);
    });
  });
});
