/** selectRanks puts the asked ranks where a full sort would, whatever the values (fast-check, fixed seed). */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { selectRanks } from '../../src/core/recurrences/select';

const values = fc.array(
  fc.oneof(
    fc.double({ noNaN: true }),
    // Few distinct values: long equal runs, as a layer initialised to log(1..N) has.
    fc.integer({ min: -3, max: 3 }).map((x) => x / 2),
    fc.constantFrom(-Infinity, Infinity, -0, 0),
  ),
  { maxLength: 300 },
);

describe('selectRanks', () => {
  it('puts each asked rank at its sorted place and keeps the multiset', () => {
    fc.assert(
      fc.property(values, fc.array(fc.nat({ max: 400 }), { maxLength: 12 }), (xs, ranks) => {
        const a = Float64Array.from(xs);
        const sorted = Float64Array.from(xs).sort();
        selectRanks(a, ranks);
        for (const r of ranks) if (r < xs.length) assert.equal(a[r], sorted[r], `rank ${r}`);
        assert.deepEqual(Float64Array.from(a).sort(), sorted);
      }),
      { seed: 12, numRuns: 400 },
    );
  });

  it('settles a long sorted, reversed or constant array (the adversarial cases of a fixed pivot)', () => {
    const n = 50_000;
    for (const make of [(i: number) => i, (i: number) => -i, () => 1, (i: number) => i % 2]) {
      const a = Float64Array.from({ length: n }, (_, i) => make(i));
      const sorted = Float64Array.from(a).sort();
      const ranks = [0, 1, n >> 1, n - 2, n - 1, 4999];
      selectRanks(a, ranks);
      for (const r of ranks) assert.equal(a[r], sorted[r]);
    }
  });
});
