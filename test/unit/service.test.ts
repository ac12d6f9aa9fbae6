import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { cacheKey, documentVersion, fileVersion, requestKey, stableStringify, supersedeKey } from '../../src/extension/service/cacheKey';
import { LatestTracker } from '../../src/extension/service/latest';
import { WeightedLru } from '../../src/extension/service/lru';
import { readAndProcess, readStable, type FileStat, type VersionedSource } from '../../src/extension/service/stableRead';
import { CancelledError, WorkerPool } from '../../src/extension/service/workerPool';
import { lineStarts, spanToRange } from '../../src/extension/service/locations';
import { expandBraces, joinGlobs } from '../../src/extension/service/globs';

const noPause = { attempts: 6, pause: async () => undefined };

describe('service: cache keys', () => {
  it('gives equal keys for equal options whatever the key order, and different keys otherwise', () => {
    const a = requestKey({ ...DEFAULT_OPTIONS, horizon: 100 }, undefined);
    const { horizon: _h, ...rest } = DEFAULT_OPTIONS;
    const reordered = requestKey({ horizon: 100, ...rest }, undefined);
    assert.equal(a, reordered);
    assert.notEqual(a, requestKey({ ...DEFAULT_OPTIONS, horizon: 101 }, undefined));
    assert.notEqual(a, requestKey({ ...DEFAULT_OPTIONS, horizon: 100 }, ['W_hh']));
    assert.notEqual(a, requestKey({ ...DEFAULT_OPTIONS, horizon: 100 }, undefined, 'keras'));
    assert.notEqual(
      requestKey({ ...DEFAULT_OPTIONS, thresholds: { ...DEFAULT_OPTIONS.thresholds, explodeLog10: 2 } }, undefined),
      requestKey(DEFAULT_OPTIONS, undefined),
    );
  });

  it('serialises typed arrays by value and keeps long requests short', () => {
    assert.equal(stableStringify({ b: new Float64Array([1, 2]), a: 1 }), '{"a":1,"b":[1,2]}');
    const big = { ...DEFAULT_OPTIONS, upstream: Array.from({ length: 200 }, (_, i) => [i, i + 1]) };
    const k = requestKey(big, undefined);
    assert.ok(k.length < 40, k);
    const other = { ...DEFAULT_OPTIONS, upstream: Array.from({ length: 200 }, (_, i) => [i, i + 2]) };
    assert.notEqual(k, requestKey(other, undefined));
  });

  it('keys the cache by file version: a rewrite or an edit gives a new key', () => {
    const req = requestKey(DEFAULT_OPTIONS, undefined);
    const v1 = fileVersion({ mtime: 1000, size: 50 });
    assert.notEqual(cacheKey('file:///a.json', v1, req), cacheKey('file:///a.json', fileVersion({ mtime: 1001, size: 50 }), req));
    assert.notEqual(cacheKey('file:///a.json', v1, req), cacheKey('file:///a.json', fileVersion({ mtime: 1000, size: 51 }), req));
    assert.notEqual(cacheKey('file:///a.json', documentVersion(3), req), cacheKey('file:///a.json', documentVersion(4), req));
    assert.notEqual(cacheKey('file:///a.json', v1, req), cacheKey('file:///b.json', v1, req));
  });

  it('supersedes across options only on a named channel', () => {
    const r1 = requestKey(DEFAULT_OPTIONS, undefined);
    const r2 = requestKey({ ...DEFAULT_OPTIONS, scale: 0.5 }, undefined);
    assert.notEqual(supersedeKey('u', r1), supersedeKey('u', r2));
    assert.equal(supersedeKey('u', r1, 'panel'), supersedeKey('u', r2, 'panel'));
  });
});

