/**
 * The Hessenberg reduction alone against LAPACK's dgehrd (scipy.linalg.hessenberg without Q,
 * overwrite_a, check_finite off) on the same seeded Gaussian matrices. Hot: medians of many
 * calls, ours and scipy's batches interleaved (ours, scipy, ours, scipy) so both see the same
 * load. First call: ours in a fresh Node process (kernel assembly, compile and unoptimised
 * JavaScript included), scipy's first call after `import scipy.linalg`.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hessenbergBlocked } from '../../src/core/linalg/hessenbergBlocked';
import { simdMatrix } from '../../src/core/linalg/simdKernels';
import { gaussianData } from '../../src/core/random';
import type { BenchContext, BenchRow, BenchSuite } from '../types';

const SIZES = [64, 128, 256, 512, 1024];
/** `node dist/bench/run.js COLD_FLAG n`: one first call in this fresh process, its ms on stdout. */
export const COLD_FLAG = '--hessenberg-first-call';

const SCIPY_SCRIPT = `
import sys, json, time
import numpy as np
from scipy.linalg import hessenberg
path, n, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
W = np.fromfile(path, dtype='<f8').reshape(n, n)
def once():
    a = np.array(W, order='F')
    t0 = time.perf_counter()
    hessenberg(a, calc_q=False, overwrite_a=True, check_finite=False)
    return (time.perf_counter() - t0) * 1000
first = once()
print(json.dumps({'first': first, 'hot': [once() for _ in range(runs)]}))
`;

function input(n: number): Float64Array {
  const a = gaussianData(n, n, 7000 + n);
  for (let i = 0; i < a.length; i++) a[i]! /= Math.sqrt(n);
  return a;
}

/** One reduction of a copy of `a` in the kernels' memory, as the eigenvalue solver does it. */
function reduceOnce(a: Float64Array, n: number): number {
  const t0 = performance.now();
  const h = simdMatrix(n);
  h.set(a);
  hessenbergBlocked(h, n);
  return performance.now() - t0;
}

/** The child's side of COLD_FLAG. */
export function hessenbergFirstCall(n: number): void {
  console.log(JSON.stringify(reduceOnce(input(n), n)));
}

const median = (xs: readonly number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

function scipy(ctx: BenchContext, file: string, n: number, runs: number): { first: number; hot: number[] } | undefined {
  if (!ctx.python) return undefined;
  const script = join(ctx.tmpDir, 'hessenberg_ref.py');
  writeFileSync(script, SCIPY_SCRIPT);
  try {
    const out = execFileSync(ctx.python, [script, file, String(n), String(runs)], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    });
    return JSON.parse(out) as { first: number; hot: number[] };
  } catch {
    return undefined; // no scipy: the reference column stays empty
  }
}

const firstCallChild = (n: number): number =>
  JSON.parse(execFileSync(process.execPath, [process.argv[1]!, COLD_FLAG, String(n)], { encoding: 'utf8' })) as number;

export const hessenbergSuite: BenchSuite = {
  name: 'hessenberg',
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const n of SIZES) {
      const a = input(n);
      const file = join(ctx.tmpDir, `hessenberg_${n}.f64`);
      writeFileSync(file, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      const reps = n <= 256 ? 6 * ctx.runs : n <= 512 ? ctx.runs : Math.max(1, Math.ceil(ctx.runs / 2));
      const ours: number[] = [];
      const ref: number[] = [];
      const firsts: number[] = [];
      const refFirsts: number[] = [];
      reduceOnce(a, n); // warm-up
      for (let round = 0; round < 3; round++) {
        for (let r = 0; r < reps; r++) ours.push(reduceOnce(a, n));
        const s = scipy(ctx, file, n, reps);
        if (s) {
          ref.push(...s.hot);
          refFirsts.push(s.first);
        }
        firsts.push(firstCallChild(n));
      }
      ctx.log(`hessenberg n=${n}: ours ${median(ours).toFixed(2)} ms, scipy ${ref.length ? median(ref).toFixed(2) : '-'} ms`);
      const refFirst = refFirsts.length ? ` (scipy ${median(refFirsts).toFixed(1)} ms)` : '';
      rows.push({
        group: 'linalg', name: `hessenberg n=${n}`, ours: median(ours), reference: ref.length ? median(ref) : undefined,
        note: `reduction alone vs scipy.linalg.hessenberg (dgehrd), ${3 * reps} calls each, interleaved in 3 rounds; first call in a fresh process ${median(firsts).toFixed(1)} ms${refFirst}`,
      });
    }
    return rows;
  },
};
