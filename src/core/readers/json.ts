import { WeightFileError } from '../errors';
import type { TextSpan } from '../weightFile';
import { fastJsonTree } from './jsonFast';
import { parseJsonTree, type JArr, type JNode, type JObj } from './jsonTree';
import type { RawFile, RawTensor, SkippedTensor } from './tensor';
import { elementCount, shapeText } from './tensor';
import { LineIndex, decodeText, quote } from './text';

interface Sink {
  readonly tensors: RawTensor[];
  readonly skipped: SkippedTensor[];
  readonly lines: LineIndex;
}

const join = (prefix: string, key: string): string => (prefix === '' ? key : `${prefix}.${key}`);

/** Shape of a nested array, read from its first items (flatten checks the rest). */
function nestedShape(arr: JArr): number[] {
  const shape: number[] = [];
  let node: JNode | undefined = arr;
  while (node?.kind === 'arr') {
    shape.push(node.count);
    node = node.kids[0];
  }
  return shape;
}

/**
 * Copies a rectangular nested array into `out` (row-major), refusing ragged rows or stray items.
 * Without `out` it only checks.
 */
function flatten(arr: JArr, shape: readonly number[], out: Float64Array | undefined, lines: LineIndex): void {
  // Explicit stack: depth is bounded, but a million rows should not mean a million frames either.
  const todo: { node: JArr; depth: number; base: number; row: number }[] = [{ node: arr, depth: 0, base: 0, row: 1 }];
  while (todo.length > 0) {
    const { node, depth, base, row } = todo.pop() as { node: JArr; depth: number; base: number; row: number };
    const want = shape[depth] as number;
    const leaf = depth === shape.length - 1;
    if (node.count !== want) {
      const what = leaf ? 'values' : 'rows';
      throw lines.textError(`row ${row} has ${node.count} ${what}, expected ${want} (as in row 1)`, node.start, node.end - node.start);
    }
    if (node.other) {
      const o = node.other;
      const where = leaf ? { row, col: o.index + 1 } : { row: o.index + 1, col: 1 };
      throw new WeightFileError(`entry ${quote(lines.slice(o.offset, o.length))} is not a number`, lines.cellPlace(where.row, where.col, o.offset, o.length));
    }
    if (leaf) {
      if (node.kids.length > 0) {
        const kid = node.kids[0] as JNode;
        throw lines.textError(`row ${row} holds a nested value where a number was expected`, kid.start, kid.end - kid.start);
      }
      out?.set(node.nums, base);
      continue;
    }
    if (node.nums.length > 0) throw lines.textError(`row ${row}: expected nested arrays, found a number`, node.start, 1);
    const stride = elementCount(shape.slice(depth + 1));
    for (let i = node.kids.length - 1; i >= 0; i--) {
      const kid = node.kids[i] as JNode;
      if (kid.kind !== 'arr') throw lines.textError(`row ${i + 1} is not an array`, kid.start, kid.end - kid.start);
      todo.push({ node: kid, depth: depth + 1, base: base + i * stride, row: depth === 0 ? i + 1 : row });
    }
  }
}

function span(start: number, end: number): TextSpan {
  return { start, end };
}

/**
 * The values of a nested array as a Float64Array. The shape comes from the first items only, so
 * before allocating it, check that the text could hold that many numbers (each takes at least
 * two characters); if not, some row is short, and the check finds and reports it.
 */
function toFloats(arr: JArr, shape: readonly number[], lines: LineIndex): Float64Array {
  const count = elementCount(shape);
  if (count > (arr.end - arr.start) / 2 + 1) {
    flatten(arr, shape, undefined, lines);
    throw lines.textError('the array is not rectangular', arr.start, arr.end - arr.start);
  }
  const data = new Float64Array(count);
  flatten(arr, shape, data, lines);
  return data;
}

