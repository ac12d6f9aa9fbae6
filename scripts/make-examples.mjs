// @ts-check
// Writes the demo weights files in examples/ (or the folder given as the first argument).
// Deterministic: the core's seeded generator, so rerunning it reproduces the committed bytes exactly.
//   npx tsx scripts/make-examples.mjs [outDir]
//
// Square matrices are built as W = Q B Q^T with Q orthogonal and B block diagonal, so the spectrum
// (and for normal B the whole ||W^k|| curve) is known by construction, not by luck of the draw.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 as prng } from '../src/core/random.ts';

const outDir = process.argv[2] ?? 'examples';

/** One normal deviate per two uniforms (the committed examples were drawn this way). */
function gaussian(rand) {
  // Box-Muller; 1 - u keeps the log away from 0.
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const zeros = (r, c) => Array.from({ length: r }, () => new Array(c).fill(0));

function matmul(a, b) {
  const n = a.length, m = b[0].length, k = b.length;
  const out = zeros(n, m);
  for (let i = 0; i < n; i++) for (let p = 0; p < k; p++) {
    const aip = a[i][p];
    if (aip !== 0) for (let j = 0; j < m; j++) out[i][j] += aip * b[p][j];
  }
  return out;
}

const transpose = (a) => a[0].map((_, j) => a.map((row) => row[j]));

/** A random orthogonal matrix: modified Gram-Schmidt on the columns of a Gaussian matrix. */
function orthogonal(n, rand) {
  const cols = Array.from({ length: n }, () => Array.from({ length: n }, () => gaussian(rand)));
  for (let j = 0; j < n; j++) {
    for (let p = 0; p < j; p++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += cols[j][i] * cols[p][i];
      for (let i = 0; i < n; i++) cols[j][i] -= dot * cols[p][i];
    }
    const norm = Math.hypot(...cols[j]);
    for (let i = 0; i < n; i++) cols[j][i] /= norm;
  }
  return transpose(cols); // columns of Q are the orthonormal vectors
}

/**
 * Block diagonal B of 2x2 blocks r [[cos t, -sin t], [sin t, cos t]] (+ `coupling` above the
 * diagonal of each block, which makes B non-normal), eigenvalues r e^{±it}. `radii[0]` is the largest.
 */
function blocks(radii, rand, coupling = 0) {
  const n = radii.length * 2;
  const b = zeros(n, n);
  radii.forEach((r, j) => {
    const t = coupling === 0 ? rand() * Math.PI : 0;
    const i = 2 * j;
    b[i][i] = r * Math.cos(t);
    b[i][i + 1] = -r * Math.sin(t) + coupling;
    b[i + 1][i] = r * Math.sin(t);
    b[i + 1][i + 1] = r * Math.cos(t);
  });
  return b;
}

/** n x n matrix with spectral radius `rho` (the other moduli drawn in [lo, rho)). */
function withRadius(n, rho, lo, rand, coupling = 0) {
  const radii = Array.from({ length: n / 2 }, (_, j) => (j === 0 ? rho : lo + (rho - lo) * rand() * 0.97));
  const q = orthogonal(n, rand);
  return matmul(matmul(q, blocks(radii, rand, coupling)), transpose(q));
}

const uniform = (r, c, bound, rand) => Array.from({ length: r }, () => Array.from({ length: c }, () => (2 * rand() - 1) * bound));

function writeJson(name, value) {
  writeFileSync(join(outDir, name), JSON.stringify(value, null, 1) + '\n');
}

function writeCsv(name, w) {
  writeFileSync(join(outDir, name), w.map((row) => row.join(',')).join('\n') + '\n');
}

/** .npy version 1.0: magic, header length (u16 LE), a Python dict literal padded to 64 bytes, float64 LE. */
function writeNpy(name, w) {
  const n = w.length, m = w[0].length;
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${n}, ${m}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const bytes = Buffer.alloc(10 + header.length + 8 * n * m);
  bytes.write('\x93NUMPY', 0, 'latin1');
  bytes[6] = 1;
  bytes[7] = 0;
  bytes.writeUInt16LE(header.length, 8);
  bytes.write(header, 10, 'latin1');
  let off = 10 + header.length;
  for (const row of w) for (const x of row) { bytes.writeDoubleLE(x, off); off += 8; }
  writeFileSync(join(outDir, name), bytes);
}

/** A PyTorch nn.LSTM state dict (one layer): gates i, f, g, o in row blocks; forget bias split over ih + hh. */
function torchLstm(hidden, input, forgetBias, rand) {
  const k = 1 / Math.sqrt(hidden); // PyTorch's default init bound
  const biasIh = Array.from({ length: 4 * hidden }, () => (2 * rand() - 1) * 0.05);
  const biasHh = Array.from({ length: 4 * hidden }, () => 0);
  for (let i = hidden; i < 2 * hidden; i++) biasIh[i] = forgetBias; // total forget bias = forgetBias
  return {
    'lstm.weight_ih_l0': uniform(4 * hidden, input, k, rand),
    'lstm.weight_hh_l0': uniform(4 * hidden, hidden, k * 1.2, rand),
    'lstm.bias_ih_l0': biasIh,
    'lstm.bias_hh_l0': biasHh,
  };
}

mkdirSync(outDir, { recursive: true });

writeJson('vanishing.json', { W_hh: withRadius(32, 0.8, 0.2, prng(1)) });

const rnnRand = prng(2);
writeJson('exploding.json', {
  'rnn.weight_ih_l0': uniform(32, 10, 0.3, rnnRand),
  'rnn.weight_hh_l0': withRadius(32, 1.1, 0.4, rnnRand),
  'rnn.bias_ih_l0': uniform(1, 32, 0.1, rnnRand)[0],
  'rnn.bias_hh_l0': uniform(1, 32, 0.1, rnnRand)[0],
});

// Non-normal: each 2x2 block is [[r, c], [0, r]] in an orthogonal basis, so rho < 1 but ||W^k||
// first grows like k c r^(k-1) before it decays.
writeJson('transient-growth.json', { W_hh: withRadius(32, 0.9, 0.5, prng(3), 6) });

writeJson('orthogonal.json', { W_hh: orthogonal(32, prng(4)) });

writeJson('lstm_forget0.json', torchLstm(16, 8, 0, prng(5)));
writeJson('lstm_forget1.json', torchLstm(16, 8, 1, prng(5)));

writeCsv('exploding.csv', withRadius(24, 1.1, 0.4, prng(6)));

writeNpy('vanishing.npy', withRadius(48, 0.8, 0.2, prng(7)));

// Keras LSTM(units=16) on 8 inputs: kernel I x 4H, recurrent_kernel H x 4H (gates i, f, c, o in
// column blocks), bias 4H with unit_forget_bias=True (forget block = 1).
const kerasRand = prng(8);
const kerasBias = Array.from({ length: 64 }, (_, i) => (i >= 16 && i < 32 ? 1 : 0));
writeJson('keras_lstm.json', {
  'lstm/kernel': uniform(8, 64, Math.sqrt(6 / (8 + 64)), kerasRand),
  'lstm/recurrent_kernel': transpose(uniform(64, 16, 0.3, kerasRand)),
  'lstm/bias': kerasBias,
});

console.log(`wrote 10 example files to ${outDir}/`);
