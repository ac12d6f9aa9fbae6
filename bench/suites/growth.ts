/**
 * Cost growth: the whole CLI (file → JSON report, horizon 60) as one process per size, wall
 * time, CPU time and peak RSS from /usr/bin/time, on dense Gaussian matrices (ρ ≈ 1, .npy) from
 * n = 64 to 4096 and sparse reservoirs (about 10 stored entries per row, scipy .npz) from 10^3 to
 * 10^5; numpy/scipy doing the same work in the same run where affordable (the dense power loop
 * is skipped from n = 2048: about 45 minutes of one core there). Each process runs under the
 * bench's time limit (`--limit`); past it the row says not finished. The fitted exponent is the
 * least-squares slope of log t against log n.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gaussianData } from '../../src/core/random';
import type { BenchContext, BenchRow, BenchSuite } from '../types';
import { realPython } from './reference';

const DENSE = [64, 128, 256, 512, 1024, 2048, 4096];
const SPARSE = [1000, 10000, 50000, 100000];
const NUMPY_POWERS_BELOW = 2048;
const CLI = join(__dirname, '..', '..', 'bin', 'rnn-gradient-lens.js');
const TIME = '/usr/bin/time';
const ONE_THREAD = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

const REFERENCE = `import sys
import numpy as np
path, powers = sys.argv[1], sys.argv[2] == '1'
if path.endswith('.npy'):
    W = np.load(path)
    np.linalg.eigvals(W); np.linalg.norm(W, 2); np.linalg.norm(W, 'fro')
    if powers:
        P = np.eye(W.shape[0])
        for k in range(60):
            P = P @ W
            np.log10(np.linalg.norm(P, 2))
else:
    import scipy.sparse as sp, scipy.sparse.linalg as sla
    W = sp.load_npz(path).tocsr()
    sla.eigs(W, k=6, return_eigenvectors=False); sla.svds(W, k=1, return_singular_vectors=False); sla.norm(W)
`;

interface Cost {
  wallMs: number;
  cpuMs: number;
  rssMB: number;
}

/** One process under /usr/bin/time: wall, user + sys and peak RSS; 'limit' past the time limit. */
function timed(ctx: BenchContext, cmd: string, args: string[], env: Record<string, string> = {}): Cost | 'limit' | undefined {
  const out = join(ctx.tmpDir, 'time.txt');
  // GNU timeout signals its whole process group: /usr/bin/time and the process it measures.
  const r = spawnSync('timeout', ['-s', 'KILL', String(ctx.limitMs / 1000), TIME, '-o', out, '-f', '%e %U %S %M', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  if (r.status === 137) return 'limit';
  if (r.status !== 0) {
    ctx.log(`failed: ${cmd} ${args.join(' ')}: ${String(r.stderr).slice(0, 300)}`);
    return undefined;
  }
  const [wall, user, sys, rss] = readFileSync(out, 'utf8').trim().split(/\s+/).slice(-4).map(Number) as [number, number, number, number];
  return { wallMs: wall * 1000, cpuMs: (user + sys) * 1000, rssMB: rss / 1024 };
}

/** Least-squares slope of log t against log n. */
export function fittedExponent(ns: readonly number[], ts: readonly number[]): number {
  const x = ns.map(Math.log);
  const y = ts.map(Math.log);
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  x.forEach((xi, i) => {
    sxy += (xi - mx) * (y[i]! - my);
    sxx += (xi - mx) ** 2;
  });
  return sxy / sxx;
}

/** A float64 .npy file of a Gaussian n x n matrix scaled to ρ ≈ 1. */
function writeNpy(path: string, n: number): void {
  const data = gaussianData(n, n, 9000 + n);
  for (let i = 0; i < data.length; i++) data[i]! /= Math.sqrt(n);
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${n}, ${n}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const pre = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(pre);
  pre.writeUInt16LE(header.length, 8);
  writeFileSync(path, Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.from(data.buffer)]));
}

