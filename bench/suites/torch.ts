/**
 * PyTorch checkpoints. A ~470 MB language-model-like `.pt` (an embedding of 112 000 × 1024 and one
 * LSTM(1024)), written here as torch.save lays it out: its tensor index listed (zip directory +
 * data.pkl, no storage read); the CLI reading it (every tensor found and classified, the
 * recurrent storages read: `--matrix` then names no tensor, so the run stops before the analysis)
 * with its peak RSS against the recurrent tensor's size + 200 MB; one full `analyze` to completion
 * (its wall and CPU time, and its peak RSS against the same goal). Then the CLI's read (stopped
 * before the analysis, as for the big file) against `torch.load` + `.numpy()` of the recurrent
 * tensors in a cold Debian python3 with torch, in paired A B A B order.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { mulberry32 } from '../../src/core/random';
import { listTorchZip } from '../../src/core/readers/torch';
import { withFileSource } from '../../src/node/fileByteSource';
import { checkpointMembers, type TorchTensor } from '../../test/fuzz/torchWriter';
import { zipParts } from '../../test/fuzz/zipWriter';
import type { BenchContext, BenchRow, BenchSuite } from '../types';

const MB = 1024 * 1024;
const H = 1024;
const VOCAB = 112_000;
const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'rnn-gradient-lens.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'checkpoints', 'torch');
const TORCH_PYTHON = '/usr/bin/python3';
const TIME = '/usr/bin/time';

const LOAD_SCRIPT = `import sys, torch
sd = torch.load(sys.argv[1], map_location='cpu')
sd = sd.get('state_dict', sd.get('model_state_dict', sd))
ws = [v.numpy() for k, v in sd.items() if 'weight_hh' in k]
print(len(ws))
`;

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function writeLanguageModel(path: string): number {
  const w = (n: number, seed: number): Float32Array => {
    const rand = mulberry32(seed);
    return Float32Array.from({ length: n }, () => (2 * rand() - 1) * Math.sqrt(3 / H));
  };
  const tensors: TorchTensor[] = [
    { name: 'encoder.weight', shape: [VOCAB, H], data: { zeros: VOCAB * H * 4 } },
    { name: 'rnn.weight_ih_l0', shape: [4 * H, H], data: w(4 * H * H, 1) },
    { name: 'rnn.weight_hh_l0', shape: [4 * H, H], data: w(4 * H * H, 2) },
    { name: 'rnn.bias_ih_l0', shape: [4 * H], data: w(4 * H, 3) },
    { name: 'rnn.bias_hh_l0', shape: [4 * H], data: w(4 * H, 4) },
  ];
  const fd = openSync(path, 'w');
  let size = 0;
  try {
    for (const part of zipParts(checkpointMembers(tensors))) size += writeSync(fd, part);
  } finally {
    closeSync(fd);
  }
  return size;
}

/** One timed process: wall ms, CPU ms (user + system) and peak RSS in MB (GNU time's %M is in KiB). */
function timed(cmd: string, args: readonly string[]): { ms: number; cpuMs: number; rssMB: number; ok: boolean; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(TIME, ['-f', '%M %U %S', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 * MB, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  const ms = performance.now() - t0;
  const lines = r.stderr.trim().split('\n');
  const [rss, user, sys] = (lines[lines.length - 1] ?? '').split(' ').map(Number);
  return { ms, cpuMs: ((user ?? NaN) + (sys ?? NaN)) * 1000, rssMB: (rss ?? NaN) / 1024, ok: r.status === 0, stderr: r.stderr };
}

export const torchSuite: BenchSuite = {
  name: 'torch',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const big = join(ctx.tmpDir, 'lm.pt');
    const size = writeLanguageModel(big);
    const recurrentMB = (4 * H * H * 4) / MB;
    ctx.log(`torch: wrote ${(size / MB).toFixed(0)} MB language-model checkpoint`);

    const listing: number[] = [];
    for (let i = 0; i < ctx.runs; i++) {
      const t0 = performance.now();
      const names = withFileSource(big, (src) => listTorchZip(src, 1024 * MB));
      listing.push(performance.now() - t0);
      if (names.length !== 5) throw new Error(`listed ${names.length} tensors`);
    }
    const index = median(listing);
    rows.push({ group: 'torch', name: `index of a ${(size / MB).toFixed(0)} MB .pt (zip directory + data.pkl)`, ours: index, goal: '<= 300 ms', holds: index <= 300 });

    // Everything up to the analysis: the refusal of an unknown --matrix comes after the whole read.
    const readArgs = [CLI, 'analyze', big, '--max-size', '1024', '--matrix', 'no.such.tensor'];
    const reads = Array.from({ length: ctx.runs }, () => timed(process.execPath, readArgs));
    if (!reads.every((r) => /no matrix named 'no\.such\.tensor'; the file has: rnn\.weight_hh_l0/.test(r.stderr))) throw new Error(`read failed: ${reads[0]?.stderr}`);
    const rss = median(reads.map((r) => r.rssMB));
    rows.push({ group: 'torch', name: `CLI reads the ${(size / MB).toFixed(0)} MB .pt: tensors found, weight_hh read`, ours: median(reads.map((r) => r.ms)) });
    rows.push({
      group: 'torch', name: 'peak RSS of that read', ours: rss, unit: 'MB',
      goal: `<= recurrent ${recurrentMB} MB + 200 MB`, holds: rss <= recurrentMB + 200,
    });
    // To completion: four 1024 x 1024 gates, each with every eigenvalue and ||W^k|| for k <= 60.
    const full = timed(process.execPath, [CLI, 'analyze', big, '--json', '--max-size', '1024', '--timeout', '0']);
    rows.push({
      group: 'torch', name: 'CLI analyze of the same .pt to completion (LSTM 4096x1024, one run)', ours: full.ms,
      note: full.ok ? `CPU ${(full.cpuMs / 1000).toFixed(1)} s (user + system)` : `failed: ${full.stderr.split('\n')[0] ?? ''}`,
    });
    rows.push({
      group: 'torch', name: 'peak RSS of that analysis', ours: full.rssMB, unit: 'MB',
      goal: `<= recurrent ${recurrentMB} MB + 200 MB`, holds: full.ok && full.rssMB <= recurrentMB + 200,
    });

    const torchReady = existsSync(TORCH_PYTHON) && spawnSync(TORCH_PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
    if (!torchReady) {
      rows.push({ group: 'torch', name: 'vs torch.load', ours: NaN, note: 'no /usr/bin/python3 with torch: comparison skipped' });
      return rows;
    }
    const script = join(ctx.tmpDir, 'torch_load.py');
    writeFileSync(script, LOAD_SCRIPT);
    const files = ['lstm_bidir_2layer.pt', 'gru_legacy.pt', 'lightning.ckpt'].map((f) => join(FIXTURES, f)).concat(big);
    for (const file of files) {
      const ours: number[] = [];
      const theirs: number[] = [];
      // Paired: A B A B, so drift in machine load falls on both sides alike.
      for (let i = 0; i < ctx.runs; i++) {
        ours.push(timed(process.execPath, file === big ? readArgs : [CLI, 'analyze', file, '--matrix', 'no.such.tensor']).ms);
        const py = timed(TORCH_PYTHON, [script, file]);
        if (!py.ok) throw new Error(`torch.load failed on ${file}: ${py.stderr}`);
        theirs.push(py.ms);
      }
      const a = median(ours);
      const b = median(theirs);
      const label = file === big ? 'the LM .pt: CLI read' : `${file.slice(FIXTURES.length + 1)}: CLI read`;
      rows.push({ group: 'torch', name: `${label} vs cold torch.load + .numpy()`, ours: a, reference: b, goal: '<= torch.load', holds: a <= b });
    }
    return rows;
  },
};
