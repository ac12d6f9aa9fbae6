/**
 * Which function reads each format of the table in `../formats.ts`. A new reader plugs in with
 * one line here (`pytorch: readPytorch,`); until then the format is recognised and refused with
 * "reading {label} files is not supported yet".
 *
 * The contract: a Reader gets random access to the file (read only the ranges you need; never
 * assume the whole file is in memory) and the read options; it returns the tensors it found
 * (RawFile; text formats also the line index that places errors) and throws only WeightFileError,
 * with a place: a byte offset, a named tensor or member in the message, or a line/column.
 * Classification (square matrix, gate stack, layout, ranking) happens after it, for every format.
 */
import { FORMATS, type FormatId } from '../formats';
import { readAll } from './byteSource';
import { readCsv } from './csv';
import { readJson } from './json';
import { DEFAULT_MAX_BYTES } from '../limits';
import { readMtxSource } from './mtxFile';
import { readNpy } from './npy';
import { readSafetensors } from './safetensors';
import { readGguf } from './gguf';
import type { Reader } from './reader';

export type { Reader, ReaderResult } from './reader';

/*
 * The zip, HDF5, pickle and protobuf readers are loaded on first use: a process that reads a JSON
 * or CSV file never initialises them nor the libraries under them (fflate builds its Huffman
 * tables and loads node:worker_threads when it is initialised, jsfive its struct tables), about
 * a tenth of a cold CLI run on a 64 x 64 matrix. CommonJS requires, as everything here is bundled
 * to or run as CommonJS; the bundler keeps each one a lazily initialised module.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const keras = (): typeof import('./keras') => require('./keras') as typeof import('./keras');
const npz = (): typeof import('./npz') => require('./npz') as typeof import('./npz');
const torch = (): typeof import('./torch') => require('./torch') as typeof import('./torch');
const onnx = (): typeof import('./onnx') => require('./onnx') as typeof import('./onnx');
/* eslint-enable @typescript-eslint/no-require-imports */

export const READERS: { readonly [F in FormatId]: Reader | undefined } = {
  json: (s) => readJson(readAll(s)),
  csv: (s) => readCsv(readAll(s)),
  npy: (s) => readNpy(readAll(s)),
  safetensors: (s) => readSafetensors(s),
  npz: (s, o) => npz().readNpz(s, o.maxBytes ?? DEFAULT_MAX_BYTES),
  pytorch: (s, o) => torch().readTorch(s, o.maxBytes ?? DEFAULT_MAX_BYTES),
  keras: (s, o) => keras().readKeras(s, o.maxBytes ?? DEFAULT_MAX_BYTES),
  onnx: (s, o) => onnx().readOnnx(readAll(s), o.openSibling),
  gguf: (s) => readGguf(s),
  mtx: readMtxSource,
};

/** Whether a format has a reader yet. */
export function isReadable(id: FormatId): boolean {
  return READERS[id] !== undefined;
}

/** Extensions of the formats that have a reader (help texts). */
export function readableExtensions(): string[] {
  return FORMATS.filter((f) => isReadable(f.id)).flatMap((f) => f.extensions);
}
