/**
 * The whole CLI, file → JSON report (horizon 60), as a user runs it: a fresh `node` process per run
 * (cold start and JIT warm-up included), against the numpy script a user would otherwise write,
 * also timed as a whole `python3 script.py file` process. Plus the CLI's peak RSS on a ~93 MB
 * JSON state dict of a 1024-unit LSTM (weight_hh 4096 × 1024).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 as prng } from '../../src/core/random';
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

interface TensorSpec {
  readonly key: string;
  /** [rows, cols] for a matrix, [length] for a vector. */
  readonly shape: readonly number[];
  readonly scale: number;
}

/** Gaussian entries, one JSON row at a time (the 93 MB file never sits in one string). */
function writeJsonTensors(path: string, tensors: readonly TensorSpec[], seed: number): void {
  const rand = prng(seed);
  const gauss = (scale: number) => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()) * scale;
  const fd = openSync(path, 'w');
  try {
    tensors.forEach((t, ti) => {
      writeSync(fd, `${ti === 0 ? '{' : ','}"${t.key}": `);
      const [rows = 0, cols] = t.shape;
      if (cols === undefined) {
        writeSync(fd, `[${Array.from({ length: rows }, () => gauss(t.scale)).join(',')}]\n`);
        return;
      }
      writeSync(fd, '[\n');
      const row = new Array<number>(cols);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) row[j] = gauss(t.scale);
        writeSync(fd, `[${row.join(',')}]${i + 1 < rows ? ',' : ''}\n`);
      }
      writeSync(fd, ']\n');
    });
    writeSync(fd, '}\n');
  } finally {
    closeSync(fd);
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = existsSync(GNU_TIME);

interface ProcessTime {
  readonly wallMs: number;
  /** user + sys of the child, from GNU time when the machine has it. */
  readonly cpuMs?: number;
}

/**
 * One whole process, stdout piped and read in full as a script would. Wall time is what a user
 * waits; CPU time is the same work without the other processes of a shared machine.
 */
function timeProcess(ctx: BenchContext, cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv): ProcessTime {
  const timesFile = join(ctx.tmpDir, 'times.txt');
  const [file, argv] = hasGnuTime ? [GNU_TIME, ['-f', '%U %S', '-o', timesFile, cmd, ...args]] : [cmd, [...args]];
  const t0 = performance.now();
  const r = spawnSync(file, argv, { encoding: 'utf8', maxBuffer: 512 * MB, env: { ...process.env, ...env } });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${(r.stderr ?? '').split('\n')[0]}`);
  if (!hasGnuTime) return { wallMs };
  const [user = NaN, sys = NaN] = readFileSync(timesFile, 'utf8').trim().split('\n').pop()?.split(' ').map(Number) ?? [];
  return { wallMs, cpuMs: (user + sys) * 1000 };
}

function goalRow(name: string, ours: number, ref: number | undefined, factor: number, note: string): BenchRow {
  return {
    group: 'cli',
    name,
    ours,
    reference: ref,
    goal: factor === 1 ? '<= numpy' : `<= ${factor}x numpy`,
    holds: ref === undefined ? undefined : ours <= factor * ref,
    note,
  };
}

async function speedRows(ctx: BenchContext): Promise<BenchRow[]> {
  const script = join(ctx.tmpDir, 'numpy_reference.py');
  writeFileSync(script, NUMPY_SCRIPT);
  const rows: BenchRow[] = [];
  for (const n of ctx.sizes ?? SIZES) {
    const file = join(ctx.tmpDir, `random_${n}.json`);
    writeJsonTensors(file, [{ key: 'W_hh', shape: [n, n], scale: 1 / Math.sqrt(n) }], n);
    const sizeMB = statSync(file).size / MB;
    // n = 1024 takes tens of seconds per process on both sides: fewer runs keep the bench bounded.
    const runs = n >= 1024 ? Math.min(ctx.runs, 3) : ctx.runs;
    const ours: ProcessTime[] = [];
    const ref: ProcessTime[] = [];
    for (let r = 0; r < runs; r++) {
      // Interleaved, so background load hits both sides alike.
      const o = timeProcess(ctx, process.execPath, [CLI, 'analyze', file, '--json', '--horizon', String(HORIZON)]);
      ours.push(o);
      const p = ctx.python ? timeProcess(ctx, ctx.python, [script, file], ONE_THREAD) : undefined;
      if (p) ref.push(p);
      const cpu = (t?: ProcessTime) => (t?.cpuMs === undefined ? '' : ` (CPU ${t.cpuMs.toFixed(0)})`);
      ctx.log(`n=${n} run ${r + 1}/${runs}: ours ${o.wallMs.toFixed(0)} ms${cpu(o)}` + (p ? `, numpy ${p.wallMs.toFixed(0)} ms${cpu(p)}` : ''));
    }
    const factor = n >= 1024 ? 2 : 1;
    const label = `n=${n} (${sizeMB.toFixed(1)} MB JSON, T=${HORIZON})`;
    const note = `median of ${runs} cold processes${ctx.python ? '' : '; numpy missing: no reference'}`;
    const refWall = ctx.python ? median(ref.map((t) => t.wallMs)) : undefined;
    rows.push(goalRow(`file → JSON report, wall, ${label}`, median(ours.map((t) => t.wallMs)), refWall, factor, note));
    if (hasGnuTime) {
      // Informational: the goal is the wall time from process start. CPU time adds V8's background
      // compiler and GC threads, work that overlaps the main thread on a multi-core machine.
      const refCpu = ctx.python ? median(ref.map((t) => t.cpuMs ?? NaN)) : undefined;
      rows.push({
        group: 'cli',
        name: `file → JSON report, CPU user+sys (no goal), ${label}`,
        ours: median(ours.map((t) => t.cpuMs ?? NaN)),
        reference: refCpu,
        note: `${note}; informational: includes V8's background compiler and GC threads`,
      });
    }
  }
  return rows;
}

