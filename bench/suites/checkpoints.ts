/**
 * Reading the recurrent tensors of a Keras or ONNX checkpoint, as a user runs it: a fresh CLI
 * process (file → JSON report) against a fresh `/usr/bin/python3` that reads the same tensors with
 * h5py or onnx + numpy_helper and takes numpy's eigenvalues gate by gate. Runs alternate (A B A B)
 * so load on the machine falls on both sides alike. Debian's Python is the one with h5py and onnx.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, BenchRow, BenchSuite } from '../types';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'rnn-gradient-lens.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'checkpoints');
const PYTHON = '/usr/bin/python3';
const ONE_THREAD = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

/** The Python a user would write: the recurrent kernels, then eigvals per gate block. */
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
for w in mats:
    h = w.shape[1]
    radii += [float(np.max(np.abs(np.linalg.eigvals(w[k:k + h])))) for k in range(0, w.shape[0], h)]
json.dump(radii, sys.stdout)
`;

const FILES = ['keras/k2_lstm.h5', 'keras/k2_lstm_gzip.h5', 'keras/k2_bilstm.h5', 'keras3/k3_lstm.keras', 'onnx/bilstm.onnx', 'onnx/lstm_external.onnx'];

function timed(cmd: string, args: readonly string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env: { ...process.env, ...ONE_THREAD, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${String(r.status)}: ${String(r.stderr).slice(0, 300)}`);
  return ms;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

export const checkpointsSuite: BenchSuite = {
  name: 'checkpoints',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const script = join(ctx.tmpDir, 'read_checkpoint.py');
    writeFileSync(script, SCRIPT);
    const python = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import h5py, onnx'], { stdio: 'ignore' }).status === 0;
    const rows: BenchRow[] = [];
    for (const rel of FILES) {
      const file = join(FIXTURES, rel);
      if (!existsSync(file)) continue;
      const ours: number[] = [];
      const ref: number[] = [];
      for (let i = 0; i < ctx.runs; i++) {
        ours.push(timed(process.execPath, [CLI, 'analyze', file, '--json']));
        if (python) ref.push(timed(PYTHON, [script, file]));
      }
      const a = median(ours);
      const b = python ? median(ref) : undefined;
      ctx.log(`checkpoints ${rel}: ours ${a.toFixed(0)} ms, python ${b?.toFixed(0) ?? '-'} ms`);
      rows.push({
        group: 'checkpoints',
        name: `${rel}: cold CLI, file → report`,
        ours: a,
        ...(b !== undefined ? { reference: b, goal: '<= python (h5py / onnx) reading the same tensors', holds: a <= b } : { note: 'no /usr/bin/python3 with h5py and onnx' }),
      });
    }
    return rows;
  },
};
