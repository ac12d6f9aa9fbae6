import { WeightFileError } from '../errors';

/** The header dict of a .npy file: `{'descr': '<f8', 'fortran_order': False, 'shape': (5, 5), }`. */
export interface NpyHeader {
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: number[];
}

type PyValue = string | boolean | number[];

/**
 * Parses the Python literal numpy writes, by hand (strings, True/False, tuples of integers):
 * nothing is evaluated. `base` is the byte offset of the text, for error places.
 */
export function parseNpyHeader(text: string, base: number): NpyHeader {
  let i = 0;
  const fail = (what: string): never => {
    throw new WeightFileError(`invalid .npy header: ${what}`, { kind: 'byte', offset: base + Math.min(i, text.length) });
  };
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  const expect = (ch: string): void => {
    ws();
    if (text[i] !== ch) fail(`expected '${ch}'`);
    i++;
  };
  const str = (): string => {
    ws();
    const q = text[i];
    if (q !== "'" && q !== '"') return fail('expected a quoted string');
    const end = text.indexOf(q, i + 1);
    if (end < 0) return fail('a string is not closed');
    const s = text.slice(i + 1, end);
    i = end + 1;
    return s;
  };
  const value = (): PyValue => {
    ws();
    const c = text[i];
    if (c === "'" || c === '"') return str();
    for (const [word, v] of [['True', true], ['False', false]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    if (c === '[') return fail('structured dtypes (a list of fields) are not supported');
    if (c !== '(') return fail('expected a string, True, False or a tuple');
    i++;
    const dims: number[] = [];
    for (;;) {
      ws();
      if (text[i] === ')') break;
      const m = /^\d+L?/.exec(text.slice(i, i + 24));
      if (!m) return fail('a shape must hold non-negative integers');
      const d = Number(m[0].replace('L', ''));
      if (!Number.isSafeInteger(d)) return fail(`dimension ${m[0]} is too large`);
      dims.push(d);
      i += m[0].length;
      ws();
      if (text[i] === ',') i++;
      else if (text[i] !== ')') return fail("expected ',' or ')' in the shape");
    }
    i++;
    return dims;
  };

  const dict = new Map<string, PyValue>();
  expect('{');
  for (;;) {
    ws();
    if (text[i] === '}') break;
    const key = str();
    expect(':');
    dict.set(key, value());
    ws();
    if (text[i] === ',') i++;
    else if (text[i] !== '}') fail("expected ',' or '}'");
  }
  const descr = dict.get('descr');
  const fortran = dict.get('fortran_order');
  const shape = dict.get('shape');
  i = 0;
  if (typeof descr !== 'string') return fail("'descr' (the dtype) is missing");
  if (typeof fortran !== 'boolean') return fail("'fortran_order' is missing");
  if (!Array.isArray(shape)) return fail("'shape' is missing");
  return { descr, fortranOrder: fortran, shape };
}
