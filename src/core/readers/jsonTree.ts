import { visit, type ParseErrorCode } from 'jsonc-parser';
import { WeightFileError } from '../errors';
import { LineIndex, quote } from './text';

/**
 * A compact JSON tree with offsets. Arrays keep their numbers in a plain `number[]` (a 1024x1024
 * matrix would otherwise cost a million node objects); nested values go to `kids`.
 */
export interface JArr {
  readonly kind: 'arr';
  readonly start: number;
  end: number;
  /** Items seen so far (numbers, nested values and anything else). */
  count: number;
  readonly nums: number[];
  readonly kids: JNode[];
  /** The first item that is neither a number nor an array/object (a string, true, null). */
  other?: { readonly index: number; readonly offset: number; readonly length: number };
}
export interface JObj {
  readonly kind: 'obj';
  readonly start: number;
  end: number;
  readonly entries: JEntry[];
  pendingKey?: { readonly key: string; readonly start: number; readonly end: number };
}
export interface JEntry {
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly value: JNode;
}
export interface JLit {
  readonly kind: 'lit';
  readonly start: number;
  readonly end: number;
  readonly value: number | string | boolean | null;
}
export type JNode = JArr | JObj | JLit;

/**
 * Deeper than this is no weights file. jsonc-parser recurses once per level and calls onArrayBegin /
 * onObjectBegin before it descends, so refusing there keeps it far from the stack limit.
 */
export const MAX_JSON_DEPTH = 100;

const PYTHON_NON_FINITE = /^-?(NaN|Infinity)/;

const MESSAGES: Record<number, string> = {
  1: 'unexpected character',
  2: 'this is not a valid number',
  3: 'expected a property name in double quotes',
  4: 'expected a value',
  5: "expected ':' after the property name",
  6: "expected ',' between values",
  7: "expected '}' to close the object",
  8: "expected ']' to close the array",
  9: 'unexpected text after the end of the JSON value',
  11: 'a /* comment is not closed',
  12: 'a string is not closed',
  13: 'a number ends early',
  14: 'invalid \\u escape in a string',
  15: 'invalid escape character in a string',
  16: 'control character in a string',
};

/** Row and column (1-based) of item `index` of the innermost open array, as a user would count them. */
function cellOf(stack: readonly (JArr | JObj)[], index: number): { row: number; col: number } {
  const parent = stack[stack.length - 2];
  if (parent?.kind === 'arr') return { row: parent.count, col: index + 1 };
  if (parent?.kind === 'obj' && parent.pendingKey?.key === 'data') {
    const shape = parent.entries.find((e) => e.key === 'shape')?.value;
    const cols = shape?.kind === 'arr' ? shape.nums[shape.nums.length - 1] : undefined;
    if (cols !== undefined && Number.isSafeInteger(cols) && cols > 0) {
      return { row: Math.floor(index / cols) + 1, col: (index % cols) + 1 };
    }
  }
  return { row: 1, col: index + 1 };
}

/**
 * Parses JSON (comments and trailing commas allowed) into a JNode tree. Throws WeightFileError at
 * the first problem: a syntax error with its line:col, a non-finite entry with its row and col.
 */
export function parseJsonTree(text: string, lines: LineIndex): JNode {
  const stack: (JArr | JObj)[] = [];
  let root: JNode | undefined;

  const attach = (node: JNode): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) root = node;
    else if (top.kind === 'arr') top.kids.push(node);
    else if (top.pendingKey) {
      const k = top.pendingKey;
      top.entries.push({ key: k.key, keyStart: k.start, keyEnd: k.end, value: node });
      top.pendingKey = undefined;
    }
  };
  const nonFinite = (token: string, python: boolean, offset: number, length: number): WeightFileError => {
    const top = stack[stack.length - 1];
    const message = python
      ? `${token} is not valid JSON (Python's json.dump writes it for a non-finite value); the analysis needs finite entries`
      : `${quote(token)} is beyond the float64 range; the analysis needs finite entries`;
    if (top?.kind !== 'arr') return lines.textError(message, offset, length);
    const { row, col } = cellOf(stack, top.count);
    return new WeightFileError(message, lines.cellPlace(row, col, offset, length));
  };

  const begin = (node: JArr | JObj): void => {
    if (stack.length >= MAX_JSON_DEPTH) {
      throw lines.textError(`the JSON is nested more than ${MAX_JSON_DEPTH} levels deep; a weights file never is`, node.start, 1);
    }
    const top = stack[stack.length - 1];
    if (top?.kind === 'arr') top.count++;
    stack.push(node);
  };
  const end = (offset: number, length: number): void => {
    const node = stack.pop();
    if (!node) return;
    node.end = offset + length;
    attach(node);
  };

  try {
    visit(
      text,
      {
        onObjectBegin: (offset) => begin({ kind: 'obj', start: offset, end: offset, entries: [] }),
        onObjectEnd: end,
        onArrayBegin: (offset) => begin({ kind: 'arr', start: offset, end: offset, count: 0, nums: [], kids: [] }),
        onArrayEnd: end,
        onObjectProperty: (key, offset, length) => {
          const top = stack[stack.length - 1];
          if (top?.kind === 'obj') top.pendingKey = { key, start: offset, end: offset + length };
        },
        onLiteralValue: (value: unknown, offset, length) => {
          const top = stack[stack.length - 1];
          if (typeof value === 'number' && !Number.isFinite(value)) {
            throw nonFinite(text.slice(offset, offset + length), false, offset, length);
          }
          if (top?.kind === 'arr') {
            if (typeof value === 'number') top.nums.push(value);
            else if (!top.other) top.other = { index: top.count, offset, length };
            top.count++;
            return;
          }
          const v = typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? value : null;
          attach({ kind: 'lit', start: offset, end: offset + length, value: v });
        },
        onError: (code: ParseErrorCode, offset, length) => {
          const token = text.slice(offset, offset + Math.max(length, 9));
          const py = PYTHON_NON_FINITE.exec(token);
          if (py) throw nonFinite(py[0], true, offset, py[0].length);
          if (offset >= text.length) {
            throw lines.textError(`the JSON ends early (a truncated file?): ${MESSAGES[code] ?? 'unexpected end'}`, offset, 0);
          }
          const what = MESSAGES[code] ?? 'syntax error';
          const shown = length > 0 ? ` ${quote(text.slice(offset, offset + length))}` : '';
          throw lines.textError(`invalid JSON: ${what}${code === 1 || code === 9 ? shown : ''}`, offset, length);
        },
      },
      { allowTrailingComma: true, disallowComments: false },
    );
  } catch (e) {
    if (e instanceof RangeError) throw lines.textError('the JSON is nested too deeply to read', 0, 0);
    throw e;
  }
  if (root === undefined) throw lines.textError('the file holds no JSON value', 0, 0);
  return root;
}