function costRow(ctx: BenchContext, kind: string, n: number, ours: Cost | 'limit', ref: Cost | 'limit' | undefined, refNote: string): BenchRow {
  const limit = `> ${(ctx.limitMs / 1000).toFixed(0)} s, not finished`;
  const cost = (c: Cost | 'limit'): string => (c === 'limit' ? limit : `CPU ${(c.cpuMs / 1000).toFixed(2)} s, peak RSS ${c.rssMB.toFixed(0)} MB`);
  return {
    group: 'growth',
    name: `${kind} n=${n}: file → JSON report, T=60`,
    ours: ours === 'limit' ? NaN : ours.wallMs,
    ...(ref && ref !== 'limit' ? { reference: ref.wallMs } : {}),
    note: `ours ${cost(ours)}; ${refNote}${ref ? `: ${cost(ref)}` : ''}`,
  };
}

function exponentRow(kind: string, ns: number[], ours: Cost[]): BenchRow {
  const wall = fittedExponent(ns, ours.map((c) => c.wallMs));
  const cpu = fittedExponent(ns, ours.map((c) => c.cpuMs));
  return { group: 'growth', name: `${kind}: fitted exponent of t ∝ n^p, n = ${ns[0]}..${ns.at(-1)}`, ours: cpu, unit: 'p', note: `CPU time (wall: p = ${wall.toFixed(2)})` };
}

export const growthSuite: BenchSuite = {
  name: 'growth',
  async run(ctx) {
    if (!existsSync(TIME)) return [{ group: 'growth', name: 'cost growth', ours: NaN, note: `${TIME} missing` }];
    const python = ctx.python ? realPython(ctx.python) : undefined;
    const script = join(ctx.tmpDir, 'growth_ref.py');
    writeFileSync(script, REFERENCE);
    const rows: BenchRow[] = [];
    const run = (file: string): Cost | 'limit' | undefined => timed(ctx, process.execPath, [CLI, 'analyze', file, '--json', '--horizon', '60', '--timeout', '0']);
    const seen: Record<string, { ns: number[]; costs: Cost[] }> = { dense: { ns: [], costs: [] }, sparse: { ns: [], costs: [] } };
    const measure = (kind: 'dense' | 'sparse', n: number, path: string, spec: [string, string] | undefined): void => {
      ctx.log(`growth ${kind} n=${n}`);
      const ours = run(path);
      if (!ours) return;
      const ref = spec && python ? timed(ctx, python, [script, path, spec[0]], ONE_THREAD) : undefined;
      rows.push(costRow(ctx, kind, n, ours, ref, spec?.[1] ?? 'no reference'));
      if (ours === 'limit') return;
      seen[kind]!.ns.push(n);
      seen[kind]!.costs.push(ours);
    };
    const dense = (n: number): void => {
      const p = join(ctx.tmpDir, `dense_${n}.npy`);
      writeNpy(p, n);
      measure('dense', n, p, n < NUMPY_POWERS_BELOW ? ['1', 'numpy eigvals, norms, ‖W^k‖ loop'] : ['0', 'numpy eigvals and norms only']);
    };
    // The largest dense sizes last: on a busy machine they take the longest by far.
    const wanted = (n: number): boolean => !ctx.sizes || ctx.sizes.includes(n);
    for (const n of DENSE.filter((d) => d < NUMPY_POWERS_BELOW && wanted(d))) dense(n);
    if (python) {
      for (const n of SPARSE.filter(wanted)) {
        execFileSync(python, [join(__dirname, '..', '..', 'scripts', 'make-sparse-fixtures.py'), '--big', ctx.tmpDir, String(n), String(10 / n)], { stdio: 'ignore' });
        measure('sparse', n, join(ctx.tmpDir, `reservoir_${n}.npz`), ['0', 'scipy eigs(k=6), svds(k=1), norm']);
      }
    }
    for (const n of DENSE.filter((d) => d >= NUMPY_POWERS_BELOW && wanted(d))) dense(n);
    for (const [kind, { ns, costs }] of Object.entries(seen)) if (ns.length >= 2) rows.push(exponentRow(kind, ns, costs));
    return rows;
  },
};
