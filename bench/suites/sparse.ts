/**
 * Sparse reservoirs: the spectral radius by our Krylov–Schur run against scipy's ARPACK
 * `eigs(k=6)` on the same matrix, in the same run, paired and interleaved (ours, scipy, ours,
 * scipy). The reservoirs come from scripts/make-sparse-fixtures.py (--big); scipy runs on the
 * real interpreter behind any pyenv shim (the shim's start-up is not part of either timing: each
 * side times only its eigenvalue call).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWeightFile } from '../../src/core/readers';
import { csrMatVec, nnzOf } from '../../src/core/sparse/csr';
import { largestEigenvalues } from '../../src/core/sparse/krylovSchur';
import { SPARSE_EIGS } from '../../src/core/analysis/sparse';
import type { BenchContext, BenchRow, BenchSuite } from '../types';

const CASES: readonly { n: number; density: number }[] = [
  { n: 10000, density: 1e-3 },
  { n: 20000, density: 5e-4 },
  { n: 50000, density: 1e-4 },
];

const SCIPY = `
import sys, time, json
import scipy.sparse as sp, scipy.sparse.linalg as sla, numpy as np
w = sp.load_npz(sys.argv[1]).tocsr()
t = time.perf_counter()
v = sla.eigs(w, k=6, which='LM', return_eigenvectors=False)
t = time.perf_counter() - t
print(json.dumps({"ms": t * 1000, "rho": float(np.max(np.abs(v)))}))
`;

/** The interpreter itself, not a shim script in front of it. */
function realPython(python: string): string {
  return execFileSync(python, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const sparseSuite: BenchSuite = {
  name: 'sparse',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const python = ctx.python ? realPython(ctx.python) : undefined;
    if (!python) return [{ group: 'sparse', name: 'rho of sparse reservoirs', ours: NaN, note: 'python3 with scipy missing: no reservoirs generated' }];
    const script = join(ctx.tmpDir, 'eigs.py');
    writeFileSync(script, SCIPY);
    const pairs = Math.max(2, Math.min(ctx.runs, 3));
    for (const c of CASES) {
      execFileSync(python, [join(__dirname, '..', '..', 'scripts', 'make-sparse-fixtures.py'), '--big', ctx.tmpDir, String(c.n), String(c.density), '0.95'], { stdio: 'ignore' });
      const base = join(ctx.tmpDir, `reservoir_${c.n}`);
      const t0 = performance.now();
      const file = readWeightFile(readFileSync(`${base}.mtx`), `${base}.mtx`);
      const parseMs = performance.now() - t0;
      const a = file.matrices[0]!.sparse!;
      const ours: number[] = [];
      const theirs: number[] = [];
      let rho = NaN;
      let ref = NaN;
      let info = '';
      for (let p = 0; p < pairs; p++) {
        const s = performance.now();
        const r = largestEigenvalues(a.rows, (x, out) => csrMatVec(a, x, out), SPARSE_EIGS);
        ours.push(performance.now() - s);
        rho = r.radius;
        info = `${r.converged ? 'converged' : 'NOT converged'}, ${r.products} products, ${r.restarts} restarts, residual ${r.residual.toExponential(1)}`;
        const out = JSON.parse(execFileSync(python, [script, `${base}.npz`], { encoding: 'utf8' })) as { ms: number; rho: number };
        theirs.push(out.ms);
        ref = out.rho;
        ctx.log(`sparse n=${c.n}: ours ${ours.at(-1)!.toFixed(0)} ms, scipy ${out.ms.toFixed(0)} ms`);
      }
      const ratio = median(ours) / median(theirs);
      rows.push({
        group: 'sparse',
        name: `ρ, n=${c.n}, nnz=${nnzOf(a)} (density ${c.density}), ρ scaled to 0.95: Krylov–Schur vs scipy eigs(k=6)`,
        ours: median(ours),
        reference: median(theirs),
        goal: '<= scipy eigs',
        holds: ratio <= 1,
        note: `${pairs} interleaved pairs; |Δρ|/ρ = ${(Math.abs(rho - ref) / ref).toExponential(1)}; ${info}; .mtx read in ${parseMs.toFixed(0)} ms`,
      });
    }
    return rows;
  },
};
