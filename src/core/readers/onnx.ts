/**
 * ONNX models: the `R` input of every RNN, LSTM and GRU node, one matrix per direction, named
 * `<node>:forward` / `<node>:reverse`. R is [num_directions, g·H, H] with row blocks in ONNX gate
 * order (LSTM i, o, f, c; GRU z, r, h), already in the orientation h_t = W h_{t-1}; the stack is
 * kept in that order and its gates named so, and B [num_directions, 2·g·H] gives the input (Wb)
 * and recurrent (Rb) biases. Only the tensors these nodes use are converted; the rest of the
 * model is skipped by length. Subgraphs (If/Loop/Scan bodies) are searched too, to a fixed depth.
 */
import { WeightFileError } from '../errors';
import type { OpenSibling, Role } from '../weightFile';
import { fields, safeInt, text, wireError, WIRE_LEN, type Field } from './protobuf';
import { floatTypeName, isFloatType, tensorFields, tensorValues, typeName, type TensorFields } from './onnxTensor';
import type { RawFile, RawTensor, SkippedTensor } from './tensor';
import { shapeText } from './tensor';


/** Graphs inside node attributes deeper than this are refused (a hostile file can nest forever). */
export const MAX_GRAPH_DEPTH = 16;

const OPS: Record<string, { role: Role; gates: readonly string[] | undefined }> = {
  RNN: { role: 'rnn', gates: undefined },
  LSTM: { role: 'lstm', gates: ['i', 'o', 'f', 'c'] },
  GRU: { role: 'gru', gates: ['z', 'r', 'h'] },
};

interface NodeInfo {
  readonly name: string;
  readonly op: string;
  readonly inputs: string[];
  readonly outputs: string[];
  readonly direction: string;
  readonly at: number;
  /** A Constant node's `value` tensor. */
  readonly value?: Field;
}

interface Graph {
  readonly nodes: NodeInfo[];
  /** Initializers and Constant outputs by name: where their TensorProto is. */
  readonly tensors: Map<string, Field>;
}

function readAttribute(bytes: Uint8Array, a: Field, depth: number, graphs: Graph[]): { name: string; s?: string; t?: Field } {
  let name = '';
  let s: string | undefined;
  let t: Field | undefined;
  for (const f of fields(bytes, a.start, a.end)) {
    if (f.wire !== WIRE_LEN) continue;
    if (f.no === 1) name = text(bytes, f);
    else if (f.no === 4) s = text(bytes, f);
    else if (f.no === 5) t = f;
    else if (f.no === 6 || f.no === 11) readGraph(bytes, f, depth + 1, graphs);
  }
  return { name, ...(s !== undefined ? { s } : {}), ...(t ? { t } : {}) };
}

function readNode(bytes: Uint8Array, n: Field, depth: number, graphs: Graph[]): NodeInfo {
  let name = '';
  let op = '';
  let direction = 'forward';
  let value: Field | undefined;
  const inputs: string[] = [];
  const outputs: string[] = [];
  for (const f of fields(bytes, n.start, n.end)) {
    if (f.wire !== WIRE_LEN) continue;
    if (f.no === 1) inputs.push(text(bytes, f));
    else if (f.no === 2) outputs.push(text(bytes, f));
    else if (f.no === 3) name = text(bytes, f);
    else if (f.no === 4) op = text(bytes, f);
    else if (f.no === 5) {
      const a = readAttribute(bytes, f, depth, graphs);
      if (a.name === 'direction' && a.s !== undefined) direction = a.s;
      if (a.name === 'value' && a.t) value = a.t;
    }
  }
  return { name, op, inputs, outputs, direction, at: n.at, ...(value ? { value } : {}) };
}

/** Reads a GraphProto's nodes and where its tensors are; subgraphs are appended to `graphs`. */
function readGraph(bytes: Uint8Array, g: Field, depth: number, graphs: Graph[]): void {
  if (depth > MAX_GRAPH_DEPTH) throw wireError(`graphs are nested more than ${MAX_GRAPH_DEPTH} deep inside node attributes`, g.at);
  const graph: Graph = { nodes: [], tensors: new Map() };
  graphs.push(graph);
  for (const f of fields(bytes, g.start, g.end)) {
    if (f.wire !== WIRE_LEN) continue;
    if (f.no === 1) graph.nodes.push(readNode(bytes, f, depth, graphs));
    if (f.no === 5) graph.tensors.set(tensorName(bytes, f), f);
  }
  for (const n of graph.nodes) {
    const out = n.outputs[0];
    if (n.op === 'Constant' && n.value && out !== undefined) graph.tensors.set(out, n.value);
  }
}

