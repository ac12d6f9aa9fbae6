/**
 * `npm run fuzz [-- --cases N] [--seed S]`: many more mutated and hostile files than `npm test`
 * runs, then a tenth as many files of hostile numbers, each analysed whole. Prints the cases run,
 * how they ended, the refusals by place and the slowest case; exits 1 with the seed and
 * counterexample on the first contract violation.
 */
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { anyValidFile, mutatedFile } from './cases';
import { readChecked } from './oracle';
import { analyseChecked, numericCase, type NumericOutcome } from './numeric';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`--${name} takes a non-negative integer`);
  return v;
}

const cases = arg('cases', 50000);
const seed = arg('seed', 20261127);
const tally = { read: 0, refused: 0 };
const places: Record<string, number> = {};
/** Outcomes by the seed's format (the label's first segment), so each reader's share shows. */
const byKind: Record<string, { read: number; refused: number }> = {};
/** The slowest cases as first timed; a single timing is mostly GC pauses, so they are re-timed. */
let slow: { ms: number; label: string; bytes: Uint8Array; fileName: string }[] = [];

function run(label: string, bytes: Uint8Array, fileName: string): void {
  const t0 = performance.now();
  const outcome = readChecked(bytes, fileName);
  const ms = performance.now() - t0;
  if (slow.length < 20 || ms > (slow[slow.length - 1]?.ms ?? 0)) {
    slow = [...slow, { ms, label, bytes, fileName }].sort((a, b) => b.ms - a.ms).slice(0, 20);
  }
  tally[outcome.kind]++;
  const kind = label.split('/')[0] ?? label;
  const k = (byKind[kind] ??= { read: 0, refused: 0 });
  k[outcome.kind]++;
  if (outcome.kind === 'refused') places[outcome.place] = (places[outcome.place] ?? 0) + 1;
}

const started = performance.now();
const result = fc.check(
  fc.property(fc.oneof({ weight: 9, arbitrary: mutatedFile }, { weight: 1, arbitrary: anyValidFile }), (f) => run(f.label, f.bytes, f.fileName)),
  { numRuns: cases, seed, endOnFailure: true },
);
const total = tally.read + tally.refused;
console.log(`fuzz: seed ${seed}, ${total} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`  read: ${tally.read}, refused: ${tally.refused} (located: ${Object.values(places).reduce((a, b) => a + b, 0)}; ${Object.entries(places).map(([k, v]) => `${k} ${v}`).join(', ')})`);
console.log(`  by seed format: ${Object.entries(byKind).sort().map(([k, v]) => `${k} ${v.read}/${v.refused}`).join(', ')} (read/refused)`);
const retimed = slow.map((c) => {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    readChecked(c.bytes, c.fileName);
    best = Math.min(best, performance.now() - t0);
  }
  return { ...c, best };
});
const worst = retimed.sort((a, b) => b.best - a.best)[0];
if (worst) console.log(`  slowest case (best of 3 re-runs of the 20 slowest): ${worst.best.toFixed(1)} ms (${worst.label}, ${worst.bytes.length} bytes)`);
if (result.failed) {
  console.error(fc.defaultReportMessage(result) ?? 'fuzz: a case failed');
  process.exit(1);
}

// Hostile numbers, analysed: a tenth as many cases, each a whole analysis (horizon 20).
const numericCases = Math.max(1, Math.floor(cases / 10));
const outcomes: Record<NumericOutcome, number> = { analysed: 0, 'refused-read': 0, 'refused-analysis': 0 };
let slowestAnalysis = 0;
const numericStart = performance.now();
const numeric = fc.check(
  fc.property(numericCase, (c) => {
    const t0 = performance.now();
    outcomes[analyseChecked(c)]++;
    slowestAnalysis = Math.max(slowestAnalysis, performance.now() - t0);
  }),
  { numRuns: numericCases, seed, endOnFailure: true },
);
console.log(`fuzz (numbers): seed ${seed}, ${numericCases} cases in ${((performance.now() - numericStart) / 1000).toFixed(1)} s`);
console.log(`  analysed: ${outcomes.analysed}, refused by the reader: ${outcomes['refused-read']}, refused by the analysis: ${outcomes['refused-analysis']}; slowest case ${slowestAnalysis.toFixed(1)} ms`);
if (numeric.failed) {
  console.error(fc.defaultReportMessage(numeric) ?? 'fuzz: a numeric case failed');
  process.exit(1);
}
