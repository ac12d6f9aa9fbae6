/**
 * Finds numeric matrix literals in source code: nested lists `[[1, 2], [3, 4]]`, optionally wrapped
 * as `np.array([[...]])`, `torch.tensor([[...]])` and similar. Pure and editor-free: the hover uses
 * it on Python, TypeScript and JavaScript text (notebook cells included). Comments and strings are
 * skipped, so a matrix inside a docstring or a commented-out line is not reported.
 */
import type { TextSpan } from '../weightFile';

export type LiteralLanguage = 'python' | 'js';

export interface MatrixLiteral {
  /** The outer list `[[...]]`. */
  readonly span: TextSpan;
  /** From the callee (`np.array`) when there is one, else the same as `span`. */
  readonly exprSpan: TextSpan;
  /** `np.array`, `torch.tensor`, ... or undefined for a bare nested list. */
  readonly callee?: string;
  readonly rows: number[][];
}

/** Maps a VS Code language id to the comment syntax the scanner uses, or undefined when unsupported. */
export function literalLanguage(languageId: string): LiteralLanguage | undefined {
  switch (languageId) {
    case 'python':
      return 'python';
    case 'typescript':
    case 'javascript':
    case 'typescriptreact':
    case 'javascriptreact':
      return 'js';
    default:
      return undefined;
  }
}

const NUMBER = /[+-]?\s*(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?/y;
const IDENT_CHAR = /[A-Za-z0-9_$]/;
/** A dotted name just before `(`: `np.array`, `torch.tensor`, `tf.constant`. */
const CALLEE = /([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*\(\s*$/;

/** Space, tab, line breaks, vertical tab, form feed, no-break space. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0xfeff;
}

class Scanner {
  constructor(readonly text: string, readonly lang: LiteralLanguage) {}

  /** Index just past a comment starting at i, or i when there is none. */
  private comment(i: number): number {
    const t = this.text;
    if (this.lang === 'python') {
      if (t[i] !== '#') return i;
      const nl = t.indexOf('\n', i);
      return nl < 0 ? t.length : nl;
    }
    if (t[i] !== '/') return i;
    if (t[i + 1] === '/') {
      const nl = t.indexOf('\n', i);
      return nl < 0 ? t.length : nl;
    }
    if (t[i + 1] === '*') {
      const end = t.indexOf('*/', i + 2);
      return end < 0 ? t.length : end + 2;
    }
    return i;
  }

  /** Index just past a string literal starting at i, or i when there is none. */
  string(i: number): number {
    const t = this.text;
    const q = t[i];
    if (q !== '"' && q !== "'" && !(q === '`' && this.lang === 'js')) return i;
    if (this.lang === 'python' && t.startsWith(q.repeat(3), i)) {
      const end = t.indexOf(q.repeat(3), i + 3);
      return end < 0 ? t.length : end + 3;
    }
    for (let j = i + 1; j < t.length; j++) {
      const c = t[j];
      if (c === '\\') j++;
      else if (c === q) return j + 1;
      else if (c === '\n' && q !== '`') return j; // unterminated: stop at the line end
    }
    return t.length;
  }

  /** Skips whitespace and comments. */
  trivia(i: number): number {
    const t = this.text;
    for (;;) {
      while (i < t.length && isSpace(t.charCodeAt(i))) i++;
      const j = this.comment(i);
      if (j === i) return i;
      i = j;
    }
  }

  /** A number at i: its value and the index past it, or undefined. */
  number(i: number): { value: number; end: number } | undefined {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(this.text);
    if (!m) return undefined;
    const end = i + m[0].length;
    const next = this.text[end];
    if (next !== undefined && (IDENT_CHAR.test(next) || next === '.')) return undefined; // 1j, 1n, 1.2.3, 0x..
    const raw = m[0];
    const value = Number(/[\s_]/.test(raw) ? raw.replace(/[\s_]/g, '') : raw);
    return Number.isNaN(value) ? undefined : { value, end };
  }

  /** A flat list of numbers `[a, b, ...]` at i, or undefined. */
  row(i: number): { values: number[]; end: number } | undefined {
    if (this.text[i] !== '[') return undefined;
    const values: number[] = [];
    let j = this.trivia(i + 1);
    for (;;) {
      if (this.text[j] === ']') return values.length > 0 ? { values, end: j + 1 } : undefined;
      const n = this.number(j);
      if (!n) return undefined;
      values.push(n.value);
      j = this.trivia(n.end);
      if (this.text[j] === ',') j = this.trivia(j + 1);
      else if (this.text[j] !== ']') return undefined;
    }
  }

  /** A rectangular list of rows `[[...], [...]]` at i, or undefined. */
  matrix(i: number): { rows: number[][]; end: number } | undefined {
    if (this.text[i] !== '[') return undefined;
    const rows: number[][] = [];
    let j = this.trivia(i + 1);
    for (;;) {
      if (this.text[j] === ']') break;
      const r = this.row(j);
      if (!r) return undefined;
      if (rows.length > 0 && r.values.length !== rows[0]?.length) return undefined; // ragged
      rows.push(r.values);
      j = this.trivia(r.end);
      if (this.text[j] === ',') j = this.trivia(j + 1);
      else if (this.text[j] !== ']') return undefined;
    }
    return rows.length > 0 ? { rows, end: j + 1 } : undefined;
  }
}

/** Every rectangular numeric matrix literal in `text`, in order of appearance. */
export function findMatrixLiterals(text: string, lang: LiteralLanguage): MatrixLiteral[] {
  const s = new Scanner(text, lang);
  const found: MatrixLiteral[] = [];
  let i = 0;
  while (i < text.length) {
    const afterComment = s.trivia(i);
    if (afterComment !== i) {
      i = afterComment;
      continue;
    }
    const afterString = s.string(i);
    if (afterString !== i) {
      i = afterString;
      continue;
    }
    if (text[i] === '[') {
      const m = s.matrix(i);
      if (m) {
        const callee = calleeBefore(text, i);
        const span = { start: i, end: m.end };
        const exprSpan = callee ? { start: callee.start, end: m.end } : span;
        found.push(callee ? { span, exprSpan, callee: callee.name, rows: m.rows } : { span, exprSpan, rows: m.rows });
        i = m.end;
        continue;
      }
    }
    i++;
  }
  return found;
}

/** The dotted call name right before a list (`np.array(` + list), looking back one line at most. */
function calleeBefore(text: string, listStart: number): { name: string; start: number } | undefined {
  const from = Math.max(0, listStart - 200);
  const before = text.slice(from, listStart);
  const m = CALLEE.exec(before);
  if (!m || m[1] === undefined) return undefined;
  return { name: m[1].replace(/\s+/g, ''), start: from + (m.index ?? 0) };
}

/** The literal whose expression contains `offset` (innermost first is not needed: literals never nest). */
export function literalAt(literals: readonly MatrixLiteral[], offset: number): MatrixLiteral | undefined {
  return literals.find((l) => offset >= l.exprSpan.start && offset <= l.exprSpan.end);
}
