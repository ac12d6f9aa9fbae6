/**
 * Expected values come from the project's own CLI (`--json` prints the same AnalysisReport the
 * panel draws), never from numbers pasted into tests.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnalysisReport, Verdict } from '../../../src/core/report';
import { repoRoot } from '../paths';

export function cliReport(file: string): AnalysisReport {
  const out = execFileSync(process.execPath, [path.join(repoRoot, 'bin', 'rnn-gradient-lens.js'), 'analyze', file, '--json'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out) as AnalysisReport;
}

/** The first matrix that has a ρ (gate stacks report it per gate), by name. */
export function expectedMatrix(file: string): { name: string; rho: number } {
  const m = cliReport(file).matrices.find((x) => x.spectralRadius != null);
  if (!m || m.spectralRadius == null) throw new Error(`${file}: the CLI reports no spectral radius`);
  return { name: m.name, rho: m.spectralRadius };
}

export function expectedRho(file: string): number {
  return expectedMatrix(file).rho;
}

/** ρ from the reference fixtures' expected.json (numpy/LAPACK) of a workspace folder (formats/, ckpt/). */
export function fixtureRho(workspace: string, name: string, folder = 'formats'): number {
  const table = JSON.parse(fs.readFileSync(path.join(workspace, folder, 'expected.json'), 'utf8')) as Record<
    string,
    { matrices: { spectralRadius?: number | null }[] }
  >;
  const rho = table[name]?.matrices.find((m) => m.spectralRadius != null)?.spectralRadius;
  if (rho == null) throw new Error(`${folder}/expected.json gives no spectral radius for ${name}`);
  return rho;
}

export function verdicts(file: string): Verdict[] {
  return cliReport(file).matrices.map((m) => m.verdict);
}

/**
 * True when `text` shows `value` to the precision it is printed with (at least 2 significant
 * digits): "1.20", "ρ = 1.2", "1.2e+0" all show 1.2003; "1" does not.
 */
export function showsValue(text: string, value: number): boolean {
  const tokens = text.replace(/\u2212/g, '-').match(/-?\d+(?:\.(\d+))?(?:[eE]([+-]?\d+))?/g) ?? [];
  return tokens.some((tok) => {
    const m = /^-?\d+(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(tok);
    if (!m) return false;
    const decimals = m[1]?.length ?? 0;
    const exponent = Number(m[2] ?? 0);
    const tolerance = 0.5 * 10 ** (exponent - decimals) * 1.001;
    const shown = Number(tok);
    return Math.abs(shown - value) <= tolerance && tolerance <= 0.05 * Math.abs(value);
  });
}