function tensorName(bytes: Uint8Array, t: Field): string {
  for (const f of fields(bytes, t.start, t.end)) if (f.no === 8 && f.wire === WIRE_LEN) return text(bytes, f);
  return '';
}

/** The model's main graph and every graph nested in its nodes' attributes. */
function readModel(bytes: Uint8Array): Graph[] {
  const graphs: Graph[] = [];
  let sawGraph = false;
  for (const f of fields(bytes, 0, bytes.length)) {
    if (f.no === 1) safeInt(f, 'ir_version');
    if (f.no === 7 && f.wire === WIRE_LEN) {
      sawGraph = true;
      readGraph(bytes, f, 0, graphs);
    }
  }
  if (!sawGraph) throw wireError('no graph in this file (ModelProto field 7): is it an ONNX model?', 0);
  return graphs;
}

const directionsOf = (n: NodeInfo): string[] | undefined =>
  n.direction === 'bidirectional' ? ['forward', 'reverse'] : n.direction === 'forward' || n.direction === 'reverse' ? [n.direction] : undefined;

/** Reads every recurrent node's R (and B) of an ONNX model. */
export function readOnnx(bytes: Uint8Array, openSibling?: OpenSibling): RawFile {
  const tensors: RawTensor[] = [];
  const skipped: SkippedTensor[] = [];
  let recurrentNodes = 0;
  readModel(bytes).forEach((graph) => {
    graph.nodes.forEach((node, index) => {
      const op = OPS[node.op];
      if (!op) return;
      recurrentNodes++;
      const label = node.name || node.outputs[0] || `${node.op} node ${index + 1}`;
      const dirs = directionsOf(node);
      if (!dirs) throw wireError(`${label}: direction '${node.direction}' is not forward, reverse or bidirectional`, node.at);
      const rName = node.inputs[2] ?? '';
      const rField = graph.tensors.get(rName);
      if (!rField) {
        skipped.push({ name: label, shape: [], reason: `R ('${rName}') is computed in the graph, not stored: nothing to analyse` });
        return;
      }
      const r = tensorFields(bytes, rField.start, rField.end);
      if (!isFloatType(r.dataType)) {
        skipped.push({ name: label, shape: r.dims, reason: `R is ${typeName(r.dataType)}; only float types are analysed` });
        return;
      }
      const [d, gh, h] = r.dims as [number, number, number];
      const g = op.gates?.length ?? 1;
      if (r.dims.length !== 3 || d !== dirs.length || gh !== g * h) {
        throw wireError(`${label}: R is ${shapeText(r.dims)}, a ${node.direction} ${node.op} needs ${dirs.length}x${g === 1 ? 'H' : `${g}H`}xH`, r.at);
      }
      const values = tensorValues(bytes, r, openSibling, `${label} R ('${rName}')`);
      const bias = biasOf(bytes, graph, node, d * 2 * gh, openSibling, label, skipped);
      dirs.forEach((dir, k) => {
        const block = gh * h;
        const biasIH = bias?.subarray(k * 2 * gh, k * 2 * gh + gh);
        const biasHH = bias?.subarray(k * 2 * gh + gh, (k + 1) * 2 * gh);
        tensors.push({
          name: `${label}:${dir}`,
          shape: [gh, h],
          data: values.slice(k * block, (k + 1) * block),
          dtype: floatTypeName(r.dataType),
          known: { role: op.role, layout: 'pytorch', ...(op.gates ? { gates: op.gates } : {}), ...(biasIH && biasHH ? { biasIH, biasHH } : {}) },
        });
      });
    });
  });
  if (recurrentNodes === 0) throw new WeightFileError('no RNN, LSTM or GRU node in this ONNX model', { kind: 'byte', offset: 0 });
  return { tensors, skipped };
}

/** The B input (Wb and Rb per direction), when stored and of the right length. */
function biasOf(
  bytes: Uint8Array, graph: Graph, node: NodeInfo, length: number,
  openSibling: OpenSibling | undefined, label: string, listed: SkippedTensor[],
): Float64Array | undefined {
  const name = node.inputs[3] ?? '';
  const f = name === '' ? undefined : graph.tensors.get(name);
  if (!f) return undefined;
  const t: TensorFields = tensorFields(bytes, f.start, f.end);
  if (!isFloatType(t.dataType)) return undefined;
  const v = tensorValues(bytes, t, openSibling, `${label} B ('${name}')`);
  if (v.length !== length) return undefined;
  listed.push({ name, shape: t.dims, reason: `biases of ${label} (Wb then Rb for each direction), read with it` });
  return v;
}
