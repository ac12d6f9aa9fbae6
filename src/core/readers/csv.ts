import { WeightFileError } from '../errors';
import { cellOffset, contentLines, detectDelimiter, firstCell, isNumberCell, parseCell, splitCells, type Delimiter, type TextLine } from './csvLines';
import type { RawFile } from './tensor';
import { LineIndex, decodeText, quote } from './text';

/**
 * Whether the first line names the columns. It does when a cell is a word (but a word only in the
 * first cell, repeated down the next line, is a row label), when its first cell is empty (pandas'
 * index corner), or when it counts 0..n-1 over a table that is then square or a gate stack
 * (pandas `to_csv(index=False)` of a DataFrame made from an array).
 */
function looksLikeHeader(cells: readonly string[], next: string | undefined, delimiter: Delimiter, lineCount: number): boolean {
  if (lineCount < 2) return false;
  const n = cells.length;
  if (n > 1 && cells[0] === '') return true;
  const words = cells.map((c) => c !== '' && !isNumberCell(c, delimiter));
  if (words.some(Boolean)) {
    const rowLabel = n > 1 && words[0] === true && !words.slice(1).some(Boolean) && next !== undefined && !isNumberCell(next, delimiter);
    return !rowLabel;
  }
  // From n = 2 on, a table whose first row counts 0..n-1 is never analysable with that row, so
  // reading the row as names cannot hide a matrix.
  const rows = lineCount - 1;
  return n >= 2 && cells.every((c, i) => c === String(i)) && (rows === n || rows === 3 * n || rows === 4 * n);
}

/**
 * True when column 0 is a row index rather than data: pandas `to_csv()` writes an empty (or
 * `index`-like) header corner, then 0..n-1 or row names down the first column.
 */
function hasIndexColumn(header: readonly string[] | undefined, first: readonly string[], width: number, delimiter: Delimiter): boolean {
  if (header && /^(|index|idx|unnamed: ?0)$/i.test(header[0] ?? '') && header.length === width) return true;
  if (first.length > 0 && first.every((c) => !isNumberCell(c, delimiter))) return true;
  // A header with one name fewer than the rows (R's write.csv style), or a headerless n x (n+1) table.
  const counting = first.every((c, i) => c === String(i));
  if (header && header.length === width - 1 && counting) return true;
  return !header && width === first.length + 1 && counting && first.length > 1;
}

/** Reads a delimited table (comma, semicolon, tab or whitespace) into one matrix named `""`. */
export function readCsv(bytes: Uint8Array): RawFile & { readonly lines: LineIndex } {
  const text = decodeText(bytes);
  const index = new LineIndex(text);
  const lines = contentLines(text);
  if (lines.length === 0) {
    throw index.textError(text.trim() === '' ? 'the file is empty' : 'the file has only comments and no rows of numbers', 0, 0);
  }
  const delimiter = detectDelimiter(lines);
  const firstCells = splitCells((lines[0] as TextLine).text, delimiter);
  const headed = looksLikeHeader(firstCells, lines[1] && firstCell(lines[1].text, delimiter), delimiter, lines.length);
  const dataLines = headed ? lines.slice(1) : lines;
  const header = headed ? firstCells : undefined;
  const fullWidth = headed && dataLines[0] ? splitCells(dataLines[0].text, delimiter).length : firstCells.length;
  const skip = hasIndexColumn(header, dataLines.map((l) => firstCell(l.text, delimiter)), fullWidth, delimiter) ? 1 : 0;
  const width = fullWidth - skip;
  const height = dataLines.length;

  const cellError = (r: number, c: number, why: string): WeightFileError => {
    const line = dataLines[r] as TextLine;
    const at = cellOffset(line.text, delimiter, c);
    const cell = line.text.slice(at.offset, at.offset + at.length);
    const message = why === 'not a number' ? `${quote(cell)} is not a number` : why;
    return new WeightFileError(message, index.cellPlace(r + 1, c + 1, line.offset + at.offset, at.length));
  };

  if (header && header.length !== fullWidth && !(skip === 1 && header.length === width)) {
    const h = lines[0] as TextLine;
    throw index.textError(`the header has ${header.length} names but row 1 has ${fullWidth} values`, h.offset, h.text.length);
  }
  const ragged = (r: number, count: number): WeightFileError => {
    const line = dataLines[r] as TextLine;
    const lead = line.text.length - line.text.trimStart().length;
    return index.textError(`row ${r + 1} has ${count - skip} values, expected ${width} (as in row 1)`, line.offset + lead, line.text.trim().length);
  };
  // Each value takes at least two characters, so a larger table must have a short row: find it
  // before allocating height x width (a 10^6-column first line over 10^6 short rows is 8 TB).
  if (height * fullWidth > text.length) {
    for (let r = 1; r < height; r++) {
      const count = splitCells((dataLines[r] as TextLine).text, delimiter).length;
      if (count !== fullWidth) throw ragged(r, count);
    }
  }
  const data = new Float64Array(height * width);
  for (let r = 0; r < height; r++) {
    // Split one row at a time: holding every cell string of a large table at once costs more in GC than parsing.
    const cells = splitCells((dataLines[r] as TextLine).text, delimiter);
    if (cells.length !== fullWidth) throw ragged(r, cells.length);
    for (let c = skip; c < cells.length; c++) {
      const v = parseCell(cells[c] as string, delimiter);
      if (!v.ok) throw cellError(r, c, v.why);
      data[r * width + (c - skip)] = v.value;
    }
  }
  const first = lines[0] as TextLine;
  const last = dataLines[dataLines.length - 1] ?? first;
  return {
    tensors: [{ name: '', shape: [height, width], data, dtype: 'text', span: { start: first.offset, end: last.offset + last.text.length } }],
    skipped: [],
    lines: index,
  };
}
