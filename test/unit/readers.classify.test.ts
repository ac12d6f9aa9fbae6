import { strict as assert } from 'node:assert';
import { readWeightFile } from '../../src/core/readers';
import { WeightFileError } from '../../src/core/errors';
import type { ReadOptions, WeightFile } from '../../src/core/weightFile';

const enc = new TextEncoder();
/** A JSON state dict from name -> row-major rows; values are i*1000 + j so every entry is traceable. */
function stateDict(shapes: Record<string, number[]>, options?: ReadOptions): WeightFile {
  const obj: Record<string, unknown> = {};
  for (const [name, shape] of Object.entries(shapes)) {
    const [r, c] = shape as [number, number?];
    obj[name] = c === undefined
      ? Array.from({ length: r }, (_, i) => i)
      : Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => i * 1000 + j));
  }
  return readWeightFile(enc.encode(JSON.stringify(obj)), 'state.json', options);
}
const names = (f: WeightFile): string[] => f.matrices.map((m) => m.name);
const entry = (f: WeightFile, name: string, i: number, j: number): number => {
  const m = f.matrices.find((x) => x.name === name);
  assert.ok(m, name);
  return m.matrix.data[i * m.matrix.cols + j] as number;
};

describe('readers: which matrix is the recurrent one', () => {
  it('PyTorch GRU 3H x H: gates r,z,n with both biases attached', () => {
    const f = stateDict({ 'gru.weight_ih_l0': [12, 7], 'gru.weight_hh_l0': [12, 4], 'gru.bias_ih_l0': [12], 'gru.bias_hh_l0': [12] });
    const m = f.matrices[0];
    assert.equal(m?.role, 'gru');
    assert.deepEqual(m?.gates, ['r', 'z', 'n']);
    assert.equal(m?.biasHH?.length, 12);
    assert.equal(m?.biasIH?.length, 12);
    assert.match(f.others.find((o) => o.name === 'gru.bias_hh_l0')?.reason ?? '', /bias, read with gru\.weight_hh_l0/);
  });
  it('a 4H x H weight_ih (input size = H) is not mistaken for the stack', () => {
    const f = stateDict({ 'lstm.weight_ih_l0': [16, 4], 'lstm.weight_hh_l0': [16, 4] });
    assert.deepEqual(names(f), ['lstm.weight_hh_l0']);
    assert.match(f.others.find((o) => o.name === 'lstm.weight_ih_l0')?.reason ?? '', /not named as a recurrent weight/);
  });
  it('bidirectional and stacked layers: l0 before l0_reverse before l1', () => {
    const f = stateDict({ 'rnn.weight_hh_l1': [16, 4], 'rnn.weight_hh_l0_reverse': [16, 4], 'rnn.weight_hh_l0': [16, 4], 'rnn.bias_hh_l0_reverse': [16] });
    assert.deepEqual(names(f), ['rnn.weight_hh_l0', 'rnn.weight_hh_l0_reverse', 'rnn.weight_hh_l1']);
    assert.equal(f.matrices[1]?.biasHH?.length, 16);
    assert.equal(f.matrices[0]?.biasHH, undefined);
  });
  it('a name that says GRU on a 4H x H stack is listed, not guessed', () => {
    const f = stateDict({ 'gru.weight_hh_l0': [16, 4], W_hh: [3, 3] });
    assert.deepEqual(names(f), ['W_hh']);
    assert.match(f.others[0]?.reason ?? '', /LSTM stack by shape but named as GRU/);
  });
  it('Keras LSTM recurrent_kernel H x 4H is transposed to 4H x H, gates i,f,c,o, bias attached', () => {
    const f = stateDict({ 'lstm/kernel:0': [3, 16], 'lstm/recurrent_kernel:0': [4, 16], 'lstm/bias:0': [16] });
    const m = f.matrices[0];
    assert.ok(m);
    assert.equal(m.name, 'lstm/recurrent_kernel:0');
    assert.deepEqual(m.shape, [4, 16]);
    assert.deepEqual([m.matrix.rows, m.matrix.cols, m.layout, m.role], [16, 4, 'keras', 'lstm']);
    assert.deepEqual(m.gates, ['i', 'f', 'c', 'o']);
    // Canonical (i, j) is the file's (j, i): h_t = W h_{t-1} where Keras computes h @ K.
    assert.equal(entry(f, m.name, 5, 2), 2 * 1000 + 5);
    assert.equal(m.biasIH?.length, 16);
  });
  it('Keras GRU (reset_after): z,r,h; the 2 x 3H bias splits into input and recurrent biases', () => {
    const f = stateDict({ 'gru/recurrent_kernel': [4, 12], 'gru/bias': [2, 12] });
    const m = f.matrices[0];
    assert.deepEqual([m?.role, m?.gates], ['gru', ['z', 'r', 'h']]);
    assert.deepEqual(Array.from(m?.biasIH ?? []), Array.from({ length: 12 }, (_, j) => j));
    assert.deepEqual(Array.from(m?.biasHH ?? []), Array.from({ length: 12 }, (_, j) => 1000 + j));
  });
  it('Keras SimpleRNN square recurrent_kernel: role rnn, transposed', () => {
    const f = stateDict({ 'simple_rnn/recurrent_kernel:0': [3, 3] });
    assert.deepEqual([f.matrices[0]?.role, f.matrices[0]?.layout], ['rnn', 'keras']);
    assert.equal(entry(f, 'simple_rnn/recurrent_kernel:0', 0, 1), 1000);
  });
  it('layout: keras forces transposition of an anonymous H x 4H array; pytorch leaves squares alone', () => {
    const bare = enc.encode(JSON.stringify(Array.from({ length: 2 }, (_, i) => Array.from({ length: 8 }, (_, j) => i * 1000 + j))));
    assert.throws(() => readWeightFile(bare, 'k.json'), WeightFileError);
    const k = readWeightFile(bare, 'k.json', { layout: 'keras' }).matrices[0];
    assert.deepEqual([k?.role, k?.matrix.rows, k?.matrix.cols, k?.layout], ['lstm', 8, 2, 'keras']);
    const sq = stateDict({ 'cell/recurrent_kernel': [2, 2] }, { layout: 'pytorch' }).matrices[0];
    assert.equal(sq?.layout, 'pytorch');
    assert.equal(sq?.matrix.data[1], 1);
  });
  it('ranks weight_hh and recurrent_kernel above W_hh, U, W, anonymous and other names', () => {
    const f = stateDict({ other: [2, 2], W: [2, 2], U: [2, 2], W_hh: [2, 2], 'rnn.weight_hh_l0': [2, 2] });
    assert.deepEqual(names(f), ['rnn.weight_hh_l0', 'W_hh', 'U', 'W', 'other']);
    assert.deepEqual(f.matrices.map((m) => m.role), ['rnn', 'matrix', 'matrix', 'matrix', 'matrix']);
    const scores = f.matrices.map((m) => m.score);
    assert.deepEqual([...scores].sort((a, b) => b - a), scores);
  });
  it('lists embeddings, 1-D vectors and 3-D arrays in others, in file order, with reasons', () => {
    const obj = { emb: [[1, 2, 3]], W_hh: [[1, 0], [0, 1]], v: [1, 2], cube: [[[1], [2]]] };
    const f = readWeightFile(enc.encode(JSON.stringify(obj)), 's.json');
    assert.deepEqual(f.others.map((o) => [o.name, o.shape]), [['emb', [1, 3]], ['v', [2]], ['cube', [1, 2, 1]]]);
    assert.ok(f.others.every((o) => o.reason.length > 0));
  });
});