function memoryRow(ctx: BenchContext): BenchRow {
  const file = join(ctx.tmpDir, 'lstm_4096x1024.json');
  const hidden = 1024;
  const input = 96;
  // A whole nn.LSTM(96, 1024) state dict, as torch's tolist() + json.dump would write it.
  writeJsonTensors(
    file,
    [
      { key: 'lstm.weight_ih_l0', shape: [4 * hidden, input], scale: 1 / Math.sqrt(hidden) },
      { key: 'lstm.weight_hh_l0', shape: [4 * hidden, hidden], scale: 1 / Math.sqrt(hidden) },
      { key: 'lstm.bias_ih_l0', shape: [4 * hidden], scale: 1 / Math.sqrt(hidden) },
      { key: 'lstm.bias_hh_l0', shape: [4 * hidden], scale: 1 / Math.sqrt(hidden) },
    ],
    7,
  );
  const sizeMB = statSync(file).size / MB;
  const preload = join(ctx.tmpDir, 'rss.js');
  const out = join(ctx.tmpDir, 'rss.txt');
  writeFileSync(preload, RSS_PRELOAD);
  // No --timeout: on a loaded machine this run can pass the default budget, and the row measures memory.
  const t = timeProcess(ctx, process.execPath, ['--require', preload, CLI, 'analyze', file, '--json', '--horizon', String(HORIZON), '--timeout', '0'], { RGL_RSS_OUT: out });
  const rssMB = Number(readFileSync(out, 'utf8')) / 1024;
  ctx.log(`LSTM ${4 * hidden}x${hidden}: ${sizeMB.toFixed(0)} MB file, peak RSS ${rssMB.toFixed(0)} MB, ${(t.wallMs / 1000).toFixed(1)} s`);
  const cpu = t.cpuMs === undefined ? '' : `, CPU ${(t.cpuMs / 1000).toFixed(1)} s`;
  return {
    group: 'cli',
    name: `peak RSS, nn.LSTM(${input}, ${hidden}) state dict, weight_hh ${4 * hidden}×${hidden} (${sizeMB.toFixed(0)} MB JSON)`,
    ours: rssMB,
    unit: 'MB',
    goal: '<= 1024 MB',
    holds: rssMB <= 1024,
    note: `one process, ${(t.wallMs / 1000).toFixed(1)} s wall${cpu}`,
  };
}

/**
 * The fixed cost of each side, informational: our process start to exit without an analysis
 * (Node's start, the bundle and its code cache) against Python's start with numpy imported. What
 * a case's wall time adds on top is the analysis itself, cold JIT warm-up included.
 */
function startupRow(ctx: BenchContext): BenchRow {
  const ours: number[] = [];
  const ref: number[] = [];
  for (let r = 0; r < ctx.runs; r++) {
    ours.push(timeProcess(ctx, process.execPath, [CLI, '--version']).wallMs);
    if (ctx.python) ref.push(timeProcess(ctx, ctx.python, ['-c', 'import numpy'], ONE_THREAD).wallMs);
  }
  return {
    group: 'cli',
    name: 'start-up only: `rnn-gradient-lens --version` vs `python3 -c "import numpy"` (no goal)',
    ours: median(ours),
    reference: ctx.python ? median(ref) : undefined,
    note: `median of ${ctx.runs} cold processes; informational: each side's fixed cost before any work`,
  };
}

export const cliSuite: BenchSuite = {
  name: 'cli',
  async run(ctx) {
    // --sizes: only those sizes, without the peak-memory row (a 93 MB file, tens of seconds).
    return [startupRow(ctx), ...(await speedRows(ctx)), ...(ctx.sizes ? [] : [memoryRow(ctx)])];
  },
};