describe('service: newest result wins', () => {
  it('drops an older result that completes after a newer one', () => {
    const t = new LatestTracker();
    const old = t.begin('k');
    const newer = t.begin('k');
    assert.equal(t.isLatest('k', old), false);
    assert.equal(t.isLatest('k', newer), true);
    assert.equal(t.deliver('k', newer), true);
    assert.equal(t.deliver('k', old), false);
    assert.equal(t.trackedKeys, 0);
  });

  it('delivers in order when results arrive in order, and keys are independent', () => {
    const t = new LatestTracker();
    const a1 = t.begin('a');
    const b1 = t.begin('b');
    const a2 = t.begin('a');
    assert.equal(t.deliver('a', a1), true);
    assert.equal(t.deliver('b', b1), true);
    assert.equal(t.deliver('a', a2), true);
    assert.equal(t.trackedKeys, 0);
  });

  it('forgets abandoned tickets and refuses unknown ones', () => {
    const t = new LatestTracker();
    const a1 = t.begin('a');
    t.begin('a');
    t.abandon('a');
    assert.equal(t.deliver('a', a1), true);
    assert.equal(t.trackedKeys, 0);
    assert.equal(t.deliver('a', a1), false);
  });

  it('never shows an older result over a newer one in a random interleaving', () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 200; trial++) {
      const t = new LatestTracker();
      const pending = Array.from({ length: 6 }, () => t.begin('k'));
      let shown = 0;
      while (pending.length > 0) {
        const [ticket] = pending.splice(Math.floor(rand() * pending.length), 1) as [number];
        if (t.deliver('k', ticket)) {
          assert.ok(ticket > shown, `ticket ${ticket} shown after ${shown}`);
          shown = ticket;
        }
      }
      assert.equal(shown, 6, 'the newest result is always shown');
      assert.equal(t.trackedKeys, 0);
    }
  });
});

describe('service: LRU cache', () => {
  it('evicts least recently used entries by count and by weight', () => {
    const lru = new WeightedLru<number>(2, 100, (v) => v);
    lru.set('a', 10);
    lru.set('b', 10);
    lru.get('a');
    lru.set('c', 10);
    assert.equal(lru.get('b'), undefined);
    assert.equal(lru.get('a'), 10);
    lru.set('d', 95);
    assert.equal(lru.size, 1);
    assert.equal(lru.totalWeight, 95);
    lru.set('huge', 1000);
    assert.equal(lru.get('huge'), undefined);
  });

  it('drops every version of one file by prefix', () => {
    const lru = new WeightedLru<number>(10, 100, () => 1);
    lru.set('file:///a\u0000v1', 1);
    lru.set('file:///a\u0000v2', 1);
    lru.set('file:///ab\u0000v1', 1);
    assert.equal(lru.deletePrefix('file:///a\u0000'), 2);
    assert.equal(lru.size, 1);
    assert.equal(lru.totalWeight, 1);
  });
});

/** A file that a fake training loop rewrites: each read sees `script`'s next state. */
class FakeFile implements VersionedSource<string> {
  reads = 0;
  stats = 0;
  constructor(private readonly script: { stat: FileStat[]; content: string[] }) {}
  async stat(): Promise<FileStat> {
    const s = this.script.stat[Math.min(this.stats, this.script.stat.length - 1)] as FileStat;
    this.stats++;
    return s;
  }
  async read(): Promise<string> {
    const c = this.script.content[Math.min(this.reads, this.script.content.length - 1)] as string;
    this.reads++;
    return c;
  }
  sizeOf(v: string): number {
    return v.length;
  }
}

