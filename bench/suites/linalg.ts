/**
 * Linear-algebra kernels against numpy/LAPACK on the same seeded Gaussian matrices (scaled to
 * ρ ≈ 1): all eigenvalues, σ_max, and log10 ||W^k||_2 for k = 0..60. numpy is timed inside
 * python (medians), ours in this process (medians, with the first, cold call noted). Goals are
 * set at n = 1024 (eigenvalues within 2x of LAPACK; exact power norms within 2x of
 * numpy's loop); smaller sizes are shown for the ratio, their end-to-end goal is the CLI suite's.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eigenvalues, powerNormsLog10, spectralNorm } from '../../src/core/linalg';
import { gaussianData } from '../../src/core/random';
import type { Matrix } from '../../src/core/matrix';
import type { BenchContext, BenchRow, BenchSuite } from '../types';

const SIZES = [64, 256, 1024];
const K = 60;

const NUMPY_SCRIPT = `
import sys, json, time
import numpy as np
path, n, runs, what = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
W = np.fromfile(path, dtype='<f8').reshape(n, n)
def eig(): np.linalg.eigvals(W)
def norm(): np.linalg.norm(W, 2)
def powers():
    P = np.eye(n)
    out = [0.0]
    for k in range(1, ${K} + 1):
        P = P @ W
        out.append(np.log10(np.linalg.norm(P, 2)))
    return out
f = {'eig': eig, 'norm': norm, 'pow': powers}[what]
f()  # warm-up, as ours is timed warm too
ts = []
for _ in range(runs):
    t0 = time.perf_counter(); f(); ts.append((time.perf_counter() - t0) * 1000)
ts.sort()
print(json.dumps(ts[len(ts) // 2]))
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

/** One timed case: the cold first call, then the median of `runs` more. */
function measure(f: () => unknown, runs: number): { cold: number; median: number } {
  const cold = time(f);
  const ts: number[] = [];
  for (let r = 0; r < runs; r++) ts.push(time(f));
  return { cold, median: median(ts) };
}

function numpyMs(ctx: BenchContext, file: string, n: number, runs: number, what: string): number | undefined {
  if (!ctx.python) return undefined;
  const script = join(ctx.tmpDir, 'linalg_ref.py');
  writeFileSync(script, NUMPY_SCRIPT);
  const out = execFileSync(ctx.python, [script, file, String(n), String(runs), what], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  return JSON.parse(out) as number;
}

/** A table row; `factor` undefined means no goal at this size (the ratio is still shown). */
function row(group: string, name: string, ours: { cold: number; median: number }, ref: number | undefined, factor: number | undefined, goalText: string, extra = ''): BenchRow {
  return {
    group,
    name,
    ours: ours.median,
    reference: ref,
    goal: factor === undefined ? '' : goalText,
    holds: ref === undefined || factor === undefined ? undefined : ours.median <= factor * ref,
    note: `cold first call ${ours.cold.toFixed(0)} ms${extra}`,
  };
}

export const linalgSuite: BenchSuite = {
  name: 'linalg',
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const n of SIZES) {
      const data = gaussianData(n, n, 7000 + n);
      for (let i = 0; i < data.length; i++) data[i]! /= Math.sqrt(n);
      const W: Matrix = { rows: n, cols: n, data };
      const file = join(ctx.tmpDir, `linalg_${n}.f64`);
      writeFileSync(file, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      // The K = 60 power loop at n = 1024 takes tens of seconds on either side: time it once.
      const heavy = n >= 1024;
      const runs = heavy ? Math.min(ctx.runs, 3) : ctx.runs;
      ctx.log(`n=${n}: eigenvalues`);
      let converged = true;
      const eig = measure(() => (converged = eigenvalues(W).converged && converged), runs);
      rows.push(row('linalg', `eigenvalues n=${n}`, eig, numpyMs(ctx, file, n, runs, 'eig'), heavy ? 2 : undefined, '<= 2x LAPACK', converged ? '' : '; NOT CONVERGED'));
      ctx.log(`n=${n}: spectral norm`);
      const nrm = measure(() => spectralNorm(W), runs);
      rows.push(row('linalg', `spectralNorm n=${n}`, nrm, numpyMs(ctx, file, n, runs, 'norm'), heavy ? 1 : undefined, '<= numpy norm(W,2)'));
      ctx.log(`n=${n}: power norms K=${K}`);
      let method = '';
      const pw = measure(() => (method = powerNormsLog10(W, K).method), heavy ? 1 : runs);
      rows.push(row('linalg', `powerNormsLog10 K=${K} n=${n}`, pw, numpyMs(ctx, file, n, heavy ? 1 : runs, 'pow'), heavy ? 2 : undefined, '<= 2x numpy loop', `; ${method}${heavy ? '; one run each' : ''}`));
    }
    return rows;
  },
};
