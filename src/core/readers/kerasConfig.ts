/**
 * What a Keras model config says about its recurrent layers: which class each is, and, for
 * Keras 3, where its cell's variables sit in `model.weights.h5`. Keras 3 saves a Sequential or
 * Functional model's layers under `layers/<snake_case class name>` (a second LSTM is `lstm_1`,
 * whatever the user named it), a recurrent layer's cell under `cell`, a Bidirectional's two under
 * `forward_layer` and `backward_layer`, and each variable list as `vars/0, 1, 2` (kernel,
 * recurrent kernel, bias). Config JSON is data: only plain properties are looked at.
 */
import type { Role } from '../weightFile';

export interface KerasLayerRole {
  readonly role: Role;
  readonly className: string;
}

/** A recurrent layer's cell variables in a Keras 3 weights file. */
export interface Keras3Cell {
  /** Name in the report: the layer's config name (`bidirectional/forward_lstm` inside a wrapper). */
  readonly name: string;
  /** `layers/lstm/cell/vars` */
  readonly vars: string;
  readonly role: Role;
  readonly className: string;
}

const RECURRENT: Record<string, Role> = { LSTM: 'lstm', GRU: 'gru', SimpleRNN: 'rnn', CuDNNLSTM: 'lstm', CuDNNGRU: 'gru' };
const MODELS = new Set(['Sequential', 'Functional', 'Model']);
/** Nested models deeper than this are not searched (a config is user data). */
const MAX_DEPTH = 32;

const obj = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const own = (o: Record<string, unknown> | undefined, k: string): unknown => (o && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

/** The class of a serialized layer and its role if recurrent (a Bidirectional's from its layer). */
export function kerasRole(layer: unknown): KerasLayerRole | undefined {
  const l = obj(layer);
  const className = str(own(l, 'class_name'));
  if (className === undefined) return undefined;
  const role = RECURRENT[className];
  if (role) return { role, className };
  if (className === 'Bidirectional') return kerasRole(own(obj(own(l, 'config')), 'layer'));
  return undefined;
}

/** keras.src.utils.naming.to_snake_case: `SimpleRNN` → `simple_rnn`, `LSTM` → `lstm`. */
export function toSnakeCase(name: string): string {
  return name.replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

function layerName(l: Record<string, unknown> | undefined, fallback: string): string {
  return str(own(obj(own(l, 'config')), 'name')) ?? fallback;
}

/** Every recurrent cell of a Keras 3 model config, with its variables' group path. */
export function keras3Cells(config: unknown, root = 'layers'): Keras3Cell[] {
  const out: Keras3Cell[] = [];
  walk(obj(config), '', root, out, 0);
  return out;
}

function walk(model: Record<string, unknown> | undefined, prefix: string, layersGroup: string, out: Keras3Cell[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  const layers = own(obj(own(model, 'config')), 'layers');
  if (!Array.isArray(layers)) return;
  const used = new Map<string, number>();
  for (const item of layers as unknown[]) {
    const l = obj(item);
    const className = str(own(l, 'class_name'));
    if (className === undefined) continue;
    const snake = toSnakeCase(className);
    const k = used.get(snake);
    used.set(snake, k === undefined ? 0 : k + 1);
    const path = `${prefix}${layersGroup}/${k === undefined ? snake : `${snake}_${k + 1}`}`;
    const name = layerName(l, snake);
    const role = RECURRENT[className];
    if (role) out.push({ name, vars: `${path}/cell/vars`, role, className });
    if (className === 'Bidirectional') {
      const cfg = obj(own(l, 'config'));
      const fwd = obj(own(cfg, 'layer'));
      const bwd = obj(own(cfg, 'backward_layer')) ?? fwd;
      const inner = kerasRole(fwd);
      if (inner) {
        const fwdName = layerName(fwd, `forward_${inner.className.toLowerCase()}`);
        const bwdName = own(cfg, 'backward_layer') === undefined ? fwdName.replace(/^forward_/, 'backward_') : layerName(bwd, `backward_${inner.className.toLowerCase()}`);
        out.push({ name: `${name}/${fwdName}`, vars: `${path}/forward_layer/cell/vars`, role: inner.role, className: inner.className });
        out.push({ name: `${name}/${bwdName}`, vars: `${path}/backward_layer/cell/vars`, role: inner.role, className: inner.className });
      }
    }
    if (MODELS.has(className)) walk(l, `${path}/`, 'layers', out, depth + 1);
  }
}
