// @ts-check
// Writes the CLI's V8 code cache (dist/cli-main.js.cache) after a build: the built CLI runs a few
// sample analyses with RGL_WRITE_CLI_CODE_CACHE=1 (see src/cli/boot.ts and src/cli/codeCache.ts).
// Each run loads the cache the previous one wrote and adds the functions it compiled, so the cache
// covers the JSON and text outputs, a square W and a gate stack.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../src/core/random.ts';

/** Larger than the CLI's priming threshold (src/cli/prime.ts), so the primer's path is cached too. */
const SAMPLE_N = 96;

/** A seeded n x n matrix with entries of size 1/sqrt(n), as `{"W_hh": [[...], ...]}`. */
function sampleJson(n) {
  const uniform = mulberry32(0x2545f491);
  const next = () => uniform() - 0.5;
  const rows = Array.from({ length: n }, () => Array.from({ length: n }, () => (next() * 3.4) / Math.sqrt(n)));
  return JSON.stringify({ W_hh: rows });
}

export function writeCliCodeCache(root = join(dirname(fileURLToPath(import.meta.url)), '..')) {
  const cli = join(root, 'dist', 'cli.js');
  rmSync(join(root, 'dist', 'cli-main.js.cache'), { force: true });
  const dir = mkdtempSync(join(tmpdir(), 'rgl-code-cache-'));
  try {
    const sample = join(dir, 'sample.json');
    writeFileSync(sample, sampleJson(SAMPLE_N));
    const runs = [
      ['analyze', sample, '--json'],
      ['analyze', sample],
      ['analyze', join(root, 'examples', 'lstm_forget1.json'), '--json'],
    ];
    for (const args of runs) {
      const r = spawnSync(process.execPath, [cli, ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, RGL_WRITE_CLI_CODE_CACHE: '1', NO_COLOR: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      if (r.status !== 0) throw new Error(`code cache: rnn-gradient-lens ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
