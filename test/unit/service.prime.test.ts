/**
 * A primed worker: `WorkerPool.prestart` starts a worker that runs the first numbers' kernels
 * while idle (worker/prime.ts). Through the real worker (dist/worker.js): priming ends, a job on a
 * primed worker answers exactly what a fresh worker answers, and a job posted during priming cuts
 * it short. With a stand-in worker: the pool's `keepWarm` policy (which worker stays, which leaves,
 * what replaces it).
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { mulberry32 } from '../../src/core/random';
import { CancelledError, WorkerPool } from '../../src/extension/service/workerPool';
import { PRIME_SIZES, primingSteps, runWhileIdle } from '../../src/extension/worker/prime';
import { ensureWorkerBuilt, ROOT } from './cliProcess';
import { scratchWorker } from './scratchWorker';

/** A seeded n × n W_hh as JSON bytes (the multishift QR and Lanczos paths from n = 320 on). */
function matrixJson(n: number): Uint8Array {
  const rand = mulberry32(7 * n);
  const rows = Array.from({ length: n }, () => Array.from({ length: n }, () => ((rand() - 0.5) * 2.2 * Math.sqrt(3)) / Math.sqrt(n)));
  return new TextEncoder().encode(JSON.stringify({ W_hh: rows }));
}

const fileRequest = (bytes: Uint8Array) => ({
  kind: 'file' as const,
  fileName: 'w.json',
  displayName: 'w.json',
  source: { bytes },
  read: {},
  options: { ...DEFAULT_OPTIONS, horizon: 40 },
});

describe('worker priming: steps', () => {
  it('primes every size up to one on the large-matrix paths, and stops when told', async () => {
    assert.ok(Math.max(...PRIME_SIZES) >= 320, 'reaches the multishift QR');
    const steps = primingSteps([8, 12]);
    assert.equal(steps.length, 6);
    const all = await new Promise<number>((done) => runWhileIdle(steps, () => false, done));
    assert.equal(all, 6);
    let calls = 0;
    const counted = steps.map((s) => () => (calls++, s()));
    const cut = await new Promise<number>((done) => runWhileIdle(counted, () => calls >= 2, done));
    assert.equal(cut, 2);
    assert.equal(calls, 2);
  });
});

describe('worker priming: the real worker', function () {
  this.timeout(180_000);
  const script = join(ROOT, 'dist', 'worker.js');
  const pools: WorkerPool[] = [];
  const newPool = (): WorkerPool => {
    const p = new WorkerPool(script, { size: 1, idleMs: 60_000, maxHeapMb: 1024 });
    pools.push(p);
    return p;
  };
  before(ensureWorkerBuilt);
  afterEach(() => pools.splice(0).forEach((p) => p.dispose()));

  it('primes while idle, and a primed worker answers what a fresh one does', async () => {
    const bytes = matrixJson(360);
    const primed = newPool();
    const p = await primed.prestart();
    assert.ok(p, 'priming reported');
    assert.equal(p.ran, p.of, 'every step ran');
    assert.equal(p.of, primingSteps().length);
    assert.equal(primed.liveWorkers, 1);
    assert.equal(await primed.prestart(), undefined, 'a running worker is not started twice');
    const a = await primed.run(fileRequest(bytes));
    const b = await newPool().run(fileRequest(bytes));
    assert.ok(a.ok && a.kind === 'file' && b.ok && b.kind === 'file');
    assert.deepEqual(a.report, b.report);
    assert.equal(a.report.matrices[0]!.eigenvalues.length, 360);
  });

  it('stops priming for a job posted while it runs', async () => {
    const pool = newPool();
    const priming = pool.prestart();
    const reply = await pool.run(fileRequest(matrixJson(24)));
    assert.ok(reply.ok && reply.kind === 'file');
    const p = await priming;
    assert.ok(p && p.ran < p.of, `priming cut short (${p?.ran} of ${p?.of})`);
  });
});

describe('worker priming: keepWarm', () => {
  // Answers a prime at once and a job with its thread id; `hang` never answers.
  const worker = scratchWorker(
    'prime-worker.js',
    "const { parentPort, threadId } = require('node:worker_threads');\n" +
      "parentPort.on('message', (m) => {\n" +
      '  if (m.prime) return parentPort.postMessage({ primed: { ran: 1, of: 1, ms: 0 } });\n' +
      "  if (m.name === 'hang') return;\n" +
      "  parentPort.postMessage({ id: m.id, ok: true, kind: 'matrix', matrix: { name: m.name, thread: threadId } });\n" +
      '});\n',
  );

  const req = (name: string) => ({ kind: 'matrix' as const, name, rows: [[1]], options: DEFAULT_OPTIONS });
  const thread = (r: Awaited<ReturnType<WorkerPool['run']>>): number => (r.ok && r.kind === 'matrix' ? (r.matrix as unknown as { thread: number }).thread : -1);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('keeps a worker that ran no job, and replaces one that ran jobs when it leaves', async () => {
    const pool = new WorkerPool(worker.path, { size: 1, idleMs: 150, maxHeapMb: 256, keepWarm: true });
    try {
      assert.deepEqual(await pool.prestart(), { ran: 1, of: 1, ms: 0 });
      await sleep(400);
      assert.equal(pool.liveWorkers, 1, 'the primed worker stays past idleMs');
      const first = thread(await pool.run(req('a')));
      await sleep(400);
      assert.equal(pool.liveWorkers, 1, 'a fresh worker took the place of the one that ran a job');
      const second = thread(await pool.run(req('b')));
      assert.notEqual(second, first);
      assert.ok(second > 0);
    } finally {
      pool.dispose();
    }
    assert.equal(pool.liveWorkers, 0);
  });

  it('replaces a cancelled job\'s worker at once, and not without keepWarm', async () => {
    for (const keepWarm of [true, false]) {
      const pool = new WorkerPool(worker.path, { size: 1, idleMs: 60_000, maxHeapMb: 256, keepWarm });
      try {
        const ac = new AbortController();
        const hung = pool.run(req('hang'), { signal: ac.signal });
        await sleep(100);
        ac.abort();
        await assert.rejects(hung, CancelledError);
        assert.equal(pool.liveWorkers, keepWarm ? 1 : 0, `keepWarm ${keepWarm}`);
      } finally {
        pool.dispose();
      }
    }
  });

  it('retires a prestarted worker after idleMs without keepWarm; dispose ends a pending prestart', async () => {
    const pool = new WorkerPool(worker.path, { size: 1, idleMs: 100, maxHeapMb: 256 });
    await pool.prestart();
    await sleep(400);
    assert.equal(pool.liveWorkers, 0);
    const pending = pool.prestart();
    pool.dispose();
    assert.equal(await pending, undefined);
  });
});
