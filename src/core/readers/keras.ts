/**
 * Keras 2 `.h5` files (`model.save`, `save_weights`): the `layer_names` attribute lists the layer
 * groups (under `model_weights`, or at the root for weights-only files), each with `weight_names`
 * (`lstm/lstm_cell/recurrent_kernel:0`, older files without the cell level). Tensors are named by
 * their weight name without the cell level and the `:0` suffix (`lstm/recurrent_kernel`,
 * `bidirectional/forward_lstm/recurrent_kernel`); the `model_config` attribute, when present, says
 * which layers are LSTM, GRU or SimpleRNN. Only recurrent kernels and their biases are converted;
 * input kernels, other layers and optimizer state are listed by shape and never read.
 */
import { h5Error, h5Floats, h5Get, h5Keys, h5Strings, isDataset, isGroup, openHdf5, type H5File, type H5Group } from './hdf5';
import { kerasRole, type KerasLayerRole } from './kerasConfig';
import type { RawFile, RawTensor, SkippedTensor } from './tensor';
import { readAll, type ByteSource } from './byteSource';
import { readKeras3Weights, readKerasArchive } from './keras3';
import { hasZipMagic } from './zip';

/** `lstm/lstm_cell/recurrent_kernel:0` → `lstm/recurrent_kernel` (cells and `:N` dropped). */
export function kerasTensorName(weightName: string, layer: string): string {
  const parts = weightName.replace(/:\d+$/, '').split('/').filter((p) => p !== '' && !/(?:^|_)cell(?:_\d+)?$/.test(p));
  const name = parts.join('/');
  return parts[0] === layer ? name : `${layer}/${name}`;
}

/** A list attribute that Keras splits into `name0`, `name1`, ... when it is too long for a header. */
function listAttribute(file: H5File, g: H5Group, name: string): string[] | undefined {
  const whole = h5Strings(file, g, name);
  if (whole) return whole;
  const out: string[] = [];
  for (let k = 0; k < 10000; k++) {
    const part = h5Strings(file, g, `${name}${k}`);
    if (!part) break;
    out.push(...part);
  }
  return out.length > 0 ? out : undefined;
}

/** Layer name → role, from the root's `model_config` JSON (absent in weights-only files). */
function rolesFromModelConfig(file: H5File): Map<string, KerasLayerRole> {
  const roles = new Map<string, KerasLayerRole>();
  const text = h5Strings(file, file.root, 'model_config')?.[0];
  if (text === undefined) return roles;
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return roles; // the weights are still named; a damaged config only loses the roles
  }
  const layers = (config as { config?: { layers?: unknown } } | null)?.config?.layers;
  if (!Array.isArray(layers)) return roles;
  for (const l of layers as unknown[]) {
    const name = (l as { config?: { name?: unknown } } | null)?.config?.name;
    const role = kerasRole(l);
    if (typeof name === 'string' && role) roles.set(name, role);
  }
  return roles;
}

/** A Keras file: an HDF5 `.h5`, or a Keras 3 `.keras` zip of config.json and model.weights.h5. */
export function readKeras(source: ByteSource, maxBytes: number): RawFile {
  if (hasZipMagic(source.read(0, 4))) return readKerasArchive(source, maxBytes);
  return readKerasH5(readAll(source));
}

/** Reads a Keras `.h5` file: Keras 2 layouts, or a Keras 3 `.weights.h5` (variables under `layers/`). */
export function readKerasH5(bytes: Uint8Array): RawFile {
  const file = openHdf5(bytes);
  const top = h5Get(file, file.root, 'model_weights');
  const group = isGroup(top) ? top : file.root;
  const layerNames = listAttribute(file, group, 'layer_names');
  if (!layerNames) {
    if (isGroup(h5Get(file, file.root, 'layers'))) return readKeras3Weights(file, undefined);
    throw h5Error(file, `HDF5 ${group.name}: no layer_names attribute, so this is not a Keras weights file (found ${h5Keys(file, group).slice(0, 5).join(', ') || 'nothing'})`, group);
  }
  const roles = rolesFromModelConfig(file);
  const tensors: RawTensor[] = [];
  const skipped: SkippedTensor[] = [];
  for (const layer of layerNames) {
    const lg = h5Get(file, group, layer);
    if (!isGroup(lg)) throw h5Error(file, `HDF5 ${group.name}: layer '${layer}' is listed in layer_names but has no group`, group);
    const weightNames = listAttribute(file, lg, 'weight_names') ?? [];
    const names = weightNames.map((w) => kerasTensorName(w, layer));
    const kernels = new Set(names.filter((n) => /\/recurrent_kernel$/.test(n)).map((n) => n.replace(/recurrent_kernel$/, '')));
    weightNames.forEach((w, i) => {
      const name = names[i] as string;
      const ds = h5Get(file, lg, w);
      if (!isDataset(ds)) throw h5Error(file, `HDF5 ${lg.name}/${w}: listed in the weight_names of layer '${layer}' but missing`, lg);
      const base = name.slice(0, name.lastIndexOf('/') + 1);
      const wanted = /recurrent_kernel$/.test(name) || (/\/bias$/.test(name) && kernels.has(base));
      if (!wanted) {
        skipped.push({ name, shape: ds.shape.slice(), reason: 'not a recurrent kernel (not read)' });
        return;
      }
      const v = h5Floats(file, ds, `HDF5 ${ds.name}`);
      const role = roles.get(layer);
      const known = role && /recurrent_kernel$/.test(name) ? { known: { role: role.role, layout: 'keras' as const } } : {};
      tensors.push({ name, shape: v.shape, data: v.data, dtype: v.dtype, ...known });
    });
  }
  return { tensors, skipped };
}
