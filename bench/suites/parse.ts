/**
 * Parse time of a 1024 x 1024 float64 matrix in each format (bytes in memory → WeightFile), against
 * what a numpy user runs to load the same file: json.load + np.array, np.loadtxt, np.load, and
 * np.frombuffer behind the safetensors header.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readWeightFile } from '../../src/core/readers';
import { writeCsv, writeJson, writeNpy, writeSafetensors, type Tensor } from '../../test/fuzz/writers';
import { mulberry32 } from '../../src/core/random';
import type { BenchContext, BenchRow, BenchSuite } from '../types';

const N = 1024;

const PYTHON = `import json, sys, time
import numpy as np

def st(path):
    with open(path, 'rb') as f:
        b = f.read()
    n = int.from_bytes(b[:8], 'little')
    h = json.loads(b[8:8 + n])['W_hh']
    s, e = h['data_offsets']
    return np.frombuffer(b[8 + n + s:8 + n + e], dtype='<f8').reshape(h['shape']).copy()

def js(path):
    with open(path) as f:
        return np.array(json.load(f)['W_hh'], dtype=np.float64)

loaders = {
    'json': js,
    'csv': lambda p: np.loadtxt(p, delimiter=','),
    'npy': np.load,
    'safetensors': st,
}
runs = int(sys.argv[1])
out = {}
for name, path in zip(loaders, sys.argv[2:]):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        loaders[name](path)
        times.append((time.perf_counter() - t) * 1000)
    out[name] = sorted(times)[len(times) // 2]
print(json.dumps(out))
`;

/** Deterministic Gaussian entries (mulberry32 + Box-Muller), so every run parses the same digits. */
function matrix(seed: number): Tensor {
  const rand = mulberry32(seed);
  const data = new Array<number>(N * N);
  for (let i = 0; i < data.length; i++) data[i] = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()) / Math.sqrt(N);
  return { name: 'W_hh', rows: N, cols: N, data };
}

const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;

export const parseSuite: BenchSuite = {
  name: 'parse',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const w = matrix(3);
    const files = {
      json: { path: join(ctx.tmpDir, 'w.json'), bytes: writeJson([w], 'named') },
      csv: {
        path: join(ctx.tmpDir, 'w.csv'),
        bytes: writeCsv(w, { delimiter: ',', header: false, pandasIndex: false, crlf: false, bom: false, comments: false, trailingDelimiter: false, exponent18: false }),
      },
      npy: { path: join(ctx.tmpDir, 'w.npy'), bytes: writeNpy(w, { version: 1, type: 'f8', bigEndian: false, fortran: false }) },
      safetensors: { path: join(ctx.tmpDir, 'w.safetensors'), bytes: writeSafetensors([w], 'F64') },
    };
    for (const f of Object.values(files)) writeFileSync(f.path, f.bytes);

    let reference: Record<string, number> = {};
    if (ctx.python) {
      const script = join(ctx.tmpDir, 'parse_reference.py');
      writeFileSync(script, PYTHON);
      const out = execFileSync(ctx.python, [script, String(ctx.runs), ...Object.values(files).map((f) => f.path)], { encoding: 'utf8', maxBuffer: 1 << 20 });
      reference = JSON.parse(out) as Record<string, number>;
    }

    const rows: BenchRow[] = [];
    for (const [format, f] of Object.entries(files)) {
      const bytes = new Uint8Array(readFileSync(f.path));
      readWeightFile(bytes, f.path); // warm-up: the first call includes JIT compilation
      const times: number[] = [];
      for (let r = 0; r < ctx.runs; r++) {
        const t0 = performance.now();
        const file = readWeightFile(bytes, f.path);
        times.push(performance.now() - t0);
        if (file.matrices[0]?.matrix.data[N * N - 1] !== w.data[N * N - 1]) throw new Error(`${format}: read back a different matrix`);
      }
      const ours = median(times);
      const ref = reference[format];
      const binary = format === 'npy' || format === 'safetensors';
      rows.push({
        group: 'parse 1024x1024 f64',
        name: `${format} (${(bytes.length / 1048576).toFixed(1)} MB)`,
        ours,
        ...(ref !== undefined ? { reference: ref } : {}),
        goal: binary ? '<= 50 ms' : '<= numpy',
        holds: binary ? ours <= 50 : ref === undefined ? undefined : ours <= ref,
      });
      ctx.log(`${format}: ${ours.toFixed(1)} ms${ref !== undefined ? ` (numpy ${ref.toFixed(1)} ms)` : ''}`);
    }
    return rows;
  },
};
