import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { readJson } from '../../src/core/readers/json';
import { WeightFileError } from '../../src/core/errors';
import { jsonFile, mutate, mutationArb } from '../fuzz/cases';

const enc = new TextEncoder();

/** Everything a read gives (tensors with spans and values, skipped entries), or the refusal. */
function outcome(text: string, fast: boolean): unknown {
  try {
    const r = readJson(enc.encode(text), { fast });
    return {
      tensors: r.tensors.map((t) => ({ ...t, data: Array.from(t.data) })),
      skipped: r.skipped.map((s) => ({ name: s.name, shape: s.shape, reason: s.reason, span: s.span })),
    };
  } catch (e) {
    assert.ok(e instanceof WeightFileError, String(e));
    return { message: e.message, place: e.place };
  }
}

const matrix = fc.integer({ min: 1, max: 4 }).chain((n) =>
  fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
);
/** State-dict-like documents: matrices, ragged lists, strings, scalars, nested objects, odd keys. */
const doc = fc.dictionary(
  fc.oneof(fc.string(), fc.constantFrom('W_hh', 'rnn.weight_hh_l0', '__proto__', 'a"b', 'k\\n', '0', '1')),
  fc.oneof(matrix, fc.jsonValue(), fc.dictionary(fc.string(), fc.oneof(matrix, fc.jsonValue()), { maxKeys: 3 })),
  { maxKeys: 5 },
);
const spacing = fc.constantFrom(undefined, 1, 2, '\t');

describe('readers: the native JSON fast path and the jsonc-parser path agree', () => {
  it('on random state-dict-like documents (spans, values, skipped entries and refusals)', () => {
    fc.assert(
      fc.property(doc, spacing, (d, space) => {
        const text = JSON.stringify(d, null, space);
        assert.deepStrictEqual(outcome(text, true), outcome(text, false));
      }),
      { numRuns: 500, seed: 31 },
    );
  });
  it('on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        assert.deepStrictEqual(outcome(text, true), outcome(text, false));
      }),
      { numRuns: 500, seed: 32 },
    );
  });
  it('on mutated weights files (whatever JSON.parse still accepts takes the fast path)', () => {
    const dec = new TextDecoder();
    fc.assert(
      fc.property(jsonFile, fc.array(mutationArb, { minLength: 1, maxLength: 2 }), (f, ms) => {
        const text = dec.decode(ms.reduce(mutate, f.bytes));
        assert.deepStrictEqual(outcome(text, true), outcome(text, false));
      }),
      { numRuns: 1000, seed: 33 },
    );
  });
  it('on the cases the fast path declines: comments, NaN, 1e999, duplicate keys, deep nesting', () => {
    for (const text of ['// c\n[[1]]', '[[1, NaN]]', '[[1e999]]', '{"W": [[1]], "W": [[2]]}', '['.repeat(150) + ']'.repeat(150), '[[1, 2], [3]]', '{"a": [[1, "x"], [2, 3]]}']) {
      assert.deepStrictEqual(outcome(text, true), outcome(text, false), text.slice(0, 30));
    }
  });
});
