import { strict as assert } from 'node:assert';
import { DEFAULT_MAX_SIZE_MB, parseAnalyzeArgs } from '../../src/cli/args';
import { UsageError } from '../../src/core/errors';

describe('cli: analyze arguments', () => {
  it('takes the file and every documented option', () => {
    const a = parseAnalyzeArgs([
      'w.json', '--matrix', 'rnn.weight_hh_l0', '--horizon', '120', '--upstream', 'up.json', '--clip', '0.5',
      '--forget-bias', '-1.5', '--layout', 'keras', '--json', '--fail-on', 'exploding,vanishing',
      '--scale', '0.9', '--loss-at', 'last', '--seed', '7', '--max-size', '50',
    ]);
    assert.equal(a.file, 'w.json');
    assert.deepEqual(a.matrices, ['rnn.weight_hh_l0']);
    assert.equal(a.horizon, 120);
    assert.equal(a.upstream, 'up.json');
    assert.equal(a.clipTau, 0.5);
    assert.equal(a.forgetBias, -1.5);
    assert.equal(a.layout, 'keras');
    assert.equal(a.json, true);
    assert.deepEqual(a.failOn, ['exploding', 'vanishing']);
    assert.equal(a.scale, 0.9);
    assert.equal(a.lossAt, 'last-step');
    assert.equal(a.seed, 7);
    assert.equal(a.maxSizeMB, 50);
  });

  it('leaves unset options undefined so the engine defaults apply', () => {
    const a = parseAnalyzeArgs(['w.csv']);
    assert.equal(a.horizon, undefined);
    assert.equal(a.clipTau, undefined);
    assert.equal(a.json, false);
    assert.deepEqual(a.failOn, []);
    assert.equal(a.maxSizeMB, DEFAULT_MAX_SIZE_MB);
  });

  it('merges repeated and comma-separated --fail-on without duplicates', () => {
    const a = parseAnalyzeArgs(['w.json', '--fail-on', 'transient-growth, exploding', '--fail-on', 'exploding']);
    assert.deepEqual(a.failOn, ['transient-growth', 'exploding']);
  });

  const refusals: [string[], RegExp][] = [
    [[], /needs a weights file/],
    [['a.json', 'b.json'], /one file, got 2/],
    [['w.json', '--horizon', '0'], /--horizon expects an integer from 1 to 100000, got '0'/],
    [['w.json', '--horizon', '2.5'], /--horizon expects an integer/],
    [['w.json', '--horizon', ''], /--horizon expects a finite number/],
    [['w.json', '--clip', '-1'], /--clip expects a number > 0/],
    [['w.json', '--clip', 'abc'], /--clip expects a finite number, got 'abc'/],
    [['w.json', '--forget-bias', 'Infinity'], /--forget-bias expects a finite number/],
    [['w.json', '--layout', 'tf'], /--layout expects pytorch or keras, got 'tf'/],
    [['w.json', '--fail-on', 'stable'], /--fail-on expects exploding, vanishing, transient-growth/],
    [['w.json', '--loss-at', 'middle'], /--loss-at expects every or last/],
    [['w.json', '--seed', '-3'], /--seed expects an integer from 0/],
    [['w.json', '--max-size', '0'], /--max-size expects a number > 0/],
    [['w.json', '--bogus'], /Unknown option '--bogus'/],
    [['w.json', '--horizon'], /argument missing/],
  ];
  for (const [argv, message] of refusals) {
    it(`refuses ${JSON.stringify(argv)} with one line`, () => {
      assert.throws(
        () => parseAnalyzeArgs(argv),
        (err: unknown) => err instanceof UsageError && message.test(err.message) && !err.message.includes('\n'),
      );
    });
  }
});
