import { WeightFileError, type ErrorPlace } from '../errors';
import { firstNonFinite } from '../finite';
import { transpose, type Matrix } from '../matrix';
import type { Format, Layout, NamedMatrix, OtherTensor, ReadOptions, Role, TextSpan, WeightFile } from '../weightFile';
import { checkpointMeta } from './meta';
import { biasNames, isKerasRecurrent, isTorchRecurrent, mayBeRecurrent, nameHint, nameScore } from './names';
import type { KnownRecurrent, RawFile, RawTensor } from './tensor';
import { NOT_RECURRENT_STACK, shapeText } from './tensor';

const TORCH_GATES: Record<number, readonly string[]> = { 4: ['i', 'f', 'g', 'o'], 3: ['r', 'z', 'n'] };
const KERAS_GATES: Record<number, readonly string[]> = { 4: ['i', 'f', 'c', 'o'], 3: ['z', 'r', 'h'] };
const STACK_ROLE: Record<number, Role> = { 4: 'lstm', 3: 'gru' };
const GATE_COUNT: Record<Role, number> = { rnn: 1, matrix: 1, lstm: 4, gru: 3 };

type Decision =
  | { readonly ok: true; readonly role: Role; readonly layout: Layout; readonly matrix: Matrix; readonly gates?: readonly string[] }
  | { readonly ok: false; readonly reason: string };

const label = (name: string): string => (name === '' ? 'the array' : name);

/** A tensor whose file says what it is: only its shape is checked against that. */
function decideKnown(m: Matrix, k: KnownRecurrent): Decision {
  const g = GATE_COUNT[k.role];
  const keras = k.layout === 'keras';
  const [h, gh] = keras ? [m.rows, m.cols] : [m.cols, m.rows];
  if (h === 0 || gh !== g * h) {
    const want = g === 1 ? 'square' : keras ? `H x ${g}H` : `${g}H x H`;
    return { ok: false, reason: `the file says ${k.role.toUpperCase()}, which needs a ${want} matrix` };
  }
  const gates = g === 1 ? undefined : k.gates ?? ((keras ? KERAS_GATES : TORCH_GATES)[g] as readonly string[]);
  return { ok: true, role: k.role, layout: k.layout, matrix: keras ? transpose(m) : m, ...(gates ? { gates } : {}) };
}

/** What a 2-D tensor is: a square recurrent matrix, a gate stack, or neither (with why). */
function decide(t: RawTensor, forced: Layout | undefined): Decision {
  const [r, c] = t.shape as [number, number];
  const m: Matrix = { rows: r, cols: c, data: t.data };
  if (t.known) return decideKnown(m, t.known);
  const keras = forced === 'keras' || (forced === undefined && isKerasRecurrent(t.name));
  if (r === 0 || c === 0) return { ok: false, reason: 'empty' };
  if (r === c) {
    const role: Role = isTorchRecurrent(t.name) || isKerasRecurrent(t.name) ? 'rnn' : 'matrix';
    return { ok: true, role, layout: keras ? 'keras' : 'pytorch', matrix: keras ? transpose(m) : m };
  }
  const g = keras ? c / r : r / c;
  const stackShape = keras ? 'H x 4H or H x 3H' : '4H x H or 3H x H';
  if (g !== 4 && g !== 3) {
    return { ok: false, reason: `neither square nor a gate stack (${stackShape})` };
  }
  if (!mayBeRecurrent(t.name)) {
    return { ok: false, reason: NOT_RECURRENT_STACK };
  }
  const role = STACK_ROLE[g] as Role;
  const hint = nameHint(t.name);
  if (hint !== undefined && hint !== role) {
    return { ok: false, reason: `an ${role.toUpperCase()} stack by shape but named as ${hint.toUpperCase()}` };
  }
  return keras
    ? { ok: true, role, layout: 'keras', matrix: transpose(m), gates: KERAS_GATES[g] as readonly string[] }
    : { ok: true, role, layout: 'pytorch', matrix: m, gates: TORCH_GATES[g] as readonly string[] };
}

