/**
 * Progressive results through the real worker (dist/worker.js) and pool: the first numbers
 * (ρ, σ_max, the long-run class) arrive as a partial report before the full report, and are the
 * full report's own values; cancelling after them stops the worker's job.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import type { PartialReport } from '../../src/core/progress';
import { mulberry32 } from '../../src/core/random';
import { CancelledError, WorkerPool } from '../../src/extension/service/workerPool';
import { ensureWorkerBuilt, ROOT } from './cliProcess';

/** A seeded n × n W_hh (entries of size 1.1/sqrt(n)) and a second, smaller one, as JSON bytes. */
function twoMatrices(n: number): Uint8Array {
  const rand = mulberry32(n);
  const rows = (k: number, s: number): number[][] => Array.from({ length: k }, () => Array.from({ length: k }, () => ((rand() - 0.5) * 2 * s * Math.sqrt(3)) / Math.sqrt(k)));
  return new TextEncoder().encode(JSON.stringify({ W_hh: rows(n, 1.1), W_small: rows(8, 0.5) }));
}

const request = (bytes: Uint8Array) => ({
  kind: 'file' as const,
  fileName: 'w.json',
  displayName: 'w.json',
  source: { bytes },
  read: {},
  options: { ...DEFAULT_OPTIONS, horizon: 200 },
});

describe('service: progressive results through the worker', function () {
  this.timeout(120_000);
  let pool: WorkerPool;
  before(ensureWorkerBuilt);
  beforeEach(() => {
    pool = new WorkerPool(join(ROOT, 'dist', 'worker.js'), { size: 1, idleMs: 60_000, maxHeapMb: 1024 });
  });
  afterEach(() => pool.dispose());

  it('posts ρ, σ_max and the long-run class before the full report, equal to its values', async () => {
    const events: { at: 'partial' | 'report'; partial?: PartialReport }[] = [];
    const reply = await pool.run(request(twoMatrices(160)), { onProgress: (p) => events.push({ at: 'partial', partial: p }) });
    events.push({ at: 'report' });
    assert.ok(reply.ok && reply.kind === 'file');
    const report = reply.report;
    assert.equal(report.matrices.length, 2);
    for (const m of report.matrices) {
      // The first partial in which this matrix has ρ, σ_max and its class, and nothing of the curves.
      const i = events.findIndex((e) =>
        e.partial?.matrices.some((x) => x.name === m.name && x.spectralRadius !== undefined && x.spectralNorm !== undefined && x.asymptotic !== undefined),
      );
      assert.ok(i >= 0, `${m.name}: first numbers posted`);
      assert.ok(i < events.length - 1, `${m.name}: before the full report`);
      const early = events[i]!.partial!.matrices.find((x) => x.name === m.name)!;
      assert.deepEqual(early.stages, ['spectrum'], `${m.name}: posted with the spectrum stage`);
      assert.equal(early.log10PowerNorms, undefined, `${m.name}: before the power norms`);
      assert.equal(early.spectralRadius, m.spectralRadius);
      assert.equal(early.spectralNorm, m.spectralNorm);
      assert.equal(early.asymptotic, m.asymptotic);
      assert.deepEqual(early.eigenvalues, m.eigenvalues);
      assert.equal(events[i]!.partial!.matrixCount, 2);
    }
    // The numbers are the ones the fixture was built to have: ρ ≈ 1.1 for W_hh.
    assert.equal(report.matrices.find((m) => m.name === 'W_hh')?.asymptotic, 'exploding');
  });

  it('cancelling once the first numbers are in stops the job: no report, the worker is replaced', async () => {
    const ac = new AbortController();
    let firstAt = 0;
    const run = pool.run(request(twoMatrices(400)), {
      signal: ac.signal,
      onProgress: (p) => {
        if (firstAt === 0 && p.matrices[0]?.spectralRadius !== undefined) {
          firstAt = Date.now();
          ac.abort();
        }
      },
    });
    await assert.rejects(run, CancelledError);
    assert.ok(firstAt > 0, 'the first numbers came before the cancel');
    assert.equal(pool.pendingJobs, 0);
    assert.equal(pool.liveWorkers, 0, 'the worker doing the job was stopped');
  });
});
