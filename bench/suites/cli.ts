/**
 * The whole CLI, file → JSON report (horizon 60), as a user runs it: a fresh `node` process per run
 * (cold start and JIT warm-up included), against the numpy script a user would otherwise write,
 * also timed as a whole `python3 script.py file` process. Plus the CLI's peak RSS on a ~93 MB
 * JSON state dict of a 1024-unit LSTM (weight_hh 4096 × 1024).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, BenchRow, BenchSuite } from '../types';

const SIZES = [64, 256, 1024];
const HORIZON = 60;
const MB = 1024 * 1024;
const CLI = join(__dirname, '..', '..', 'bin', 'rnn-gradient-lens.js');

/** What a numpy user writes for the same report: eigenvalues, σ_max, ‖W‖_F, ‖W^k‖ (k ≤ T), BPTT. */
const NUMPY_SCRIPT = `import json, sys
import numpy as np

T = ${HORIZON}
with open(sys.argv[1]) as f:
    W = np.array(json.load(f)["W_hh"], dtype=np.float64)
n = W.shape[0]
ev = np.linalg.eigvals(W)
ev = ev[np.lexsort((-ev.imag, -ev.real, -np.abs(ev)))]
P = np.eye(n)
powers = [0.0]
for k in range(1, T + 1):
    P = P @ W
    powers.append(float(np.log10(np.linalg.norm(P, 2))))
rng = np.random.default_rng(1)
D = rng.standard_normal((T, n))
D /= np.linalg.norm(D, axis=1, keepdims=True)
g = np.zeros(n)
grad = []
for t in reversed(range(T)):
    g = D[t] + W.T @ g
    grad.append(float(np.log10(np.linalg.norm(g))))
json.dump({
    "spectralRadius": float(np.abs(ev[0])),
    "spectralNorm": float(np.linalg.norm(W, 2)),
    "frobeniusNorm": float(np.linalg.norm(W, "fro")),
    "eigenvalues": [[float(z.real), float(z.imag)] for z in ev],
    "log10PowerNorms": powers,
    "log10GradNorm": grad[::-1],
}, sys.stdout)
`;

/**
 * The CLI runs on one thread; so does the reference. On a loaded 2-core machine a threaded BLAS
 * oversubscribes and numpy's time swings by 10-50x, which measures the scheduler, not the work.
 */
const ONE_THREAD = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

/** Reports the child's peak RSS (KB) to a file when it exits: preloaded with `node --require`. */
const RSS_PRELOAD = `const { writeFileSync } = require('node:fs');
process.on('exit', () => writeFileSync(process.env.RGL_RSS_OUT, String(process.resourceUsage().maxRSS)));
`;

/** A small seeded PRNG (mulberry32) so every run benchmarks the same matrices. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gaussian entries scaled by `scale`, one JSON row at a time (the 93 MB file never sits in one string). */
function writeJsonMatrix(path: string, key: string, rows: number, cols: number, scale: number, seed: number): void {
  const rand = prng(seed);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, `{"${key}": [\n`);
    const row = new Array<number>(cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const u = 1 - rand();
        row[j] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand()) * scale;
      }
      writeSync(fd, `[${row.join(',')}]${i + 1 < rows ? ',' : ''}\n`);
    }
    writeSync(fd, ']}\n');
  } finally {
    closeSync(fd);
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** Wall time of one whole process, stdout piped (read in full) as a script would. */
function timeProcess(cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 512 * MB, env: { ...process.env, ...env } });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${(r.stderr ?? '').split('\n')[0]}`);
  return ms;
}

async function speedRows(ctx: BenchContext): Promise<BenchRow[]> {
  const script = join(ctx.tmpDir, 'numpy_reference.py');
  writeFileSync(script, NUMPY_SCRIPT);
  const rows: BenchRow[] = [];
  for (const n of SIZES) {
    const file = join(ctx.tmpDir, `random_${n}.json`);
    writeJsonMatrix(file, 'W_hh', n, n, 1 / Math.sqrt(n), n);
    const sizeMB = statSync(file).size / MB;
    // n = 1024 takes seconds per process on both sides: fewer runs keep the bench under a few minutes.
    const runs = n >= 1024 ? Math.min(ctx.runs, 3) : ctx.runs;
    const ours: number[] = [];
    const ref: number[] = [];
    for (let r = 0; r < runs; r++) {
      // Interleaved, so background load hits both sides alike.
      ours.push(timeProcess(process.execPath, [CLI, 'analyze', file, '--json', '--horizon', String(HORIZON)]));
      if (ctx.python) ref.push(timeProcess(ctx.python, [script, file], ONE_THREAD));
      ctx.log(`n=${n} run ${r + 1}/${runs}: ours ${ours.at(-1)?.toFixed(0)} ms` + (ctx.python ? `, numpy ${ref.at(-1)?.toFixed(0)} ms` : ''));
    }
    const factor = n >= 1024 ? 2 : 1;
    const oursMs = median(ours);
    const refMs = ctx.python ? median(ref) : undefined;
    rows.push({
      group: 'cli',
      name: `file → JSON report, n=${n} (${sizeMB.toFixed(1)} MB JSON, T=${HORIZON})`,
      ours: oursMs,
      reference: refMs,
      goal: factor === 1 ? '<= numpy' : `<= ${factor}x numpy`,
      holds: refMs === undefined ? undefined : oursMs <= factor * refMs,
      note: `${runs} cold processes each${ctx.python ? '' : '; numpy missing: no reference'}`,
    });
  }
  return rows;
}

function memoryRow(ctx: BenchContext): BenchRow {
  const file = join(ctx.tmpDir, 'lstm_4096x1024.json');
  const hidden = 1024;
  writeJsonMatrix(file, 'lstm.weight_hh_l0', 4 * hidden, hidden, 1 / Math.sqrt(hidden), 7);
  const sizeMB = statSync(file).size / MB;
  const preload = join(ctx.tmpDir, 'rss.js');
  const out = join(ctx.tmpDir, 'rss.txt');
  writeFileSync(preload, RSS_PRELOAD);
  const ms = timeProcess(process.execPath, ['--require', preload, CLI, 'analyze', file, '--json', '--horizon', String(HORIZON)], { RGL_RSS_OUT: out });
  const rssMB = Number(readFileSync(out, 'utf8')) / 1024;
  ctx.log(`LSTM ${4 * hidden}x${hidden}: ${sizeMB.toFixed(0)} MB file, peak RSS ${rssMB.toFixed(0)} MB, ${(ms / 1000).toFixed(1)} s`);
  return {
    group: 'cli',
    name: `peak RSS, LSTM state dict ${4 * hidden}×${hidden} (${sizeMB.toFixed(0)} MB JSON)`,
    ours: rssMB,
    unit: 'MB',
    goal: '<= 1024 MB',
    holds: rssMB <= 1024,
    note: `one process, ${(ms / 1000).toFixed(1)} s`,
  };
}

export const cliSuite: BenchSuite = {
  name: 'cli',
  async run(ctx) {
    return [...(await speedRows(ctx)), memoryRow(ctx)];
  },
};
