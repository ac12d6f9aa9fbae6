/**
 * Exact log10 ||W^k||_2 for k = 0..60 at n = 2048 (Gaussian, ρ ≈ 1) against numpy's loop of
 * products and norm(P, 2) on the same matrix, timed inside the real interpreter, one thread,
 * paired and interleaved (ours, numpy, ours, numpy); the largest difference in log10 is checked
 * against 1e-6. Ours includes its own Hessenberg reduction (the analysis shares the eigenvalue
 * solver's). numpy's loop takes minutes here: `--runs 1` gives one pair.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { powerNormsLog10 } from '../../src/core/linalg';
import { gaussianData } from '../../src/core/random';
import type { BenchContext, BenchRow, BenchSuite } from '../types';
import { PairedTimes, median, realPython } from './reference';

const N = 2048;
const K = 60;

const NUMPY = `import sys, json, time
import numpy as np
W = np.fromfile(sys.argv[1], dtype='<f8').reshape(${N}, ${N})
t, c = time.perf_counter(), time.process_time()
P = np.eye(${N})
out = [0.0]
for k in range(${K}):
    P = P @ W
    out.append(float(np.log10(np.linalg.norm(P, 2))))
print(json.dumps({"ms": (time.perf_counter() - t) * 1000, "cpuMs": (time.process_time() - c) * 1000, "values": out}))
`;


export const powersSuite: BenchSuite = {
  name: 'powers',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const data = gaussianData(N, N, 7000 + N);
    for (let i = 0; i < data.length; i++) data[i]! /= Math.sqrt(N);
    const file = join(ctx.tmpDir, `powers_${N}.f64`);
    writeFileSync(file, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    const script = join(ctx.tmpDir, 'powers.py');
    writeFileSync(script, NUMPY);
    const python = ctx.python ? realPython(ctx.python) : undefined;
    const pairs = Math.min(ctx.runs, 2);
    const t = new PairedTimes();
    let worst = NaN;
    let method = '';
    for (let p = 0; p < pairs; p++) {
      ctx.log(`powers n=${N}: ours`);
      const r = t.time(() => powerNormsLog10({ rows: N, cols: N, data }, K));
      method = r.method;
      if (!python) continue;
      ctx.log(`powers n=${N}: numpy`);
      const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
      const ref = JSON.parse(execFileSync(python, [script, file], { encoding: 'utf8', env, maxBuffer: 1 << 24 })) as { ms: number; cpuMs: number; values: number[] };
      t.reference(ref.ms, ref.cpuMs);
      worst = Math.max(...ref.values.map((v, k) => Math.abs(v - (r.values[k] ?? NaN))));
    }
    return [{
      group: 'powers',
      name: `log10 ||W^k||, k = 0..${K}, n=${N}: ${method} vs numpy products + norm(P, 2)`,
      ours: median(t.ours),
      ...(t.theirs.length ? { reference: median(t.theirs) } : {}),
      goal: '<= 120 s, within 1e-6 of numpy',
      holds: median(t.ours) <= 120000 && (t.theirs.length === 0 || worst <= 1e-6),
      note: `${pairs} interleaved pair(s), one thread each; CPU ours ${(median(t.oursCpu) / 1000).toFixed(1)} s` +
        (t.theirs.length ? `, numpy ${(median(t.theirsCpu) / 1000).toFixed(1)} s; max |Δ log10| = ${worst.toExponential(1)}` : ''),
    }];
  },
};
