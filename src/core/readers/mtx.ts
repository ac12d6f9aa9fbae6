/**
 * Matrix Market exchange files (`.mtx`): `coordinate` (sparse: real, double, integer or pattern
 * fields; general, symmetric, skew-symmetric or hermitian-real storage) read as CSR, and `array`
 * (dense, column major) read as a dense matrix. Every refusal names its line and column.
 */
import type { Matrix } from '../matrix';
import { csrFromTriplets, type CsrMatrix } from '../sparse/csr';
import { LineIndex, decodeText, quote } from './text';

export type MtxSymmetry = 'general' | 'symmetric' | 'skew-symmetric' | 'hermitian';
export type MtxField = 'real' | 'double' | 'integer' | 'pattern';

export type MtxContent =
  | { readonly kind: 'sparse'; readonly matrix: CsrMatrix; readonly field: MtxField; readonly symmetry: MtxSymmetry; readonly entries: number }
  | { readonly kind: 'dense'; readonly matrix: Matrix; readonly field: MtxField; readonly symmetry: MtxSymmetry };

const FIELDS: readonly string[] = ['real', 'double', 'integer', 'pattern'];
const SYMMETRIES: readonly string[] = ['general', 'symmetric', 'skew-symmetric', 'hermitian'];
/** Dense (array) matrices above this many entries are refused: 2^28 doubles is 2 GB. */
const MAX_DENSE = 2 ** 28;

/** Reads tokens of the text line by line, keeping offsets for located refusals. */
class Cursor {
  pos = 0;
  constructor(readonly text: string, readonly lines: LineIndex) {}

  fail(message: string, at = this.pos, length?: number): never {
    throw this.lines.textError(message, at, length);
  }

  private skipBlanks(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 32 && c !== 9) break;
      this.pos++;
    }
  }

  /** Where the next token starts. */
  here(): number {
    this.skipBlanks();
    return this.pos;
  }

  atLineEnd(): boolean {
    this.skipBlanks();
    const c = this.text.charCodeAt(this.pos);
    return this.pos >= this.text.length || c === 10 || c === 13;
  }

  /** Moves past the end of the current line (which must hold nothing more). */
  endLine(what: string): void {
    if (!this.atLineEnd()) this.fail(`unexpected ${quote(this.peekToken())} after ${what}`);
    this.nextLine();
  }

  nextLine(): void {
    const t = this.text;
    while (this.pos < t.length && t.charCodeAt(this.pos) !== 10 && t.charCodeAt(this.pos) !== 13) this.pos++;
    if (t.charCodeAt(this.pos) === 13) this.pos++;
    if (t.charCodeAt(this.pos) === 10) this.pos++;
  }

  /** Skips blank lines and `%` comment lines; false at the end of the text. */
  nextDataLine(): boolean {
    const t = this.text;
    while (this.pos < t.length) {
      const start = this.pos;
      this.skipBlanks();
      const c = t.charCodeAt(this.pos);
      if (this.pos < t.length && c !== 10 && c !== 13 && c !== 37) return true;
      this.pos = start;
      this.nextLine();
    }
    return false;
  }

  private peekToken(): string {
    const t = this.text;
    let e = this.pos;
    while (e < t.length) {
      const c = t.charCodeAt(e);
      if (c === 32 || c === 9 || c === 10 || c === 13) break;
      e++;
    }
    return t.slice(this.pos, e);
  }

  /** The next token on this line, or a refusal naming what was expected. */
  token(what: string): string {
    if (this.atLineEnd()) this.fail(`missing ${what}`);
    const tok = this.peekToken();
    this.pos += tok.length;
    return tok;
  }

  /** A whole number in [lo, hi]. */
  int(what: string, lo: number, hi: number): number {
    const at = this.here();
    const tok = this.token(what);
    if (!/^[+-]?\d+$/.test(tok)) this.fail(`${what} ${quote(tok)} is not a whole number`, at, tok.length);
    const v = Number(tok);
    if (!(v >= lo && v <= hi)) this.fail(`${what} ${tok} is outside ${lo}..${hi}`, at, tok.length);
    return v;
  }

  /** A finite number (a whole one for the integer field). */
  value(field: MtxField, what: string): number {
    const at = this.here();
    const tok = this.token(what);
    const v = Number(tok);
    if (tok === '' || !Number.isFinite(v) || /^0x/i.test(tok)) this.fail(`${what} ${quote(tok)} is not a finite number`, at, tok.length);
    if (field === 'integer' && !Number.isInteger(v)) this.fail(`${what} ${quote(tok)} is not a whole number (the file's field is integer)`, at, tok.length);
    return v;
  }
}

