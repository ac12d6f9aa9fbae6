import type { JArr, JLit, JNode, JObj } from './jsonTree';
import { MAX_JSON_DEPTH } from './jsonTree';

/**
 * The fast path for strict JSON: the engine's native JSON.parse gives the values, and a scan that
 * jumps from bracket to bracket (a regex skips the numbers natively) gives the offsets of every
 * array, object and key. The result is the same JNode tree the jsonc-parser path builds. Anything
 * unusual (comments, NaN, duplicate keys, non-finite numbers, deep nesting) returns undefined, and
 * the caller takes the jsonc-parser path, which also locates every error.
 */

interface Scan {
  readonly start: number;
  end: number;
  readonly kids: Scan[];
  readonly keys: { readonly key: string; readonly start: number; readonly end: number }[];
}

const STRUCTURE = /[[\]{}"]/g;
const LITERAL = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|"(?:[^"\\]|\\.)*"/y;
const SPACE = /[ \t\n\r]*/y;

/** Offset just past the closing quote of the string that opens at `at` (the text is valid JSON). */
function stringEnd(text: string, at: number): number {
  let j = at + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

const skipSpace = (text: string, at: number): number => {
  SPACE.lastIndex = at;
  SPACE.test(text);
  return SPACE.lastIndex;
};

function scan(text: string): Scan | undefined {
  const stack: Scan[] = [];
  let root: Scan | undefined;
  STRUCTURE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = STRUCTURE.exec(text)) !== null) {
    const at = m.index;
    const c = m[0];
    if (c === '[' || c === '{') {
      const node: Scan = { start: at, end: at, kids: [], keys: [] };
      const top = stack[stack.length - 1];
      if (top) top.kids.push(node);
      else root = node;
      stack.push(node);
      if (stack.length > MAX_JSON_DEPTH) return undefined;
    } else if (c === ']' || c === '}') {
      const node = stack.pop();
      if (node) node.end = at + 1;
    } else {
      const end = stringEnd(text, at);
      const top = stack[stack.length - 1];
      if (top && text.charCodeAt(skipSpace(text, end)) === 58) {
        top.keys.push({ key: JSON.parse(text.slice(at, end)) as string, start: at, end });
      }
      STRUCTURE.lastIndex = end;
    }
  }
  return root;
}

const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null;

/** Raised (and caught in fastJsonTree) when the fast path should give way to the careful one. */
class Bail extends Error {}

function literal(text: string, at: number, value: unknown): JLit {
  const start = skipSpace(text, at);
  LITERAL.lastIndex = start;
  if (!LITERAL.test(text)) throw new Bail();
  const v = typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? value : null;
  return { kind: 'lit', start, end: LITERAL.lastIndex, value: v };
}

function build(value: unknown, s: Scan, text: string): JNode {
  let k = 0;
  const next = (): Scan => {
    const kid = s.kids[k++];
    if (!kid) throw new Bail();
    return kid;
  };
  let node: JArr | JObj;
  if (Array.isArray(value)) {
    const arr: JArr = { kind: 'arr', start: s.start, end: s.end, count: value.length, nums: [], kids: [] };
    // A row of finite numbers (the bulk of any weights file) is kept as parsed, without a copy.
    if (value.every((v) => typeof v === 'number' && Number.isFinite(v))) return { ...arr, nums: value as number[] };
    value.forEach((v, index) => {
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) throw new Bail();
        arr.nums.push(v);
      } else if (isContainer(v)) arr.kids.push(build(v, next(), text));
      else if (!arr.other) arr.other = { index, offset: s.start, length: 0 };
    });
    node = arr;
  } else {
    const obj: JObj = { kind: 'obj', start: s.start, end: s.end, entries: [] };
    const record = value as Record<string, unknown>;
    if (new Set(s.keys.map((e) => e.key)).size !== s.keys.length || Object.keys(record).length !== s.keys.length) throw new Bail();
    for (const key of s.keys) {
      const v = record[key.key];
      const child = isContainer(v) ? build(v, next(), text) : literal(text, skipSpace(text, key.end) + 1, v);
      obj.entries.push({ key: key.key, keyStart: key.start, keyEnd: key.end, value: child });
    }
    node = obj;
  }
  if (k !== s.kids.length) throw new Bail();
  return node;
}

/** The JNode tree of strict JSON, or undefined when the jsonc-parser path must decide. */
export function fastJsonTree(text: string): JNode | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  try {
    if (!isContainer(value)) return literal(text, 0, value);
    const s = scan(text);
    return s ? build(value, s, text) : undefined;
  } catch (e) {
    if (e instanceof Bail) return undefined;
    throw e;
  }
}
