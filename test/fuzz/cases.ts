/** fast-check generators of weights files: valid ones with their known values, and mutated ones. */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bf16BitsToNumber, halfBitsToNumber, writeCsv, writeGguf, writeJson, writeNpy, writeSafetensors,
  type CsvStyle, type GgufType, type JsonStyle, type NpyOptions, type StType, type Tensor,
} from './writers';
import { writeCheckpoint } from './torchWriter';
import { writeZip } from './zipWriter';

/** A file, the name it is read under, and what its first matrix must hold (row-major, canonical). */
export interface ValidFile {
  readonly label: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly name: string;
  readonly shape: readonly [number, number];
  readonly values: readonly number[];
}

interface Shape {
  readonly rows: number;
  readonly cols: number;
  readonly name: string;
}

/** Square matrices, and PyTorch LSTM (4H x H) and GRU (3H x H) stacks named as weight_hh. */
export const shapeArb: fc.Arbitrary<Shape> = fc.oneof(
  fc.integer({ min: 1, max: 7 }).map((n) => ({ rows: n, cols: n, name: 'W_hh' })),
  fc.integer({ min: 1, max: 3 }).map((h) => ({ rows: 4 * h, cols: h, name: 'lstm.weight_hh_l0' })),
  fc.integer({ min: 1, max: 3 }).map((h) => ({ rows: 3 * h, cols: h, name: 'gru.weight_hh_l0' })),
);

const doubles = (n: number): fc.Arbitrary<number[]> =>
  fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n });
const floats32 = (n: number): fc.Arbitrary<number[]> =>
  fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n });
/** 16-bit patterns with a finite value: exponent all-ones (inf/NaN) is folded away. */
const bits16 = (n: number, expMask: number): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 0, max: 0xffff }).map((b) => ((b & expMask) === expMask ? b & ~expMask : b)), { minLength: n, maxLength: n });

const tensorOf = (s: Shape, data: readonly number[]): Tensor => ({ name: s.name, rows: s.rows, cols: s.cols, data });

const jsonStyle = fc.constantFrom<JsonStyle>('bare', 'named', 'nested-keys', 'flat-shape', 'pretty');
const csvStyle: fc.Arbitrary<CsvStyle> = fc.record({
  delimiter: fc.constantFrom<CsvStyle['delimiter']>(',', ';', '\t', ' '),
  header: fc.boolean(),
  pandasIndex: fc.boolean(),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  comments: fc.boolean(),
  trailingDelimiter: fc.boolean(),
  exponent18: fc.boolean(),
}).map((s) => ({ ...s, header: s.header || s.pandasIndex }));

export const jsonFile: fc.Arbitrary<ValidFile> = fc.tuple(shapeArb, jsonStyle).chain(([s, style]) =>
  doubles(s.rows * s.cols).map((v) => {
    const named = style === 'named' || style === 'pretty' || style === 'nested-keys';
    const name = style === 'nested-keys' ? `model.layer.${s.name}` : named ? s.name : '';
    return { label: `json/${style}`, fileName: 'w.json', bytes: writeJson([tensorOf(s, v)], style), name, shape: [s.rows, s.cols] as const, values: v };
  }),
);

export const csvFile: fc.Arbitrary<ValidFile> = fc.tuple(shapeArb, csvStyle).chain(([s, style]) =>
  doubles(s.rows * s.cols).map((v) => ({
    label: `csv/${JSON.stringify(style.delimiter)}${style.header ? '+header' : ''}${style.pandasIndex ? '+index' : ''}`,
    fileName: style.delimiter === '\t' ? 'w.tsv' : style.exponent18 ? 'w.txt' : 'w.csv',
    bytes: writeCsv(tensorOf(s, v), style),
    name: '',
    shape: [s.rows, s.cols] as const,
    values: v,
  })),
);

const npyOptions: fc.Arbitrary<NpyOptions> = fc.record({
  version: fc.constantFrom<1 | 2 | 3>(1, 2, 3),
  type: fc.constantFrom<NpyOptions['type']>('f8', 'f4', 'f2'),
  bigEndian: fc.boolean(),
  fortran: fc.boolean(),
});

