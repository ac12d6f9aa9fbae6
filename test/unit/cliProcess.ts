/** Runs the built CLI as a user does (`node bin/rnn-gradient-lens.js ...`) for the end-to-end tests. */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import type { CliIO } from '../../src/cli/io';
import { run } from '../../src/cli/run';

export const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'rnn-gradient-lens.js');
const BUNDLE = join(ROOT, 'dist', 'cli.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Rebuilds the CLI bundle (ensureWorkerBuilt: dist/worker.js) when it is missing or older than
 * src/ (npm test builds first; mocha alone may not).
 */
export function ensureBuilt(): void {
  ensureBundle('cli');
}

export function ensureWorkerBuilt(): void {
  ensureBundle('worker');
}

function ensureBundle(bundle: 'cli' | 'worker'): void {
  let built = 0;
  try {
    built = statSync(bundle === 'cli' ? BUNDLE : join(ROOT, 'dist', `${bundle}.js`)).mtimeMs;
  } catch {
    built = 0;
  }
  if (built >= newestMtime(join(ROOT, 'src')) && built >= statSync(join(ROOT, 'package.json')).mtimeMs) return;
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build.mjs'), `--only=${bundle}`], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `build failed: ${r.stderr}`);
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Asserts exit 2 with exactly one stderr line and no stack frames; returns that line. */
export function expectRefusal(r: CliResult): string {
  assert.equal(r.code, 2, `exit code 2 expected, got ${r.code}; stderr: ${r.stderr}`);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n');
  assert.equal(lines.length, 2, `one line on stderr, got: ${r.stderr}`);
  assert.ok(!/^\s*at /m.test(r.stderr) && !/\bError:/.test(r.stderr), `no stack trace: ${r.stderr}`);
  return lines[0] ?? '';
}

/** |actual - expected| within `rel` of |expected| (absolute `rel` when expected is 0). */
export function assertClose(actual: number | null | undefined, expected: number, rel: number, what: string): void {
  assert.ok(typeof actual === 'number', `${what}: expected a number, got ${String(actual)}`);
  const tol = rel * (expected === 0 ? 1 : Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected} (tolerance ${tol})`);
}

/** Runs the CLI in this process (its `run`), capturing what it writes. */
export async function cliInProcess(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, env: {} };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
