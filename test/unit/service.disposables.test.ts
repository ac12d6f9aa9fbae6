import { strict as assert } from 'node:assert';
import { CountedDisposables } from '../../src/extension/pure/disposables';

describe('service: counted disposables', () => {
  const item = (log: string[], name: string, fails = false) => ({
    dispose: () => {
      log.push(name);
      if (fails) throw new Error(`${name} failed`);
    },
  });

  it('disposes every item newest first even when some throw, and reports all the errors', () => {
    const log: string[] = [];
    const bag = new CountedDisposables();
    bag.add(item(log, 'a'));
    bag.add(item(log, 'b', true));
    bag.add(item(log, 'c'));
    bag.add(item(log, 'd', true));
    assert.throws(
      () => bag.dispose(),
      (e: unknown) => e instanceof AggregateError && e.errors.map((x: Error) => x.message).join() === 'd failed,b failed',
    );
    assert.deepEqual(log, ['d', 'c', 'b', 'a']);
    assert.equal(bag.size, 0);
  });

  it('throws a single failure as it is, and a second dispose does nothing', () => {
    const log: string[] = [];
    const bag = new CountedDisposables();
    bag.add(item(log, 'a', true));
    assert.throws(() => bag.dispose(), /^Error: a failed$/);
    bag.dispose();
    assert.deepEqual(log, ['a']);
  });

  it('disposes an item added after dispose at once and keeps nothing', () => {
    const log: string[] = [];
    const bag = new CountedDisposables();
    bag.dispose();
    const late = item(log, 'late');
    assert.equal(bag.add(late), late);
    assert.deepEqual(log, ['late']);
    assert.equal(bag.size, 0);
  });
});