function addArray(arr: JArr, name: string, keySpan: TextSpan | undefined, sink: Sink): void {
  if (arr.count > 0 && arr.nums.length === 0 && arr.kids.every((k) => k.kind === 'obj')) {
    arr.kids.forEach((k, i) => walk(k, join(name, String(i)), undefined, sink));
    return;
  }
  if (arr.count > 0 && arr.nums.length === 0 && arr.kids.length === 0) {
    sink.skipped.push({ name, shape: [arr.count], reason: 'a list without numbers', span: span(arr.start, arr.end) });
    return;
  }
  const shape = nestedShape(arr);
  try {
    const data = toFloats(arr, shape, sink.lines);
    sink.tensors.push({ name, shape, data, dtype: 'text', span: span(arr.start, arr.end), ...(keySpan ? { keySpan } : {}) });
  } catch (e) {
    if (!(e instanceof WeightFileError)) throw e;
    sink.skipped.push({ name, shape, reason: e.message, span: span(arr.start, arr.end), error: e });
  }
}

/** `{ "shape": [r, c], "data": [...] }` (data flat or nested), as numpy-minded exporters write it. */
function addShaped(obj: JObj, shapeNode: JArr, dataNode: JArr, name: string, keySpan: TextSpan | undefined, sink: Sink): void {
  const shape = shapeNode.nums;
  const lines = sink.lines;
  try {
    if (shapeNode.count !== shape.length || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
      throw lines.textError('"shape" must be a list of non-negative integers', shapeNode.start, shapeNode.end - shapeNode.start);
    }
    const n = elementCount(shape);
    const inner = nestedShape(dataNode);
    const have = elementCount(inner);
    if (have !== n) {
      throw lines.textError(`"data" has ${have} values but "shape" ${shapeText(shape)} needs ${n}`, dataNode.start, dataNode.end - dataNode.start);
    }
    const data = toFloats(dataNode, inner, lines);
    sink.tensors.push({ name, shape, data, dtype: 'text', span: span(obj.start, obj.end), ...(keySpan ? { keySpan } : {}) });
  } catch (e) {
    if (!(e instanceof WeightFileError)) throw e;
    sink.skipped.push({ name, shape, reason: e.message, span: span(obj.start, obj.end), error: e });
  }
}

function walk(node: JNode, name: string, keySpan: TextSpan | undefined, sink: Sink): void {
  if (node.kind === 'arr') return addArray(node, name, keySpan, sink);
  if (node.kind === 'lit') {
    if (typeof node.value === 'number') sink.skipped.push({ name, shape: [], reason: 'a single number', span: span(node.start, node.end), value: node.value });
    return;
  }
  const shapeNode = node.entries.find((e) => e.key === 'shape')?.value;
  const dataNode = node.entries.find((e) => e.key === 'data')?.value;
  if (shapeNode?.kind === 'arr' && dataNode?.kind === 'arr') return addShaped(node, shapeNode, dataNode, name, keySpan, sink);
  for (const e of node.entries) walk(e.value, join(name, e.key), span(e.keyStart, e.keyEnd), sink);
}

/**
 * Reads every numeric array in a JSON (or JSONC) document, with the spans of its value and key.
 * Strict JSON takes the native fast path; anything it declines, and any file with a broken tensor
 * (whose error needs an exact place), is read by jsonc-parser. `fast: false` forces the latter.
 */
export function readJson(bytes: Uint8Array, options: { readonly fast?: boolean } = {}): RawFile & { readonly lines: LineIndex } {
  const text = decodeText(bytes);
  const lines = new LineIndex(text);
  if (text.trim() === '') throw lines.textError('the file is empty', 0, 0);
  const fast = options.fast === false ? undefined : fastJsonTree(text);
  if (fast) {
    const sink: Sink = { tensors: [], skipped: [], lines };
    walk(fast, '', undefined, sink);
    if (!sink.skipped.some((s) => s.error !== undefined)) return { tensors: sink.tensors, skipped: sink.skipped, lines };
  }
  const root = parseJsonTree(text, lines);
  const sink: Sink = { tensors: [], skipped: [], lines };
  walk(root, '', undefined, sink);
  return { tensors: sink.tensors, skipped: sink.skipped, lines };
}
