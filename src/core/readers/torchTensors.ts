/**
 * Finds the tensors in an unpickled checkpoint, wherever they sit: a state_dict, a nested one
 * (`model_state_dict`, Lightning's `state_dict`), lists, or a whole pickled nn.Module (its
 * `_parameters`, `_buffers` and `_modules`, read as data). Optimizer and scheduler state is
 * skipped. Each tensor is named by its dotted path; a tensor reached twice keeps its first path.
 */
import { WeightFileError } from '../errors';
import { PyDict, PyList, PyObject, PySet, PyTuple, TensorRef, type DictKey, type PyValue } from './pickleValues';

export interface FoundTensor {
  readonly name: string;
  readonly tensor: TensorRef;
}

export interface CheckpointContents {
  readonly tensors: readonly FoundTensor[];
  /** The checkpoint's top-level `step`, `global_step` and `epoch` numbers, as text (RawFile.metadata). */
  readonly counters: Readonly<Record<string, string>>;
}

/** Deeper than this is a nesting bomb, not a checkpoint. */
export const MAX_NESTING = 1000;
const SKIPPED_KEY = /optim|scheduler|^scaler$|^callbacks$|^loops$/i;
const STEP_KEYS = ['step', 'global_step', 'epoch'];

const keyText = (k: DictKey): string => (typeof k === 'string' ? k : typeof k === 'number' || typeof k === 'bigint' || typeof k === 'boolean' ? String(k) : '?');
const join = (path: string, seg: string): string => (path === '' ? seg : `${path}.${seg}`);

/** `where` is the byte offset of the pickle, for a refusal of a nesting bomb. */
export function findTensors(root: PyValue, label: string, where: number): CheckpointContents {
  const tensors: FoundTensor[] = [];
  const seen = new Set<object>();
  const visit = (v: PyValue | undefined, path: string, depth: number): void => {
    if (v === undefined || v === null || typeof v !== 'object' || v instanceof Uint8Array) return;
    if (depth > MAX_NESTING) throw new WeightFileError(`${label}: objects nested more than ${MAX_NESTING} levels deep`, { kind: 'byte', offset: where });
    if (seen.has(v)) return;
    seen.add(v);
    if (v instanceof TensorRef) {
      tensors.push({ name: path, tensor: v });
    } else if (v instanceof PyDict) {
      for (const [k, x] of v.map) if (!(typeof k === 'string' && SKIPPED_KEY.test(k))) visit(x, join(path, keyText(k)), depth + 1);
    } else if (v instanceof PyList || v instanceof PyTuple || v instanceof PySet) {
      v.items.forEach((x, i) => visit(x, join(path, String(i)), depth + 1));
    } else if (v instanceof PyObject) {
      visitObject(v, path, depth);
    }
  };
  const visitObject = (o: PyObject, path: string, depth: number): void => {
    const state = o.state instanceof PyTuple ? o.state.items[0] : o.state;
    if (state instanceof PyDict) {
      const params = state.map.get('_parameters');
      if (params instanceof PyDict || state.map.has('_modules')) {
        // An nn.Module: its tensors are its parameters, buffers and submodules, named as state_dict names them.
        for (const part of ['_parameters', '_buffers']) {
          const d = state.map.get(part);
          if (d instanceof PyDict) for (const [k, x] of d.map) visit(x, join(path, keyText(k)), depth + 1);
        }
        const mods = state.map.get('_modules');
        if (mods instanceof PyDict) for (const [k, x] of mods.map) visit(x, join(path, keyText(k)), depth + 1);
        return;
      }
      visit(state, path, depth + 1);
      return;
    }
    if (o.state !== undefined) visit(o.state, path, depth + 1);
    else o.args.forEach((x, i) => visit(x, join(path, String(i)), depth + 1));
  };
  visit(root, '', 0);
  const counters: Record<string, string> = {};
  if (root instanceof PyDict) {
    for (const key of STEP_KEYS) {
      const v = root.map.get(key);
      if (typeof v === 'number' && Number.isSafeInteger(v)) counters[key] = String(v);
    }
  }
  return { tensors, counters };
}
