/**
 * Hostile numbers rather than hostile syntax: valid files whose values span the whole double
 * range, and text files whose number tokens are replaced by 1e±300, -0, subnormals or an
 * exponent with its sign flipped. Whatever reads is then analysed: the analysis must end within
 * its iteration caps with finite numbers, or refuse with one sentence.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { analyzeFile } from '../../src/core/analysis';
import { UsageError, WeightFileError } from '../../src/core/errors';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { readWeightFile } from '../../src/core/readers';
import { shapeArb } from './cases';
import { writeCsv, writeJson, writeNpy, writeSafetensors, type Tensor } from './writers';

/** Doubles a matrix can hold that tend to break numerical code. */
const EXTREMES = [1e300, -1e300, 1e-300, -1e-300, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -0, 0, 1e154, 1e-154];

export const hostileDouble: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 2, arbitrary: fc.constantFrom(...EXTREMES) },
  { weight: 3, arbitrary: fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.integer({ min: -320, max: 308 })).map(([m, e]) => m * 10 ** e) },
  { weight: 2, arbitrary: fc.double({ min: -2, max: 2, noNaN: true }) },
);

/** Replacements for one number token of a text file. */
const TOKENS = ['1e300', '-1e300', '1e-300', '-0', '-0.0', '5e-324', '4.9e-324', '2.2250738585072014e-308', '1e308', '1.7976931348623157e308', '1e-320'];
const NUMBER = /-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?/g;

export type NumberEdit = { readonly at: number; readonly op: 'replace'; readonly token: number } | { readonly at: number; readonly op: 'flip-exponent' };

export const numberEditArb: fc.Arbitrary<NumberEdit> = fc.oneof(
  fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), op: fc.constant('replace' as const), token: fc.nat(TOKENS.length - 1) }),
  fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), op: fc.constant('flip-exponent' as const) }),
);

/** Applies an edit to the number token at relative position `at` among the text's numbers. */
export function editNumber(text: string, e: NumberEdit): string {
  const all = [...text.matchAll(NUMBER)];
  const m = all[Math.min(all.length - 1, Math.floor(e.at * all.length))];
  if (m?.index === undefined) return text;
  let token: string;
  if (e.op === 'replace') token = TOKENS[e.token]!;
  else if (/[eE]-/.test(m[0])) token = m[0].replace(/[eE]-/, 'e+');
  else if (/[eE]\+?/.test(m[0])) token = m[0].replace(/[eE]\+?/, 'e-');
  else token = `${m[0]}e-300`;
  return text.slice(0, m.index) + token + text.slice(m.index + m[0].length);
}

export interface NumericCase {
  readonly label: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

const valuesFor = (n: number): fc.Arbitrary<number[]> => fc.array(hostileDouble, { minLength: n, maxLength: n });

/** A valid file of every format holding hostile values. */
const hostileFile: fc.Arbitrary<NumericCase> = fc.tuple(shapeArb, fc.constantFrom('json', 'csv', 'npy', 'safetensors')).chain(([s, format]) =>
  valuesFor(s.rows * s.cols).map((data): NumericCase => {
    const t: Tensor = { name: s.name === 'W_hh' ? 'rnn.weight_hh_l0' : s.name, rows: s.rows, cols: s.cols, data };
    switch (format) {
      case 'json':
        return { label: 'values/json', fileName: 'w.json', bytes: writeJson([t], 'named') };
      case 'csv':
        return { label: 'values/csv', fileName: 'w.csv', bytes: writeCsv(t, { delimiter: ',', header: false, pandasIndex: false, crlf: false, bom: false, comments: false, trailingDelimiter: false, exponent18: false }) };
      case 'npy':
        return { label: 'values/npy', fileName: 'w.npy', bytes: writeNpy(t, { version: 1, type: 'f8', bigEndian: false, fortran: false }) };
      default:
        return { label: 'values/safetensors', fileName: 'model.safetensors', bytes: writeSafetensors([t], 'F64') };
    }
  }),
);

/** A text file of ordinary values whose number tokens are then edited. */
const editedText: fc.Arbitrary<NumericCase> = fc
  .tuple(shapeArb, fc.boolean(), fc.array(numberEditArb, { minLength: 1, maxLength: 6 }))
  .chain(([s, json, edits]) =>
    fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: s.rows * s.cols, maxLength: s.rows * s.cols }).map((data): NumericCase => {
      const t: Tensor = { name: s.name, rows: s.rows, cols: s.cols, data };
      const bytes = json ? writeJson([t], 'named') : writeCsv(t, { delimiter: ',', header: false, pandasIndex: false, crlf: false, bom: false, comments: false, trailingDelimiter: false, exponent18: false });
      const text = edits.reduce(editNumber, dec.decode(bytes));
      return { label: json ? 'edited/json' : 'edited/csv', fileName: json ? 'w.json' : 'w.csv', bytes: enc.encode(text) };
    }),
  );

export const numericCase: fc.Arbitrary<NumericCase> = fc.oneof(hostileFile, editedText);

export type NumericOutcome = 'analysed' | 'refused-read' | 'refused-analysis';

/**
 * Reads and analyses one case. The contract: a located read refusal, a one-sentence analysis
 * refusal (UsageError), or a report (the core's own guard has then checked every number is
 * finite). Anything else throws an AssertionError. A short horizon keeps each case quick.
 */
export function analyseChecked(c: NumericCase, horizon = 20): NumericOutcome {
  let file;
  try {
    file = readWeightFile(c.bytes, c.fileName);
  } catch (e) {
    assert.ok(e instanceof WeightFileError, `read threw ${String(e)}`);
    return 'refused-read';
  }
  try {
    analyzeFile(file, c.fileName, { ...DEFAULT_OPTIONS, horizon });
  } catch (e) {
    assert.ok(e instanceof UsageError && !e.message.includes('\n'), `analysis threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    return 'refused-analysis';
  }
  return 'analysed';
}
