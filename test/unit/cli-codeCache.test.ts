import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { CACHE_SUFFIX, CLI_V8_FLAGS, cachedDataFor, encodeCodeCache, wrapBundle } from '../../src/cli/codeCache';
import { ensureBuilt, expectRefusal, ROOT, runCli } from './cliProcess';

const DIST = join(ROOT, 'dist');
const EXAMPLE = join(ROOT, 'examples', 'exploding.json');

describe('cli: code cache file', () => {
  const source = Buffer.from('console.log("bundle");\n', 'utf8');
  const data = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);

  it('gives back the cached data for exactly the bundle it was made from', () => {
    const got = cachedDataFor(encodeCodeCache(source, data), source);
    assert.ok(got);
    assert.deepEqual([...got], [...data]);
  });

  it('refuses a cache made from another bundle, even one of the same length', () => {
    const file = encodeCodeCache(source, data);
    const sameLength = Buffer.from('console.log("bund1e");\n', 'utf8');
    assert.equal(sameLength.length, source.length);
    assert.equal(cachedDataFor(file, sameLength), undefined);
    assert.equal(cachedDataFor(file, Buffer.concat([source, Buffer.from(' ')])), undefined);
  });

  it('refuses a missing, truncated or foreign file', () => {
    const file = encodeCodeCache(source, data);
    assert.equal(cachedDataFor(undefined, source), undefined);
    assert.equal(cachedDataFor(file.subarray(0, 10 + source.length), source), undefined);
    assert.equal(cachedDataFor(file.subarray(0, 5), source), undefined);
    const foreign = Buffer.from(file);
    foreign.write('XXXXXX', 0, 'latin1');
    assert.equal(cachedDataFor(foreign, source), undefined);
  });
});

describe('cli: the built code cache (process)', function () {
  this.timeout(60_000);
  let dir = '';
  before(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'rgl-code-cache-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A copy of the CLI's dist files, so a test can break one without touching dist/. */
  function copyDist(): string {
    const d = mkdtempSync(join(dir, 'dist-'));
    for (const f of ['cli.js', 'cli-main.js', `cli-main.js${CACHE_SUFFIX}`]) copyFileSync(join(DIST, f), join(d, f));
    return d;
  }

  function runIn(d: string, ...args: string[]) {
    const r = spawnSync(process.execPath, [join(d, 'cli.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('is made from the built bundle and accepted by this Node', () => {
    const source = readFileSync(join(DIST, 'cli-main.js'));
    const cachedData = cachedDataFor(readFileSync(join(DIST, `cli-main.js${CACHE_SUFFIX}`)), source);
    assert.ok(cachedData, 'the cache must match dist/cli-main.js byte for byte');
    // The CLI's V8 flags are part of V8's check: compile as the CLI does, then restore them.
    const inverse = (f: string): string => (f.startsWith('--no-') ? `--${f.slice(5)}` : `--no-${f.slice(2)}`);
    let rejected: boolean | undefined;
    try {
      for (const f of CLI_V8_FLAGS) setFlagsFromString(f);
      rejected = new Script(wrapBundle(source.toString('utf8')), { filename: join(DIST, 'cli-main.js'), cachedData }).cachedDataRejected;
    } finally {
      for (const f of CLI_V8_FLAGS) setFlagsFromString(inverse(f));
    }
    assert.equal(rejected, false, 'V8 rejected the cache the build wrote');
  });

  it('runs the same with a stale cache, one V8 refuses, or none', () => {
    const expected = runCli(['analyze', EXAMPLE, '--json']);
    assert.equal(expected.code, 0, expected.stderr);
    assert.ok(JSON.parse(expected.stdout).matrices.length > 0);

    const stale = copyDist();
    writeFileSync(join(stale, 'cli-main.js'), readFileSync(join(stale, 'cli-main.js'), 'utf8') + '\n// rebuilt\n');
    const corrupt = copyDist();
    const file = readFileSync(join(corrupt, `cli-main.js${CACHE_SUFFIX}`));
    const v8Part = 10 + readFileSync(join(corrupt, 'cli-main.js')).length;
    file.fill(0x5a, v8Part, v8Part + 64);
    writeFileSync(join(corrupt, `cli-main.js${CACHE_SUFFIX}`), file);
    const none = copyDist();
    rmSync(join(none, `cli-main.js${CACHE_SUFFIX}`));

    for (const d of [stale, corrupt, none]) {
      const r = runIn(d, 'analyze', EXAMPLE, '--json');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, expected.stdout);
    }
  });

  it('says how to build when the bundle is missing, in one line with exit 2', () => {
    const d = copyDist();
    rmSync(join(d, 'cli-main.js'));
    const line = expectRefusal(runIn(d, 'analyze', EXAMPLE));
    assert.match(line, /cli-main\.js is missing; run `npm run build`/);
  });
});
