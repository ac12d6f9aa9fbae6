/**
 * `npm run bench [-- --runs N] [-- SUITE ...]`: runs the suites and prints one Markdown table with
 * our medians, numpy's, their ratio, each goal and whether it holds, then a summary of the goals.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { suites } from './suites';
import { SPARSE_CHILD_FLAG, sparseRhoChild } from './suites/sparse';
import { COLD_FLAG, hessenbergFirstCall } from './suites/hessenberg';
import type { BenchRow } from './types';
import { errorMessage } from '../src/core/errors';

const USAGE = `usage: node dist/bench/run.js [--runs N] [--sizes N,N] [--limit S] [--list] [SUITE ...]
  --runs N   runs per case, median reported (default 5)
  --sizes    only these sizes in the suites that take sizes (sparse, growth, cli)
  --limit S  time limit of one timed process in seconds (default 900); past it: not finished
  --list     print the suite names and exit
  SUITE      run only these suites (default: all)`;

/** The interpreter itself (a pyenv shim on PATH adds its own start-up to every timed run). */
/**
 * The interpreter behind `python3`, resolved once: a pyenv shim is a bash script that adds tens
 * of ms to every start, which would be timed as numpy's. Undefined without numpy.
 */
function findNumpy(): string | undefined {
  try {
    const exe = execFileSync('python3', ['-c', 'import sys, numpy; print(sys.executable)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return exe === '' ? 'python3' : exe;
  } catch {
    return undefined;
  }
}

interface BenchArgs {
  readonly runs: number;
  readonly only: readonly string[];
  readonly list: boolean;
  readonly sizes?: readonly number[];
  readonly limitMs: number;
}

function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { runs: { type: 'string' }, list: { type: 'boolean' }, suite: { type: 'string', multiple: true }, sizes: { type: 'string' }, limit: { type: 'string' } },
    allowPositionals: true,
  });
  const runs = values.runs === undefined ? 5 : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs expects an integer >= 1, got '${values.runs}'`);
  const only = [...positionals, ...(values.suite ?? [])].flatMap((s) => s.split(','));
  const unknown = only.filter((name) => !suites.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`unknown suite ${unknown.join(', ')}; suites: ${suites.map((s) => s.name).join(', ')}`);
  const sizes = values.sizes?.split(',').map(Number);
  if (sizes && !sizes.every((n) => Number.isInteger(n) && n > 0)) throw new Error(`--sizes expects integers > 0 separated by commas, got '${values.sizes}'`);
  const limit = values.limit === undefined ? 900 : Number(values.limit);
  if (!(limit > 0)) throw new Error(`--limit expects seconds > 0, got '${values.limit}'`);
  return { runs, only, list: values.list === true, limitMs: limit * 1000, ...(sizes ? { sizes } : {}) };
}

const fmt = (v: number | undefined): string => (v === undefined ? '-' : v < 10 ? v.toFixed(2) : v.toFixed(0));

function printTable(rows: readonly BenchRow[]): void {
  console.log('| group | case | ours | numpy | ratio | goal | holds | note |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const ratio = r.reference !== undefined && r.reference > 0 ? (r.ours / r.reference).toFixed(2) : '-';
    const holds = r.holds === undefined ? '-' : r.holds ? 'yes' : 'NO';
    const unit = r.unit ?? 'ms';
    const ref = r.reference === undefined ? '-' : `${fmt(r.reference)} ${unit}`;
    console.log(`| ${r.group} | ${r.name} | ${fmt(r.ours)} ${unit} | ${ref} | ${ratio} | ${r.goal ?? ''} | ${holds} | ${r.note ?? ''} |`);
  }
}

/** One line per outcome: which goals hold, which do not, which could not be judged. */
function printGoals(rows: readonly BenchRow[]): void {
  const withGoal = rows.filter((r) => r.goal);
  const held = withGoal.filter((r) => r.holds === true);
  const missed = withGoal.filter((r) => r.holds === false);
  const unjudged = withGoal.filter((r) => r.holds === undefined);
  console.log('');
  console.log(`goals: ${held.length} of ${withGoal.length} hold`);
  for (const r of missed) console.log(`  NOT MET: ${r.group} / ${r.name}: ${fmt(r.ours)} ${r.unit ?? 'ms'}, goal ${r.goal}`);
  for (const r of unjudged) console.log(`  not judged (no reference): ${r.group} / ${r.name}`);
}

async function main(): Promise<void> {
  // A child the hessenberg suite starts for a first call in a fresh process.
  if (process.argv[2] === COLD_FLAG) return hessenbergFirstCall(Number(process.argv[3]));
  // The sparse suite times our radius in a child process of this runner, under its time limit.
  if (process.argv[2] === SPARSE_CHILD_FLAG && process.argv[3]) return sparseRhoChild(process.argv[3]);
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`bench: ${errorMessage(err)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args.list) {
    for (const s of suites) console.log(s.name);
    return;
  }
  const tmpDir = mkdtempSync(join(tmpdir(), 'rgl-bench-'));
  const python = findNumpy();
  const rows: BenchRow[] = [];
  try {
    for (const s of suites.filter((x) => args.only.length === 0 || args.only.includes(x.name))) {
      process.stderr.write(`bench: ${s.name}\n`);
      rows.push(...(await s.run({ tmpDir, python, runs: args.runs, limitMs: args.limitMs, ...(args.sizes ? { sizes: args.sizes } : {}), log: (l) => process.stderr.write(`  ${l}\n`) })));
    }
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
  if (!python) console.log('note: python3 with numpy not found; the numpy columns are empty and those goals are not judged.\n');
  else console.log(`reference interpreter: ${python}`);
  // Wall-clock medians on a shared machine depend on its load: say what it was.
  const [load1, load5] = loadavg();
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, load average ${load1?.toFixed(1)} (1 min) ${load5?.toFixed(1)} (5 min), ${args.runs} runs per case\n`);
  printTable(rows);
  printGoals(rows);
}

void main();
