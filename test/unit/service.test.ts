import { strict as assert } from 'node:assert';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { cacheKey, documentVersion, fileVersion, requestKey, stableStringify, supersedeKey } from '../../src/extension/pure/cacheKey';
import { LatestTracker } from '../../src/extension/pure/latest';
import { WeightedLru } from '../../src/extension/pure/lru';
import { expandBraces, joinGlobs } from '../../src/extension/pure/globs';

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
