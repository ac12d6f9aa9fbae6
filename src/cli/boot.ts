/**
 * The CLI's process entry (dist/cli.js). It runs the CLI bundle (dist/cli-main.js) through a V8
 * code cache that the build writes next to it (dist/cli-main.js.cache), so a cold run skips
 * parsing and compiling the functions it calls. The cache is used only when it was made from the
 * very same bundle bytes; a missing, stale or rejected cache (another Node, other V8 flags) just
 * means the bundle is compiled as usual. A normal run never writes anything.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { CACHE_SUFFIX, CLI_V8_FLAGS, WRITE_CACHE_ENV, cachedDataFor, wrapBundle, writeCodeCache } from './codeCache';
import { optimisingTiers, smallOneShot } from './tiering';

const MAIN = join(__dirname, 'cli-main.js');

function readBundle(): Buffer | undefined {
  try {
    return readFileSync(MAIN);
  } catch {
    process.stderr.write('rnn-gradient-lens: dist/cli-main.js is missing; run `npm run build` in the package folder first\n');
    process.exitCode = 2;
    return undefined;
  }
}

function readCache(): Buffer | undefined {
  try {
    return readFileSync(MAIN + CACHE_SUFFIX);
  } catch {
    return undefined;
  }
}

for (const flag of CLI_V8_FLAGS) setFlagsFromString(flag);
const source = readBundle();
if (source !== undefined) {
  const cachedData = cachedDataFor(readCache(), source);
  const script = new Script(wrapBundle(source.toString('utf8')), { filename: MAIN, ...(cachedData ? { cachedData } : {}) });
  if (process.env[WRITE_CACHE_ENV] === '1') {
    // Build time only (scripts/cliCodeCache.mjs): after a sample run the cache holds every
    // function that run compiled, including the ones it compiled lazily.
    process.on('exit', () => writeCodeCache(MAIN + CACHE_SUFFIX, source, script.createCachedData()));
  } else if (smallOneShot(process.argv.slice(2))) {
    optimisingTiers(false);
  }
  const fn = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;
  const mod = { exports: {} };
  fn.call(mod.exports, mod.exports, createRequire(MAIN), mod, MAIN, __dirname);
}