/** Biases stored beside a recurrent weight, when their length fits the stack (gH). */
function findBiases(name: string, rows: number, byName: ReadonlyMap<string, RawTensor>): { biasHH?: Float64Array; biasIH?: Float64Array; used: string[] } {
  const names = biasNames(name);
  const out: { biasHH?: Float64Array; biasIH?: Float64Array; used: string[] } = { used: [] };
  const vector = (n: string | undefined): Float64Array | undefined => {
    const t = n === undefined ? undefined : byName.get(n);
    return t && t.shape.length === 1 && t.shape[0] === rows ? t.data : undefined;
  };
  const hh = vector(names.hh);
  const ih = vector(names.ih);
  if (hh) {
    out.biasHH = hh;
    out.used.push(names.hh as string);
  }
  if (ih) {
    out.biasIH = ih;
    out.used.push(names.ih as string);
  }
  const k = names.keras === undefined ? undefined : byName.get(names.keras);
  if (k && k.shape.length === 1 && k.shape[0] === rows) {
    out.biasIH = k.data;
    out.used.push(k.name);
  }
  // Keras GRU with reset_after keeps [input bias; recurrent bias] as a 2 x 3H array.
  if (k && k.shape.length === 2 && k.shape[0] === 2 && k.shape[1] === rows) {
    out.biasIH = k.data.slice(0, rows);
    out.biasHH = k.data.slice(rows);
    out.used.push(k.name);
  }
  return out;
}

/** A sparse tensor: a square matrix analysed as sparse, or why not (stacks are not read sparse). */
function sparseCandidate(t: RawTensor): NamedMatrix | string {
  const a = t.sparse;
  const [r, c] = t.shape as [number, number];
  if (!a || r === 0 || c === 0) return `${shapeText(t.shape)}, empty`;
  if (r !== c) return `${shapeText(t.shape)}, a sparse matrix that is not square`;
  const role: Role = isTorchRecurrent(t.name) || isKerasRecurrent(t.name) ? 'rnn' : 'matrix';
  return {
    name: t.name,
    shape: [r, c],
    matrix: { rows: r, cols: c, data: t.data },
    sparse: a,
    role,
    layout: 'pytorch',
    dtype: t.dtype,
    score: nameScore(t.name),
    ...(t.span ? { span: t.span } : {}),
    ...(t.keySpan ? { keySpan: t.keySpan } : {}),
  };
}

export interface ClassifyContext {
  readonly format: Format;
  readonly options: ReadOptions;
  /** Where a tensor is, for the refusal of a file with nothing to analyse. */
  readonly placeOf: (span: TextSpan | undefined) => ErrorPlace;
  /** The file has something else to analyse (modern recurrences): no matrices is then no refusal. */
  readonly allowEmpty?: boolean;
}

