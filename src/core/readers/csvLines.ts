/** One non-blank, non-comment line of a delimited text file. */
export interface TextLine {
  readonly text: string;
  /** UTF-16 offset of the line's first character in the decoded text. */
  readonly offset: number;
}

export type Delimiter = ',' | ';' | '\t' | 'space';

/** Lines that hold content: blank lines and `#` comments are skipped; CR, LF and CRLF all end a line. */
export function contentLines(text: string): TextLine[] {
  const out: TextLine[] = [];
  // indexOf is native and fast; a file that ends its lines with a lone CR (old Mac) has no LF at all.
  const eol = text.includes('\n') ? '\n' : '\r';
  const n = text.length;
  let start = 0;
  while (start < n) {
    let end = text.indexOf(eol, start);
    if (end < 0) end = n;
    const stop = eol === '\n' && end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const line = text.slice(start, stop);
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) out.push({ text: line, offset: start });
    start = end + 1;
  }
  return out;
}

/** The delimiter found on every one of the first lines (tab, then `;`, then `,`), else whitespace. */
export function detectDelimiter(lines: readonly TextLine[]): Delimiter {
  const sample = lines.slice(0, 5).map((l) => l.text);
  for (const d of ['\t', ';', ','] as const) {
    if (sample.length > 0 && sample.every((s) => s.includes(d))) return d;
  }
  return 'space';
}

const unquote = (cell: string): string =>
  cell.length >= 2 && cell.startsWith('"') && cell.endsWith('"') ? cell.slice(1, -1) : cell;

/** The cells of a line, trimmed and unquoted; a trailing empty cell (a trailing delimiter) is dropped. */
export function splitCells(line: string, delimiter: Delimiter): string[] {
  const trimmed = line.trim();
  const cells = delimiter === 'space' ? trimmed.split(/[ \t]+/) : trimmed.split(delimiter);
  if (delimiter !== 'space') {
    for (let i = 0; i < cells.length; i++) cells[i] = unquote((cells[i] as string).trim());
    if (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
  }
  return cells;
}

/** The first cell of a line, as splitCells would give it, without splitting the whole line. */
export function firstCell(line: string, delimiter: Delimiter): string {
  const t = line.trimStart();
  const end = delimiter === 'space' ? t.search(/[ \t]/) : t.indexOf(delimiter);
  const cell = end < 0 ? t : t.slice(0, end);
  return delimiter === 'space' ? cell : unquote(cell.trim());
}

/** UTF-16 offset (within the line) of cell `index`, for pointing at a bad cell. */
export function cellOffset(line: string, delimiter: Delimiter, index: number): { offset: number; length: number } {
  if (delimiter === 'space') {
    const re = /[^ \t]+/g;
    let m: RegExpExecArray | null;
    for (let i = 0; (m = re.exec(line)) !== null; i++) if (i === index) return { offset: m.index, length: m[0].length };
    return { offset: line.length, length: 0 };
  }
  let start = 0;
  for (let i = 0; i < index; i++) {
    const next = line.indexOf(delimiter, start);
    if (next < 0) return { offset: line.length, length: 0 };
    start = next + 1;
  }
  let end = line.indexOf(delimiter, start);
  if (end < 0) end = line.length;
  const raw = line.slice(start, end);
  return { offset: start + raw.length - raw.trimStart().length, length: raw.trim().length };
}

// Written so that no two branches can match the same digits: a million-digit cell takes linear time.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d*,\d+(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

export type CellValue = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly why: string };

/**
 * Parses one cell strictly (no hex, no empty-as-zero). With `;` as delimiter a decimal comma is
 * accepted, as European spreadsheets write it.
 */
export function parseCell(cell: string, delimiter: Delimiter): CellValue {
  if (NUMBER.test(cell)) {
    const value = Number(cell);
    return Number.isFinite(value) ? { ok: true, value } : { ok: false, why: `${cell} is beyond the float64 range; the analysis needs finite entries` };
  }
  if (delimiter === ';' && DECIMAL_COMMA.test(cell)) return { ok: true, value: Number(cell.replace(',', '.')) };
  if (NON_FINITE.test(cell)) return { ok: false, why: `entry is ${cell}; the analysis needs finite entries` };
  if (cell === '') return { ok: false, why: 'the cell is empty' };
  return { ok: false, why: 'not a number' };
}

export function isNumberCell(cell: string, delimiter: Delimiter): boolean {
  return NUMBER.test(cell) || NON_FINITE.test(cell) || (delimiter === ';' && DECIMAL_COMMA.test(cell));
}
