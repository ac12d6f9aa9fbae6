import { strict as assert } from 'node:assert';
import { checkUpstreamWidth, parseUpstream } from '../../src/cli/upstream';
import { WeightFileError } from '../../src/core/errors';

/** The one-line message the CLI would print for `text` as file `up.json`. */
function refusal(text: string, n?: number): string {
  try {
    const up = parseUpstream(text);
    if (n !== undefined) checkUpstreamWidth(up, n, "'W'");
  } catch (err) {
    assert.ok(err instanceof WeightFileError, `expected a WeightFileError, got ${String(err)}`);
    return err.format('up.json');
  }
  assert.fail('expected a refusal');
}

describe('cli: --upstream file', () => {
  it('reads T rows of length n', () => {
    const up = parseUpstream('{"dLdo": [[1, 0], [0, -2.5e-3]], "note": "x"}');
    assert.deepEqual(up.rows, [[1, 0], [0, -2.5e-3]]);
    checkUpstreamWidth(up, 2, "'W'");
  });

  it('locates a non-finite entry by row and column', () => {
    assert.equal(refusal('{"dLdo": [[1, 2], [3, 1e400]]}'), 'up.json:1:23: row 2, col 2: entry is not a finite number');
  });

  it('refuses NaN (which Python json.dump writes) at its line and column', () => {
    assert.match(refusal('{"dLdo": [\n  [1, NaN]\n]}'), /^up\.json:2:7: NaN is not valid JSON/);
  });

  it('refuses a string entry at its row and column', () => {
    assert.match(refusal('{"dLdo": [[1, 2], ["3", 4]]}'), /^up\.json:1:20: row 2, col 1: entry is not a finite number$/);
  });

  it('refuses ragged rows, naming the row', () => {
    assert.match(refusal('{"dLdo": [[1, 2],\n[3]]}'), /^up\.json:2:1: row 2, col 1: row 2 has 1 values, expected 2 like row 1$/);
  });

  it('refuses rows that do not match the hidden size', () => {
    assert.match(refusal('{"dLdo": [[1, 2, 3]]}', 4), /^up\.json:1:11: row 1, col 1: rows have 3 values but 'W' has hidden size 4$/);
  });

  it('refuses truncated JSON, a missing key and an empty file', () => {
    assert.match(refusal('{"dLdo": [[1, 2]'), /^up\.json:1:17: unexpected end of file/);
    assert.match(refusal('{"grads": [[1]]}'), /^up\.json:1:1: no "dLdo" key/);
    assert.match(refusal('[[1, 2]]'), /^up\.json:1:1: expected an object/);
    assert.match(refusal('{"dLdo": []}'), /^up\.json:1:10: "dLdo" must be a non-empty array/);
    assert.match(refusal(''), /^up\.json: empty file/);
  });
});