/** Parses the `%%MatrixMarket matrix <format> <field> <symmetry>` banner. */
function banner(cur: Cursor): { format: 'coordinate' | 'array'; field: MtxField; symmetry: MtxSymmetry } {
  const head = cur.token('the %%MatrixMarket banner');
  if (head.toLowerCase() !== '%%matrixmarket') cur.fail('a Matrix Market file starts with "%%MatrixMarket matrix coordinate real general"', 0, head.length);
  const words: { at: number; w: string }[] = [];
  for (let i = 0; i < 4; i++) {
    const at = cur.here();
    words.push({ at, w: cur.token(['the object (matrix)', 'the format (coordinate or array)', 'the field (real, integer, pattern)', 'the symmetry (general, symmetric, skew-symmetric)'][i]!).toLowerCase() });
  }
  const [obj, fmt, field, sym] = words as [{ at: number; w: string }, { at: number; w: string }, { at: number; w: string }, { at: number; w: string }];
  if (obj.w !== 'matrix') cur.fail(`only "matrix" objects are read, not ${quote(obj.w)}`, obj.at, obj.w.length);
  if (fmt.w !== 'coordinate' && fmt.w !== 'array') cur.fail(`format ${quote(fmt.w)} is neither coordinate nor array`, fmt.at, fmt.w.length);
  if (field.w === 'complex') cur.fail('complex matrices are not read: a recurrent weight matrix is real', field.at, field.w.length);
  if (!FIELDS.includes(field.w)) cur.fail(`field ${quote(field.w)} is not one of real, double, integer, pattern`, field.at, field.w.length);
  if (!SYMMETRIES.includes(sym.w)) cur.fail(`symmetry ${quote(sym.w)} is not one of general, symmetric, skew-symmetric`, sym.at, sym.w.length);
  if (fmt.w === 'array' && field.w === 'pattern') cur.fail('an array (dense) file cannot have the pattern field', field.at, field.w.length);
  cur.endLine('the banner');
  return { format: fmt.w, field: field.w as MtxField, symmetry: sym.w as MtxSymmetry };
}

/** Reads a Matrix Market file. Throws WeightFileError with a line and column for anything refused. */
export function readMtx(bytes: Uint8Array): { content: MtxContent; lines: LineIndex } {
  const text = decodeText(bytes);
  const lines = new LineIndex(text);
  const cur = new Cursor(text, lines);
  const { format, field, symmetry } = banner(cur);
  if (!cur.nextDataLine()) cur.fail('the size line (rows, columns and, for coordinate files, entries) is missing');
  const rows = cur.int('the row count', 0, 2 ** 31 - 1);
  const cols = cur.int('the column count', 0, 2 ** 31 - 1);
  if (symmetry !== 'general' && rows !== cols) cur.fail(`a ${symmetry} matrix must be square, not ${rows} x ${cols}`);
  if (format === 'array') {
    cur.endLine('the size line');
    return { content: { kind: 'dense', matrix: readArray(cur, rows, cols, field, symmetry), field, symmetry }, lines };
  }
  const declared = cur.int('the entry count', 0, 2 ** 31 - 1);
  cur.endLine('the size line');
  const mirror = symmetry !== 'general';
  const cap = mirror ? 2 * declared : declared;
  const ri = new Int32Array(cap);
  const ci = new Int32Array(cap);
  const v = new Float64Array(cap);
  let count = 0;
  for (let e = 0; e < declared; e++) {
    if (!cur.nextDataLine()) cur.fail(`the file ends after ${e} of the ${declared} entries its size line declares`);
    const lineAt = cur.pos;
    const i = cur.int('the row index', 1, rows) - 1;
    const j = cur.int('the column index', 1, cols) - 1;
    const x = field === 'pattern' ? 1 : cur.value(field, 'the value');
    cur.endLine(field === 'pattern' ? 'the row and column (a pattern file has no values)' : 'the value');
    if (mirror && (i < j || (symmetry === 'skew-symmetric' && i === j))) {
      const where = symmetry === 'skew-symmetric' ? 'strictly below the diagonal' : 'on or below the diagonal';
      cur.fail(`a ${symmetry} file stores only entries ${where}; row ${i + 1}, col ${j + 1} is not`, lineAt);
    }
    ri[count] = i;
    ci[count] = j;
    v[count++] = x;
    if (mirror && i !== j) {
      ri[count] = j;
      ci[count] = i;
      v[count++] = symmetry === 'skew-symmetric' ? -x : x;
    }
  }
  if (cur.nextDataLine()) cur.fail(`more entries than the ${declared} the size line declares`);
  return { content: { kind: 'sparse', matrix: csrFromTriplets(rows, cols, ri, ci, v, count), field, symmetry, entries: declared }, lines };
}

/** Column-major values (only the lower triangle for symmetric storage) into a row-major matrix. */
function readArray(cur: Cursor, rows: number, cols: number, field: MtxField, symmetry: MtxSymmetry): Matrix {
  if (rows * cols > MAX_DENSE) cur.fail(`a dense ${rows} x ${cols} matrix is too large to read (more than ${MAX_DENSE} entries)`);
  const data = new Float64Array(rows * cols);
  const skew = symmetry === 'skew-symmetric';
  for (let j = 0; j < cols; j++) {
    const first = symmetry === 'general' ? 0 : skew ? j + 1 : j;
    for (let i = first; i < rows; i++) {
      if (!cur.nextDataLine()) cur.fail(`the file ends before the value at row ${i + 1}, col ${j + 1} (array files list columns in order)`);
      const x = cur.value(field, `the value at row ${i + 1}, col ${j + 1}`);
      cur.endLine('the value (array files hold one value per line)');
      data[i * cols + j] = x;
      if (symmetry !== 'general' && i !== j) data[j * cols + i] = skew ? -x : x;
    }
  }
  if (cur.nextDataLine()) cur.fail(`more values than the ${rows} x ${cols} the size line declares`);
  return { rows, cols, data };
}
