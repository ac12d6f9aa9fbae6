/**
 * Where a problem in an input file is. Lines, columns, rows and cols are 1-based; offsets are
 * 0-based (UTF-16 code units into the decoded text for text formats, bytes for binaries).
 */
export type ErrorPlace =
  | { readonly kind: 'text'; readonly line: number; readonly column: number; readonly offset: number; readonly length?: number }
  | { readonly kind: 'cell'; readonly row: number; readonly col: number; readonly line?: number; readonly column?: number; readonly offset?: number; readonly length?: number }
  | { readonly kind: 'byte'; readonly offset: number }
  | { readonly kind: 'file' };

/** A refusal of an input file: one sentence plus the place it is about. Never carries a stack to users. */
export class WeightFileError extends Error {
  constructor(message: string, readonly place: ErrorPlace) {
    super(message);
    this.name = 'WeightFileError';
  }

  /** `file:line:col: msg`, `file: row r, col c: msg`, `file: byte n: msg` or `file: msg`. */
  format(fileName: string): string {
    const p = this.place;
    switch (p.kind) {
      case 'text':
        return `${fileName}:${p.line}:${p.column}: ${this.message}`;
      case 'cell':
        return p.line !== undefined && p.column !== undefined
          ? `${fileName}:${p.line}:${p.column}: row ${p.row}, col ${p.col}: ${this.message}`
          : `${fileName}: row ${p.row}, col ${p.col}: ${this.message}`;
      case 'byte':
        return `${fileName}: byte ${p.offset}: ${this.message}`;
      case 'file':
        return `${fileName}: ${this.message}`;
    }
  }
}

/** A bad option or argument (not a problem of the file's content). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The message of anything thrown; a thrown non-Error is written as its string. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Anything thrown, as an Error (a thrown non-Error becomes one with its string as message). */
export function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
