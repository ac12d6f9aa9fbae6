// @ts-check
// `npm test`: builds once, then runs every suite (unit, webview, extension host and GUI in a real
// VS Code) and ends with one line `N passed, N failed` over all of them. Exits non-zero when a
// test failed or a suite could not run. `npm run test:unit` stays the fast unit-only path.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** Runs a command, streaming its output, and returns the exit code and the text it printed. */
function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const tee = (stream) => (chunk) => {
      text += chunk.toString();
      stream.write(chunk);
    };
    child.stdout.on('data', tee(process.stdout));
    child.stderr.on('data', tee(process.stderr));
    child.on('error', (e) => resolve({ code: 127, text: String(e) }));
    child.on('close', (code) => resolve({ code: code ?? 1, text }));
  });
}

// eslint-disable-next-line no-control-regex
const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

function lastNumber(text, re) {
  const all = [...text.matchAll(re)];
  return all.length ? Number(all[all.length - 1][1]) : undefined;
}

/** @typedef {{ name: string, passed: number | undefined, failed: number, pending: number, error?: boolean }} Counts */

/**
 * Counts from mocha's spec summary ("12 passing", "1 failing", "2 pending") or "N passed/failed".
 * @param {string} text
 * @returns {Counts[]}
 */
function mochaCounts(text) {
  const t = stripAnsi(text);
  const passed = lastNumber(t, /^\s*(\d+) passing\b/gm) ?? lastNumber(t, /^\s*(\d+) passed\b/gm);
  const failed = lastNumber(t, /^\s*(\d+) failing\b/gm) ?? lastNumber(t, /^\s*(\d+) failed\b/gm) ?? 0;
  const pending = lastNumber(t, /^\s*(\d+) pending\b/gm) ?? 0;
  return passed === undefined && failed === 0 ? [] : [{ name: '', passed, failed, pending }];
}

/**
 * Counts from the e2e harness's `[e2e] RESULT <suite> passed=N failed=N pending=N [error]` lines.
 * @param {string} text
 * @returns {Counts[]}
 */
function e2eCounts(text) {
  return [...stripAnsi(text).matchAll(/^\[e2e\] RESULT (\S+) passed=(\d+) failed=(\d+) pending=(\d+)( error)?$/gm)].map((m) => ({
    name: m[1],
    passed: Number(m[2]),
    failed: Number(m[3]),
    pending: Number(m[4]),
    error: Boolean(m[5]),
  }));
}

const suites = [
  { name: 'unit', cmd: 'npx', args: ['mocha'], parse: mochaCounts },
  ...(manifest.scripts?.['test:webview']
    ? [{ name: 'webview', cmd: 'npm', args: ['run', '--silent', 'test:webview'], parse: mochaCounts }]
    : []),
  { name: 'e2e', cmd: 'npx', args: ['tsx', 'test/e2e/run.ts', '--skip-build'], parse: e2eCounts },
];

const started = Date.now();
const rows = [];
const problems = [];

console.log('== build');
const built = await run('npm', ['run', '--silent', 'build']);
if (built.code !== 0) problems.push('build failed: no suite could run');
else {
  for (const s of suites) {
    console.log(`\n== ${s.name}: ${s.cmd} ${s.args.join(' ')}`);
    const t0 = Date.now();
    const { code, text } = await run(s.cmd, s.args);
    const counts = s.parse(text);
    const seconds = ((Date.now() - t0) / 1000).toFixed(0);
    if (counts.length === 0) {
      problems.push(`${s.name}: could not run (exit ${code}, no test counts)`);
      continue;
    }
    for (const c of counts) {
      const name = c.name ? `${s.name}/${c.name}` : s.name;
      rows.push({ name, passed: c.passed ?? 0, failed: c.failed, pending: c.pending, seconds });
      if (c.error) problems.push(`${name}: could not run to the end`);
    }
    if (code !== 0 && counts.every((c) => c.failed === 0 && !c.error)) problems.push(`${s.name}: exited ${code} with no failed test`);
  }
}

console.log('\n== summary');
for (const r of rows) {
  console.log(`${r.name.padEnd(22)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(4)} failed ${String(r.pending).padStart(3)} pending  (${r.seconds} s)`);
}
for (const p of problems) console.log(`!! ${p}`);
console.log(`total time ${((Date.now() - started) / 1000).toFixed(0)} s`);
const passed = rows.reduce((n, r) => n + r.passed, 0);
const failed = rows.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