export const npyFile: fc.Arbitrary<ValidFile> = fc.tuple(shapeArb, npyOptions).chain(([s, o]) => {
  const n = s.rows * s.cols;
  const data = o.type === 'f8' ? doubles(n) : o.type === 'f4' ? floats32(n) : bits16(n, 0x7c00);
  return data.map((d) => ({
    label: `npy/v${o.version}/${o.bigEndian ? '>' : '<'}${o.type}/${o.fortran ? 'F' : 'C'}`,
    fileName: 'w.npy',
    bytes: writeNpy(tensorOf(s, d), o),
    name: '',
    shape: [s.rows, s.cols] as const,
    values: o.type === 'f2' ? d.map(halfBitsToNumber) : d,
  }));
});

export const safetensorsFile: fc.Arbitrary<ValidFile> = fc
  .tuple(shapeArb, fc.constantFrom<StType>('F64', 'F32', 'F16', 'BF16'), fc.boolean())
  .chain(([s, type, metadata]) => {
    const n = s.rows * s.cols;
    const data = type === 'F64' ? doubles(n) : type === 'F32' ? floats32(n) : bits16(n, type === 'F16' ? 0x7c00 : 0x7f80);
    const decode = type === 'F16' ? halfBitsToNumber : type === 'BF16' ? bf16BitsToNumber : (v: number): number => v;
    const name = s.name === 'W_hh' ? 'rnn.weight_hh_l0' : s.name;
    // A second, non-recurrent tensor: it must be listed in `others`, not picked.
    const extra: Tensor = { name: 'fc.weight', rows: 2, cols: 5, data: new Array<number>(10).fill(0) };
    return data.map((d) => ({
      label: `safetensors/${type}`,
      fileName: 'model.safetensors',
      bytes: writeSafetensors([extra, { ...tensorOf(s, d), name }], type, metadata),
      name,
      shape: [s.rows, s.cols] as const,
      values: d.map(decode),
    }));
  });

/** GGUF with a recurrent matrix, a Mamba layer (blk.0.ssm_a, blk.0.ssm_dt.bias) and a quantised tensor. */
export const ggufFile: fc.Arbitrary<ValidFile> = fc
  .tuple(shapeArb, fc.constantFrom<GgufType>('F32', 'F16', 'BF16'), fc.integer({ min: 1, max: 4 }))
  .chain(([s, type, d]) => {
    const n = s.rows * s.cols;
    const data = (k: number): fc.Arbitrary<number[]> => (type === 'F32' ? floats32(k) : bits16(k, type === 'F16' ? 0x7c00 : 0x7f80));
    const decode = type === 'F16' ? halfBitsToNumber : type === 'BF16' ? bf16BitsToNumber : (v: number): number => v;
    const name = s.name === 'W_hh' ? 'rnn.weight_hh_l0' : s.name;
    return fc.tuple(data(n), data(2 * d), data(d)).map(([w, a, dt]) => ({
      label: `gguf/${type}`,
      fileName: 'model.gguf',
      bytes: writeGguf([{ ...tensorOf(s, w), name }, { name: 'blk.0.ssm_a', rows: d, cols: 2, data: a }, { name: 'blk.0.ssm_dt.bias', rows: 1, cols: d, data: dt }], type),
      name,
      shape: [s.rows, s.cols] as const,
      values: w.map(decode),
    }));
  });


/** A torch.save-style zip checkpoint of float32 tensors, the matrix stored row-major or as a transposed view. */
export const torchFile: fc.Arbitrary<ValidFile> = fc.tuple(shapeArb, fc.boolean()).chain(([s, transposed]) =>
  floats32(s.rows * s.cols).map((v) => {
    const name = s.name === 'W_hh' ? 'rnn.weight_hh_l0' : s.name;
    // A transposed view keeps the values column by column with strides (1, rows).
    const data = transposed ? Float32Array.from({ length: v.length }, (_, k) => v[(k % s.rows) * s.cols + Math.floor(k / s.rows)] as number) : Float32Array.from(v);
    const extra = { name: 'fc.weight', shape: [2, 5], data: new Float32Array(10) };
    const tensor = { name, shape: [s.rows, s.cols], data, ...(transposed ? { stride: [1, s.rows] } : {}) };
    return { label: `pytorch/${transposed ? 'view' : 'contiguous'}`, fileName: 'model.pt', bytes: writeCheckpoint([extra, tensor]), name, shape: [s.rows, s.cols] as const, values: v };
  }),
);

