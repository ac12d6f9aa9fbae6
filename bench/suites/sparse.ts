/**
 * Sparse reservoirs (about 10 stored entries per row, Gaussian, scaled to ρ = 0.95): the spectral
 * radius by our Krylov–Schur run against scipy's ARPACK `eigs(k=6)` on the same matrix, paired
 * and interleaved (ours, scipy, ours, scipy). `eigs(k=6)` can settle on a group of the crowded
 * outer eigenvalues that misses the largest (its default basis is 13 vectors), so the radius both
 * are checked against comes from a separate run with a wide basis, `eigs(k=6, ncv=60, tol=0)`. The
 * reservoirs come from scripts/make-sparse-fixtures.py (--big); scipy runs on the real interpreter
 * behind any pyenv shim, and each side times only its eigenvalue call (CPU time shown beside wall).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWeightFile } from '../../src/core/readers';
import { csrMatVec, nnzOf } from '../../src/core/sparse/csr';
import { largestEigenvalues } from '../../src/core/sparse/krylovSchur';
import { SPARSE_EIGS } from '../../src/core/analysis/sparse';
import type { BenchContext, BenchRow, BenchSuite } from '../types';
import { PairedTimes, median, realPython } from './reference';

const SIZES: readonly number[] = [20000, 50000];
const PER_ROW = 10;

const SCIPY = `
import sys, time, json
import scipy.sparse as sp, scipy.sparse.linalg as sla, numpy as np
w = sp.load_npz(sys.argv[1]).tocsr()
def rho(**kw): return float(np.max(np.abs(sla.eigs(w, which='LM', return_eigenvectors=False, **kw))))
if sys.argv[2] == 'time':
    t, c = time.perf_counter(), time.process_time()
    r = rho(k=6)
    print(json.dumps({"ms": (time.perf_counter() - t) * 1000, "cpuMs": (time.process_time() - c) * 1000, "rho": r}))
else:
    t = time.perf_counter()
    r = rho(k=6, ncv=60, tol=0)
    print(json.dumps({"rho": r, "ms": (time.perf_counter() - t) * 1000}))
`;

const rel = (a: number, b: number): string => (Math.abs(a - b) / b).toExponential(1);

export const sparseSuite: BenchSuite = {
  name: 'sparse',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const python = ctx.python ? realPython(ctx.python) : undefined;
    if (!python) return [{ group: 'sparse', name: 'rho of sparse reservoirs', ours: NaN, note: 'python3 with scipy missing: no reservoirs generated' }];
    const script = join(ctx.tmpDir, 'eigs.py');
    writeFileSync(script, SCIPY);
    const pairs = Math.max(2, Math.min(ctx.runs, 3));
    for (const n of SIZES) {
      const density = PER_ROW / n;
      execFileSync(python, [join(__dirname, '..', '..', 'scripts', 'make-sparse-fixtures.py'), '--big', ctx.tmpDir, String(n), String(density), '0.95'], { stdio: 'ignore' });
      const base = join(ctx.tmpDir, `reservoir_${n}`);
      const t0 = performance.now();
      const file = readWeightFile(readFileSync(`${base}.mtx`), `${base}.mtx`);
      const parseMs = performance.now() - t0;
      const a = file.matrices[0]!.sparse!;
      const truth = JSON.parse(execFileSync(python, [script, `${base}.npz`, 'ref'], { encoding: 'utf8' })) as { rho: number; ms: number };
      const t = new PairedTimes();
      const missed: string[] = [];
      let rho = NaN;
      let info = '';
      for (let p = 0; p < pairs; p++) {
        const r = t.time(() => largestEigenvalues(a.rows, (x, out) => csrMatVec(a, x, out), SPARSE_EIGS));
        rho = r.radius;
        info = `${r.converged ? 'converged' : 'NOT converged'}, ${r.products} products, ${r.restarts} restarts, residual ${r.residual.toExponential(1)}`;
        const out = JSON.parse(execFileSync(python, [script, `${base}.npz`, 'time'], { encoding: 'utf8' })) as { ms: number; cpuMs: number; rho: number };
        t.reference(out.ms, out.cpuMs);
        if (Math.abs(out.rho - truth.rho) > 1e-8 * truth.rho) missed.push(out.rho.toPrecision(10));
        ctx.log(`sparse n=${n}: ours ${t.ours.at(-1)!.toFixed(0)} ms, scipy ${out.ms.toFixed(0)} ms (rho ${out.rho})`);
      }
      rows.push({
        group: 'sparse',
        name: `ρ, n=${n}, nnz=${nnzOf(a)}, ρ = 0.95: Krylov–Schur vs scipy eigs(k=6), wall`,
        ours: median(t.ours),
        reference: median(t.theirs),
        goal: '<= scipy eigs',
        holds: median(t.ours) <= median(t.theirs),
        note:
          `${pairs} interleaved pairs; CPU ours ${median(t.oursCpu).toFixed(0)} ms, scipy ${median(t.theirsCpu).toFixed(0)} ms; ` +
          `ρ ${rho} vs eigs(k=6, ncv=60, tol=0) ${truth.rho} (|Δ|/ρ ${rel(rho, truth.rho)}; that run ${(truth.ms / 1000).toFixed(1)} s); ` +
          `eigs(k=6) ${missed.length === 0 ? 'found it every time' : `missed it: ${missed.join(', ')}`}; ${info}; .mtx read in ${parseMs.toFixed(0)} ms`,
      });
    }
    return rows;
  },
};
