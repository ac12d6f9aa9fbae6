import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMALL_INPUT_BYTES, smallOneShot } from '../../src/cli/tiering';

describe('cli: optimising compilers off for a one-shot analysis of a small file', () => {
  let dir = '';
  let small = '';
  let large = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rgl-tiering-'));
    small = join(dir, 'small.json');
    large = join(dir, 'large.json');
    writeFileSync(small, 'x'.repeat(SMALL_INPUT_BYTES));
    writeFileSync(large, 'x'.repeat(SMALL_INPUT_BYTES + 1));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('applies to analyze with files up to the limit, options and their values skipped', () => {
    assert.equal(smallOneShot(['analyze', small, '--json', '--horizon', '60']), true);
    assert.equal(smallOneShot(['analyze', '--upstream', small, small]), true);
  });

  it('not past the limit, nor for other commands, nor without a file to read', () => {
    assert.equal(smallOneShot(['analyze', large, '--json']), false);
    assert.equal(smallOneShot(['analyze', small, '--upstream', large]), false);
    assert.equal(smallOneShot(['track', small]), false);
    assert.equal(smallOneShot(['analyze', join(dir, 'missing.json')]), false);
    assert.equal(smallOneShot(['analyze', dir]), false);
    assert.equal(smallOneShot([]), false);
  });
});