/** An .npz of .npy members (np.savez stored, np.savez_compressed deflated). */
export const npzFile: fc.Arbitrary<ValidFile> = fc.tuple(shapeArb, npyOptions, fc.boolean()).chain(([s, o, deflated]) =>
  (o.type === 'f8' ? doubles(s.rows * s.cols) : o.type === 'f4' ? floats32(s.rows * s.cols) : bits16(s.rows * s.cols, 0x7c00)).map((d) => {
    const method = deflated ? 8 : 0;
    const members = [{ name: `${s.name}.npy`, data: writeNpy(tensorOf(s, d), o), method } as const];
    return {
      label: `npz/${deflated ? 'deflated' : 'stored'}/${o.type}`,
      fileName: 'arrays.npz',
      bytes: writeZip(members),
      name: s.name,
      shape: [s.rows, s.cols] as const,
      values: o.type === 'f2' ? d.map(halfBitsToNumber) : d,
    };
  }),
);

export const anyValidFile: fc.Arbitrary<ValidFile> = fc.oneof(jsonFile, csvFile, npyFile, safetensorsFile, ggufFile, torchFile, npzFile);

/** Tokens that tend to break parsers in interesting ways. */
const TOKENS = [
  'NaN', '-Infinity', '1e999', '[', ']', '{', '}', ',', ';', '\t', '"', '\n', '\r\n', '#', '\ufeff', ' ', '-', '.', 'e',
  '99999999999999999999', "'shape': (1000000000, 1000000000)", '"data_offsets": [0, 99999999999]', '\u0000', '//', '/*',
];
const enc = new TextEncoder();

export type Mutation =
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'flip'; readonly at: number; readonly byte: number }
  | { readonly op: 'insert'; readonly at: number; readonly token: number }
  | { readonly op: 'delete'; readonly at: number; readonly length: number }
  | { readonly op: 'duplicate'; readonly at: number; readonly length: number };

const at = fc.double({ min: 0, max: 1, noNaN: true });
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at }),
  fc.record({ op: fc.constant('flip' as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('insert' as const), at, token: fc.nat(TOKENS.length - 1) }),
  fc.record({ op: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at, length: fc.integer({ min: 1, max: 64 }) }),
).map((m) => m as Mutation);

/** Applies a mutation at a relative position (0..1) of the file. */
export function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const pos = Math.min(bytes.length, Math.floor(m.at * (bytes.length + 1)));
  const cat = (...parts: Uint8Array[]): Uint8Array => {
    const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  switch (m.op) {
    case 'truncate':
      return bytes.slice(0, pos);
    case 'flip': {
      const out = bytes.slice();
      if (pos < out.length) out[pos] = m.byte;
      return out;
    }
    case 'insert':
      return cat(bytes.subarray(0, pos), enc.encode(TOKENS[m.token] as string), bytes.subarray(pos));
    case 'delete':
      return cat(bytes.subarray(0, pos), bytes.subarray(pos + m.length));
    case 'duplicate':
      return cat(bytes.subarray(0, pos + m.length), bytes.subarray(pos));
  }
}

/**
 * Checkpoints written by real writers (Keras layouts through h5py, torch.onnx.export) as seeds:
 * their formats have no writer here, so their damaged copies come from the committed fixtures.
 */
const CHECKPOINTS = join(__dirname, '..', 'fixtures', 'checkpoints');
export const checkpointSeeds: readonly { label: string; fileName: string; bytes: Uint8Array }[] = readdirSync(CHECKPOINTS)
  .flatMap((kind) => readdirSync(join(CHECKPOINTS, kind)).filter((f) => /\.(h5|keras|onnx)$/.test(f) && !f.startsWith('bad_')).map((f) => ({ kind, f })))
  .map(({ kind, f }) => ({ label: `${kind}/${f.replace(/^.*\./, '')}`, fileName: f, bytes: new Uint8Array(readFileSync(join(CHECKPOINTS, kind, f))) }));

/** A valid file damaged by 1-3 mutations, read under its own name or, sometimes, another one. */
export const mutatedFile = fc
  .tuple(
    fc.oneof({ weight: 4, arbitrary: anyValidFile }, { weight: 1, arbitrary: fc.constantFrom(...checkpointSeeds) }),
    fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
    fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('w.json', 'w.csv', 'w.npy', 'w.safetensors', 'w.gguf', 'w.dat', 'w.h5', 'w.onnx') }),
  )
  .map(([f, ms, rename]) => ({ label: f.label, fileName: rename || f.fileName, bytes: ms.reduce(mutate, f.bytes), mutations: ms }));