describe('service: torn reads', () => {
  it('accepts a read whose stat did not move', async () => {
    const f = new FakeFile({ stat: [{ mtime: 1, size: 4 }], content: ['[[1]'] });
    const r = await readStable(f, noPause);
    assert.equal(r.stable, true);
    assert.equal(r.attempts, 1);
  });

  it('retries when the file changed during the read, or the byte count disagrees', async () => {
    const f = new FakeFile({
      stat: [{ mtime: 1, size: 5 }, { mtime: 2, size: 9 }, { mtime: 2, size: 9 }, { mtime: 2, size: 9 }, { mtime: 2, size: 9 }],
      content: ['[[1,', '[[1,2]]', '[[1,2,3]]'],
    });
    const r = await readStable(f, noPause);
    assert.equal(r.value, '[[1,2,3]]');
    assert.equal(r.attempts, 3); // attempt 1: stat moved; attempt 2: 7 bytes vs size 9
    assert.deepEqual(r.stat, { mtime: 2, size: 9 });
  });

  it('gives up after the policy attempts and says the read was not stable', async () => {
    let t = 0;
    const f: VersionedSource<string> = { stat: async () => ({ mtime: t++, size: 1 }), read: async () => 'x', sizeOf: () => 1 };
    const r = await readStable(f, { attempts: 3, pause: async () => undefined });
    assert.equal(r.stable, false);
    assert.equal(r.attempts, 3);
  });

  it('re-reads after a parse failure when the file has moved on since', async () => {
    // The half-written file has the same mtime and size when read, so only the parse catches it.
    const f = new FakeFile({
      stat: [{ mtime: 5, size: 6 }, { mtime: 5, size: 6 }, { mtime: 6, size: 6 }, { mtime: 6, size: 6 }, { mtime: 6, size: 6 }, { mtime: 6, size: 6 }],
      content: ['[[1,2,', '[[3]]]'],
    });
    const parses: string[] = [];
    const out = await readAndProcess(
      f,
      async (text) => {
        parses.push(text);
        return text.endsWith(']]') ? 'ok' : 'parse error';
      },
      (r) => r === 'parse error',
      noPause,
    );
    assert.equal(out.result, 'ok');
    assert.deepEqual(parses, ['[[1,2,', '[[3]]]']);
  });

  it('reports a parse error at once when the file is settled', async () => {
    const f = new FakeFile({ stat: [{ mtime: 5, size: 3 }], content: ['[[x'] });
    let calls = 0;
    const out = await readAndProcess(f, async () => (calls++, 'parse error'), (r) => r === 'parse error', noPause);
    assert.equal(out.result, 'parse error');
    assert.equal(calls, 1);
    assert.equal(f.reads, 1);
  });
});

describe('service: text locations', () => {
  it('maps offsets to zero-based line and character', () => {
    const text = '{\n  "W": [[1, 2],\n        [3, 4]]\n}';
    const starts = lineStarts(text);
    const s = text.indexOf('[[');
    const e = text.indexOf(']]') + 2;
    assert.deepEqual(spanToRange(starts, { start: s, end: e }), [1, 7, 2, 15]);
    assert.deepEqual(spanToRange(starts, { start: 0, end: 1 }), [0, 0, 0, 1]);
  });
});

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
});

describe('service: torn reads that look settled', () => {
  it('waits for the writer before calling a parse failure final', async () => {
    // The half-written state is stable across one read, then the writer finishes.
    let phase = 0;
    const src: VersionedSource<string> = {
      stat: async () => (phase === 0 ? { mtime: 1, size: 3 } : { mtime: 2, size: 6 }),
      read: async () => (phase === 0 ? '[[1' : '[[1]]]'),
      sizeOf: (v) => v.length,
    };
    const settles: number[] = [];
    const out = await readAndProcess(
      src,
      async (text) => (text.endsWith(']]]') ? 'ok' : 'parse error'),
      (r) => r === 'parse error',
      { attempts: 6, pause: async () => undefined, settle: async () => void settles.push(phase++) },
    );
    assert.equal(out.result, 'ok');
    assert.deepEqual(settles, [0]);
  });
});

describe('service: workspace scan globs', () => {
  it('expands brace groups, nested ones included', () => {
    assert.deepEqual(expandBraces('**/*.{json,csv}'), ['**/*.json', '**/*.csv']);
    assert.deepEqual(expandBraces('{a,b{1,2}}/x'), ['a/x', 'b1/x', 'b2/x']);
    assert.deepEqual(expandBraces('plain/**'), ['plain/**']);
    assert.deepEqual(expandBraces('broken{a,b'), ['broken{a,b']);
  });

  it('joins include or exclude lists into one flat group without duplicates', () => {
    assert.equal(joinGlobs([]), undefined);
    assert.equal(joinGlobs(['**/node_modules/**']), '**/node_modules/**');
    assert.equal(joinGlobs(['**/*.{json,csv}', '**/*.json', '**/.git']), '{**/*.json,**/*.csv,**/.git}');
  });
});
