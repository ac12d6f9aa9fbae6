/**
 * Keras 3 weights (`model.weights.h5` inside a `.keras` zip, or a standalone `.weights.h5`): each
 * recurrent cell's `vars/1` is its recurrent kernel (H x gH, Keras gate order), `vars/2` its bias
 * (2 x 3H for a GRU with reset_after). With `config.json` the cells are found and named from the
 * config (see kerasConfig.ts) and a listed cell whose variables are missing is refused; without it,
 * any group holding `cell/vars/1` is read and named by its path.
 */
import { h5Error, h5Floats, h5Get, h5Keys, isDataset, isGroup, openHdf5, type H5File, type H5Group } from './hdf5';
import { keras3Cells, type Keras3Cell } from './kerasConfig';
import type { RawFile, RawTensor, SkippedTensor } from './tensor';
import type { ByteSource } from './byteSource';
import { WeightFileError } from '../errors';
import { oneLine } from './text';
import { memberDataOffset, openZip, readMember } from './zip';

/** Keras 2.13-2.15 wrote `_layer_checkpoint_dependencies` where Keras 3 writes `layers`. */
const LAYER_GROUPS = ['layers', '_layer_checkpoint_dependencies'];
const MAX_SEARCH_DEPTH = 8;

function layersRoot(file: H5File): string | undefined {
  return LAYER_GROUPS.find((g) => isGroup(h5Get(file, file.root, g)));
}

/** The deepest existing group on the way to `path`, for placing a "missing" refusal. */
function nearestGroup(file: H5File, path: string): H5Group {
  let g: H5Group = file.root;
  for (const part of path.split('/')) {
    const next = h5Get(file, g, part);
    if (!isGroup(next)) break;
    g = next;
  }
  return g;
}

function readCell(file: H5File, cell: Keras3Cell | { name: string; vars: string }, out: { tensors: RawTensor[]; skipped: SkippedTensor[] }, strict: boolean): void {
  const vars = h5Get(file, file.root, cell.vars);
  const what = 'className' in cell ? `config.json names ${cell.className} layer '${cell.name}', but model.weights.h5 has no` : 'no';
  if (!isGroup(vars)) {
    if (strict) throw h5Error(file, `${what} group ${cell.vars}`, nearestGroup(file, cell.vars));
    return;
  }
  const rk = h5Get(file, vars, '1');
  if (!isDataset(rk)) {
    if (strict) throw h5Error(file, `${what} ${cell.vars}/1 (its recurrent kernel)`, vars);
    return;
  }
  const v = h5Floats(file, rk, `HDF5 ${cell.vars}/1`);
  const known = 'role' in cell ? { known: { role: cell.role, layout: 'keras' as const } } : {};
  out.tensors.push({ name: `${cell.name}/recurrent_kernel`, shape: v.shape, data: v.data, dtype: v.dtype, ...known });
  const bias = h5Get(file, vars, '2');
  if (isDataset(bias)) {
    const b = h5Floats(file, bias, `HDF5 ${cell.vars}/2`);
    out.tensors.push({ name: `${cell.name}/bias`, shape: b.shape, data: b.data, dtype: b.dtype });
  }
  const kernel = h5Get(file, vars, '0');
  if (isDataset(kernel)) out.skipped.push({ name: `${cell.name}/kernel`, shape: kernel.shape.slice(), reason: 'input kernel (not read)' });
}

/** Groups under `layers/` that hold a cell, named by their path without the `layers/` levels. */
function searchCells(file: H5File, group: H5Group, path: string, name: string, depth: number, found: { name: string; vars: string }[]): void {
  if (depth > MAX_SEARCH_DEPTH) return;
  for (const key of h5Keys(file, group)) {
    if (key === 'vars') continue;
    const child = h5Get(file, group, key);
    if (!isGroup(child)) continue;
    const childPath = `${path}/${key}`;
    if (key === 'cell') {
      found.push({ name, vars: `${childPath}/vars` });
      continue;
    }
    const childName = LAYER_GROUPS.includes(key) ? name : name === '' ? key : `${name}/${key}`;
    searchCells(file, child, childPath, childName, depth + 1, found);
  }
}

export function readKeras3Weights(file: H5File, config: unknown): RawFile {
  const out = { tensors: [] as RawTensor[], skipped: [] as SkippedTensor[] };
  const root = layersRoot(file);
  if (config !== undefined) {
    for (const cell of keras3Cells(config, root ?? 'layers')) readCell(file, cell, out, true);
    return out;
  }
  const found: { name: string; vars: string }[] = [];
  if (root !== undefined) searchCells(file, h5Get(file, file.root, root) as H5Group, root, '', 0, found);
  for (const cell of found) readCell(file, cell, out, false);
  return out;
}

/** Largest config.json read (a config is small; a huge one is not a Keras model). */
const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

/**
 * A Keras 3 `.keras` archive: config.json (the layers and their names) and model.weights.h5, read
 * as zip members. Places inside a stored weights member are exact bytes of the archive; inside a
 * deflated one they fall on the member's header.
 */
export function readKerasArchive(src: ByteSource, maxBytes: number): RawFile {
  const zip = openZip(src);
  const weights = zip.get('model.weights.h5');
  if (!weights) {
    const names = zip.entries.map((e) => e.name).slice(0, 6).join(', ');
    const npz = zip.get('model.weights.npz') ? ' (its weights are in model.weights.npz, which is not read)' : '';
    throw new WeightFileError(oneLine(`a .keras archive without model.weights.h5${npz}; members: ${names || 'none'}`), { kind: 'byte', offset: 0 });
  }
  const configEntry = zip.get('config.json');
  let config: unknown;
  if (configEntry) {
    const text = new TextDecoder('utf-8').decode(readMember(src, configEntry, Math.min(maxBytes, MAX_CONFIG_BYTES)));
    try {
      config = JSON.parse(text);
    } catch {
      throw new WeightFileError("member 'config.json' is not valid JSON", { kind: 'byte', offset: configEntry.localHeaderOffset });
    }
  }
  const h5 = readMember(src, weights, maxBytes);
  const stored = weights.method === 0;
  return readKeras3Weights(openHdf5(h5, stored ? memberDataOffset(src, weights) : weights.localHeaderOffset, stored), config);
}
