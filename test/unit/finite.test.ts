import { strict as assert } from 'node:assert';
import { firstNonFinite } from '../../src/core/finite';

/** The definition: the first index whose entry is not finite. */
const naive = (d: Float64Array): number => d.findIndex((x) => !Number.isFinite(x));

describe('firstNonFinite: the check before a matrix is analysed', () => {
  it('finds the first NaN or infinity wherever it is: block edges, odd tails, several bad entries', () => {
    for (const n of [0, 1, 2, 3, 1023, 1024, 1025, 2049, 3000]) {
      const clean = new Float64Array(n).map((_, i) => (i % 7 === 0 ? -0 : (i % 2 ? 1 : -1) * 1e308 * Math.sin(i)));
      assert.equal(firstNonFinite(clean), -1, `clean, n = ${n}`);
      for (const bad of [Number.NaN, Infinity, -Infinity]) {
        for (const at of new Set([0, 1, n >> 1, 1022, 1023, 1024, n - 2, n - 1].filter((i) => i >= 0 && i < n))) {
          const d = clean.slice();
          d[at] = bad;
          if (at + 5 < n) d[at + 5] = Number.NaN;
          assert.equal(firstNonFinite(d), naive(d), `${bad} at ${at} of ${n}`);
          assert.equal(firstNonFinite(d), at);
        }
      }
    }
  });

  it('reads a view at an offset as its own array', () => {
    const whole = new Float64Array(3000).fill(0.5);
    whole[10] = Number.NaN;
    whole[2500] = Infinity;
    assert.equal(firstNonFinite(whole.subarray(11)), 2500 - 11);
    assert.equal(firstNonFinite(whole.subarray(11, 2500)), -1);
  });
});
