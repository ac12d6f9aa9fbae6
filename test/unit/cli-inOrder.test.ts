import { strict as assert } from 'node:assert';
import { mapInOrder } from '../../src/cli/inOrder';

/** Resolves after `ms` with `value` (a job of uneven length). */
const after = <T>(ms: number, value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe('cli: track threads hand results on in order', () => {
  it('keeps the list order whatever finishes first, with at most width running and a bounded lead', async () => {
    // Uneven lengths: item 0 is the slowest, so later items finish first and must wait.
    const items = Array.from({ length: 20 }, (_, i) => ({ i, ms: i === 0 ? 60 : (i * 7) % 13 }));
    const emitted: number[] = [];
    let running = 0;
    let maxRunning = 0;
    let maxLead = 0;
    let started = 0;
    await mapInOrder(
      items,
      async (item) => {
        running++;
        started++;
        maxRunning = Math.max(maxRunning, running);
        maxLead = Math.max(maxLead, started - emitted.length);
        const v = await after(item.ms, item.i * 10);
        running--;
        return v;
      },
      (result, item, index) => {
        assert.equal(result, item.i * 10);
        assert.equal(index, item.i);
        emitted.push(index);
      },
      { width: 2 },
    );
    assert.deepEqual(emitted, items.map((x) => x.i));
    assert.equal(maxRunning, 2);
    assert.ok(maxLead <= 4, `started ${maxLead} ahead of the next to hand on`);
  });

  it('stops on cancel: nothing more starts or is handed on, and the call rejects with the reason', async () => {
    const abort = new AbortController();
    const started: number[] = [];
    const emitted: number[] = [];
    const run = mapInOrder(
      Array.from({ length: 50 }, (_, i) => i),
      async (i) => {
        started.push(i);
        return after(2, i);
      },
      (i) => {
        emitted.push(i);
        if (i === 4) abort.abort(new Error('cancelled by the user'));
      },
      { width: 2, signal: abort.signal },
    );
    await assert.rejects(run, /cancelled by the user/);
    assert.deepEqual(emitted, [0, 1, 2, 3, 4]);
    const startedAtCancel = started.length;
    assert.ok(startedAtCancel < 10, `${startedAtCancel} started`);
    await after(20, 0);
    assert.equal(started.length, startedAtCancel);
  });

  it('a failing job rejects the call with its error after the items before it were handed on', async () => {
    const emitted: number[] = [];
    const run = mapInOrder(
      [0, 1, 2, 3, 4, 5],
      async (i) => {
        if (i === 3) throw new Error('thread stopped on item 3');
        return after(1, i);
      },
      (i) => void emitted.push(i),
      { width: 2 },
    );
    await assert.rejects(run, /thread stopped on item 3/);
    assert.deepEqual(emitted, [0, 1, 2]);
  });
});
