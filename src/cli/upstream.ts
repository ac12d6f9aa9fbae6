/**
 * `--upstream FILE`: the upstream gradients dL/do_1..dL/do_T as JSON `{"dLdo": [[...], ...]}`.
 * Parsed with jsonc-parser so every refusal says where (line:col, or row and col of an entry).
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { WeightFileError, type ErrorPlace } from '../core/errors';

export interface Upstream {
  /** T rows, each of the same length. */
  readonly rows: readonly (readonly number[])[];
  /** Where each row starts in the text, for errors found once the matrix size is known. */
  readonly rowPlaces: readonly ErrorPlace[];
}

/** 1-based line and column of a UTF-16 offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function textPlace(text: string, offset: number, length?: number): ErrorPlace {
  return { kind: 'text', ...lineColumn(text, offset), offset, length };
}

function cellPlace(text: string, row: number, col: number, node: Node): ErrorPlace {
  return { kind: 'cell', row, col, ...lineColumn(text, node.offset), offset: node.offset, length: node.length };
}

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'unexpected symbol',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'property name expected',
  ValueExpected: 'value expected',
  ColonExpected: "':' expected",
  CommaExpected: "',' expected",
  CloseBraceExpected: "'}' expected",
  CloseBracketExpected: "']' expected",
  EndOfFileExpected: 'end of file expected',
  InvalidCommentToken: 'comments are not JSON',
  UnexpectedEndOfComment: 'unexpected end of comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unexpected end of number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character',
};

function syntaxError(text: string, e: ParseError): WeightFileError {
  const token = text.slice(e.offset, e.offset + e.length);
  const place = textPlace(text, e.offset, e.length);
  if (/^-?(NaN|Infinity)$/.test(token)) {
    return new WeightFileError(`${token} is not valid JSON: every entry of dLdo must be a finite number`, place);
  }
  if (e.offset >= text.length) return new WeightFileError('unexpected end of file: the JSON is truncated', place);
  const what = SYNTAX_MESSAGES[printParseErrorCode(e.error)] ?? 'invalid JSON';
  return new WeightFileError(`JSON syntax error: ${what}`, place);
}

/** Parses and validates the upstream file's text: T ≥ 1 rows of equal length, all finite. */
export function parseUpstream(text: string): Upstream {
  if (text.trim() === '') throw new WeightFileError('empty file: expected {"dLdo": [[...], ...]}', { kind: 'file' });
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) throw syntaxError(text, first);
  if (!root) throw new WeightFileError('no JSON value found', { kind: 'file' });
  if (root.type !== 'object') {
    throw new WeightFileError('expected an object {"dLdo": [[...], ...]}', textPlace(text, root.offset, root.length));
  }
  const prop = root.children?.find((p) => p.children?.[0]?.value === 'dLdo');
  const value = prop?.children?.[1];
  if (!value) throw new WeightFileError('no "dLdo" key: expected {"dLdo": [[...], ...]}', textPlace(text, root.offset, 1));
  if (value.type !== 'array' || !value.children || value.children.length === 0) {
    throw new WeightFileError('"dLdo" must be a non-empty array of rows (one per time step)', textPlace(text, value.offset, value.length));
  }
  const rows: number[][] = [];
  const rowPlaces: ErrorPlace[] = [];
  let width = -1;
  value.children.forEach((rowNode, r) => {
    const row = r + 1;
    if (rowNode.type !== 'array' || !rowNode.children) {
      throw new WeightFileError(`row ${row} of "dLdo" is not an array`, cellPlace(text, row, 1, rowNode));
    }
    if (width === -1) width = rowNode.children.length;
    if (width === 0) throw new WeightFileError(`row ${row} of "dLdo" is empty`, cellPlace(text, row, 1, rowNode));
    if (rowNode.children.length !== width) {
      throw new WeightFileError(`row ${row} has ${rowNode.children.length} values, expected ${width} like row 1`, cellPlace(text, row, 1, rowNode));
    }
    const values = rowNode.children.map((cell, c) => {
      if (cell.type !== 'number' || typeof cell.value !== 'number' || !Number.isFinite(cell.value)) {
        throw new WeightFileError('entry is not a finite number', cellPlace(text, row, c + 1, cell));
      }
      return cell.value;
    });
    rows.push(values);
    rowPlaces.push(cellPlace(text, row, 1, rowNode));
  });
  return { rows, rowPlaces };
}

/** Checks that the rows fit an n-unit hidden state; `what` names the matrix in the message. */
export function checkUpstreamWidth(up: Upstream, n: number, what: string): void {
  const width = up.rows[0]?.length ?? 0;
  if (width !== n) {
    const place = up.rowPlaces[0] ?? { kind: 'file' as const };
    throw new WeightFileError(`rows have ${width} values but ${what} has hidden size ${n}`, place);
  }
}
