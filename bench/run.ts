import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { suites } from './suites';
import type { BenchRow } from './types';

function findNumpy(): string | undefined {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return 'python3';
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const tmpDir = mkdtempSync(join(tmpdir(), 'rgl-bench-'));
  const python = findNumpy();
  const only = process.argv[2];
  const rows: BenchRow[] = [];
  try {
    for (const s of suites.filter((x) => !only || x.name === only)) {
      process.stderr.write(`bench: ${s.name}\n`);
      rows.push(...(await s.run({ tmpDir, python, runs: 5, log: (l) => process.stderr.write(`  ${l}\n`) })));
    }
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
  if (!python) console.log('note: python3 with numpy not found; reference columns are empty.');
  const fmt = (v: number | undefined): string => (v === undefined ? '-' : v < 10 ? v.toFixed(2) : v.toFixed(0));
  console.log('| group | case | ours | numpy | ratio | goal | holds | note |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const ratio = r.reference !== undefined && r.reference > 0 ? (r.ours / r.reference).toFixed(2) : '-';
    const holds = r.holds === undefined ? '-' : r.holds ? 'yes' : 'NO';
    console.log(`| ${r.group} | ${r.name} | ${fmt(r.ours)} ${r.unit ?? 'ms'} | ${fmt(r.reference)} | ${ratio} | ${r.goal ?? ''} | ${holds} | ${r.note ?? ''} |`);
  }
}

void main();
