/**
 * Reading the recurrent tensors of a Keras or ONNX checkpoint, as a user runs it, each side in a
 * fresh process, alternating (A B A B) so load on the machine falls on both sides alike:
 * - read only: the CLI reading the file (every tensor found and classified, the recurrent ones
 *   converted; `--matrix` then names no tensor, so it stops before the analysis) against
 *   `/usr/bin/python3` reading the same tensors into numpy with h5py or onnx + numpy_helper;
 * - file → report: the CLI's whole analysis against that Python plus numpy's eigenvalues gate by gate.
 * Debian's Python is the one with h5py and onnx. Under load, wall time is mostly waiting for a
 * core: the note gives each side's CPU time (user + system) too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, BenchRow, BenchSuite } from '../types';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'rnn-gradient-lens.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'checkpoints');
const PYTHON = '/usr/bin/python3';
const TIME = '/usr/bin/time';
/** Reading stops before the analysis: no tensor has this name (exit 2 after the whole read). */
const READ_ONLY = ['--matrix', 'no.such.tensor'];
const ONE_THREAD = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

/** The Python a user would write: the recurrent kernels, then (with `eig`) eigvals per gate block. */
const SCRIPT = `import sys, io, json, zipfile
import numpy as np
path = sys.argv[1]
mats = []
if path.endswith('.onnx'):
    import onnx
    from onnx import numpy_helper
    m = onnx.load(path)
    inits = {t.name: t for t in m.graph.initializer}
    for n in m.graph.node:
        if n.op_type in ('RNN', 'LSTM', 'GRU'):
            r = numpy_helper.to_array(inits[n.input[2]]).astype(np.float64)
            mats += [r[d] for d in range(r.shape[0])]
else:
    import h5py
    src = io.BytesIO(zipfile.ZipFile(path).read('model.weights.h5')) if path.endswith('.keras') else path
    f = h5py.File(src, 'r')
    f.visititems(lambda name, o: mats.append(np.asarray(o, dtype=np.float64).T) if isinstance(o, h5py.Dataset) and (name.endswith('recurrent_kernel:0') or name.endswith('cell/vars/1')) and not name.startswith('optimizer') else None)
radii = []
for w in (mats if sys.argv[2:] == ['eig'] else []):
    h = w.shape[1]
    radii += [float(np.max(np.abs(np.linalg.eigvals(w[k:k + h])))) for k in range(0, w.shape[0], h)]
json.dump(radii if sys.argv[2:] == ['eig'] else [m.shape for m in mats], sys.stdout)
`;

const FILES = ['keras/k2_lstm.h5', 'keras/k2_lstm_gzip.h5', 'keras/k2_bilstm.h5', 'keras/k2_gru.h5', 'keras3/k3_lstm.keras', 'keras3/k3_gru.keras', 'onnx/bilstm.onnx', 'onnx/gru.onnx', 'onnx/lstm_external.onnx'];

/** One fresh process: wall ms and CPU ms (user + system, GNU time); `exit` is the status it must end with. */
function timed(cmd: string, args: readonly string[], exit = 0): { ms: number; cpu: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-f', '%U %S', cmd, ...args], { env: { ...process.env, ...ONE_THREAD, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== exit) throw new Error(`${cmd} ${args.join(' ')} exited ${String(r.status)}: ${String(r.stderr).slice(0, 300)}`);
  const [user, sys] = String(r.stderr).trim().split('\n').pop()?.split(' ').map(Number) ?? [];
  return { ms, cpu: ((user ?? NaN) + (sys ?? NaN)) * 1000 };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

interface Case {
  readonly label: string;
  readonly ours: readonly string[];
  readonly oursExit: number;
  readonly python: readonly string[];
  readonly goal: string;
}

/** Runs each case's two sides alternately and gives one row per case. */
function pairedRows(ctx: BenchContext, group: string, cases: readonly Case[], python: boolean): BenchRow[] {
  return cases.map((c) => {
    const ours: { ms: number; cpu: number }[] = [];
    const ref: { ms: number; cpu: number }[] = [];
    for (let i = 0; i < ctx.runs; i++) {
      ours.push(timed(process.execPath, c.ours, c.oursExit));
      if (python) ref.push(timed(PYTHON, c.python));
    }
    const a = median(ours.map((x) => x.ms));
    const b = python ? median(ref.map((x) => x.ms)) : undefined;
    const cpu = `CPU ${median(ours.map((x) => x.cpu)).toFixed(0)} ms` + (python ? ` vs ${median(ref.map((x) => x.cpu)).toFixed(0)} ms` : '');
    ctx.log(`${group} ${c.label}: ours ${a.toFixed(0)} ms, python ${b?.toFixed(0) ?? '-'} ms (${cpu})`);
    return {
      group,
      name: c.label,
      ours: a,
      ...(b !== undefined ? { reference: b, goal: c.goal, holds: a <= b, note: cpu } : { note: 'no /usr/bin/python3 with h5py and onnx' }),
    };
  });
}

export const checkpointsSuite: BenchSuite = {
  name: 'checkpoints',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const script = join(ctx.tmpDir, 'read_checkpoint.py');
    writeFileSync(script, SCRIPT);
    const python = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import h5py, onnx'], { stdio: 'ignore' }).status === 0;
    const files = FILES.map((rel) => ({ rel, file: join(FIXTURES, rel) })).filter((f) => existsSync(f.file));
    const reads: Case[] = files.map(({ rel, file }) => ({
      label: `${rel}: read only, cold CLI vs cold python`,
      ours: [CLI, 'analyze', file, ...READ_ONLY],
      oursExit: 2,
      python: [script, file],
      goal: '<= python (h5py / onnx + numpy) reading the same tensors',
    }));
    const reports: Case[] = files.map(({ rel, file }) => ({
      label: `${rel}: cold CLI, file → report`,
      ours: [CLI, 'analyze', file, '--json'],
      oursExit: 0,
      python: [script, file, 'eig'],
      goal: '<= python reading the same tensors + numpy eigvals per gate',
    }));
    return [...pairedRows(ctx, 'checkpoints', reads, python), ...pairedRows(ctx, 'checkpoints', reports, python)];
  },
};