/** Sorts a file's tensors into analysable matrices (best first) and everything else. */
export function classify(raw: RawFile, ctx: ClassifyContext): WeightFile {
  const byName = new Map(raw.tensors.map((t) => [t.name, t]));
  const found: { m: NamedMatrix; order: number }[] = [];
  const others: OtherTensor[] = [];
  const attached = new Map<string, string>();
  const refusals = raw.skipped.flatMap((s) => (s.error ? [s.error] : []));

  const rejected = new Map<RawTensor, string>();
  raw.tensors.forEach((t, order) => {
    if (t.shape.length !== 2) return;
    if (t.sparse) {
      const m = sparseCandidate(t);
      return typeof m === 'string' ? rejected.set(t, m) : found.push({ m, order });
    }
    const d = decide(t, ctx.options.layout);
    if (!d.ok) return rejected.set(t, `${shapeText(t.shape)}, ${d.reason}`);
    const bad = firstNonFinite(t.data);
    if (bad >= 0) {
      const cols = t.shape[1] as number;
      const row = Math.floor(bad / cols) + 1;
      const col = (bad % cols) + 1;
      const reason = `entry is ${String(t.data[bad])}; the analysis needs finite entries`;
      refusals.push(new WeightFileError(t.name === '' ? reason : `${t.name}: ${reason}`, { kind: 'cell', row, col }));
      return rejected.set(t, `row ${row}, col ${col}: ${reason}`);
    }
    const k = t.known;
    const biases =
      k && (k.biasHH || k.biasIH)
        ? { ...(k.biasHH ? { biasHH: k.biasHH } : {}), ...(k.biasIH ? { biasIH: k.biasIH } : {}), used: [] }
        : findBiases(t.name, d.matrix.rows, byName);
    for (const b of biases.used) attached.set(b, t.name);
    const m: NamedMatrix = {
      name: t.name,
      shape: [t.shape[0] as number, t.shape[1] as number],
      matrix: d.matrix,
      role: d.role,
      layout: d.layout,
      dtype: t.dtype,
      score: nameScore(t.name),
      ...(d.gates ? { gates: d.gates } : {}),
      ...(biases.biasHH ? { biasHH: biases.biasHH } : {}),
      ...(biases.biasIH ? { biasIH: biases.biasIH } : {}),
      ...(t.span ? { span: t.span } : {}),
      ...(t.keySpan ? { keySpan: t.keySpan } : {}),
    };
    found.push({ m, order });
  });

  // Everything not analysed, in file order.
  for (const t of raw.tensors) {
    const owner = attached.get(t.name);
    const reason =
      (owner !== undefined ? `bias, read with ${owner}` : undefined) ??
      rejected.get(t) ??
      (t.shape.length === 2 ? undefined : t.shape.length === 1 ? `a 1-D vector of ${t.shape[0]} values` : `a ${t.shape.length}-D array (${shapeText(t.shape)})`);
    if (reason !== undefined) others.push({ name: t.name, shape: t.shape, reason });
  }
  for (const s of raw.skipped) others.push({ name: s.name, shape: s.shape, reason: s.reason });

  if (found.length === 0 && !ctx.allowEmpty) throw nothingToAnalyse(raw, others, refusals, ctx);
  found.sort((a, b) => b.m.score - a.m.score || a.order - b.order);
  const meta = checkpointMeta(raw);
  return {
    format: ctx.format,
    matrices: found.map((f) => f.m),
    others,
    ...(meta ? { meta } : {}),
    ...(raw.notes && raw.notes.length > 0 ? { notes: raw.notes } : {}),
  };
}

function nothingToAnalyse(raw: RawFile, others: readonly OtherTensor[], refusals: readonly WeightFileError[], ctx: ClassifyContext): WeightFileError {
  const first = refusals[0];
  if (first) return first;
  const only = raw.tensors.length === 1 && raw.skipped.length === 0 ? raw.tensors[0] : undefined;
  if (only && only.shape.length === 2) {
    const why = decide(only, ctx.options.layout);
    const what = only.name === '' ? `the ${shapeText(only.shape)} array` : `${only.name} (${shapeText(only.shape)})`;
    const reason = why.ok ? 'not analysable' : why.reason;
    return new WeightFileError(`${what} is ${reason}, so there is no recurrent matrix to analyse`, ctx.placeOf(only.span));
  }
  if (only) {
    return new WeightFileError(`${label(only.name)} is ${others[0]?.reason ?? shapeText(only.shape)}; a recurrent matrix must be 2-D`, ctx.placeOf(only.span));
  }
  const item = (o: OtherTensor): string =>
    o.name !== '' ? `${o.name} (${shapeText(o.shape)})` : o.shape.length === 0 ? 'a single number' : `a ${shapeText(o.shape)} array`;
  const listed = others.slice(0, 4).map(item).join(', ');
  const more = others.length > 4 ? ` and ${others.length - 4} more` : '';
  const what = others.length === 0 ? 'no numeric arrays' : `${listed}${more}`;
  const firstSpan = raw.tensors[0]?.span ?? raw.skipped[0]?.span;
  return new WeightFileError(`no square matrix or gate stack to analyse; found ${what}`, ctx.placeOf(firstSpan));
}
