import { WeightFileError, type ErrorPlace } from '../errors';

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/**
 * Decodes UTF-8 the way the editor does: a leading BOM is dropped, so offsets match the document
 * text. Invalid bytes become U+FFFD and are then refused where they stand, with their place.
 */
export function decodeText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/**
 * Offsets at which each line of `text` starts. CR, LF and CRLF all end a line, as in the editor,
 * so positions agree with what VS Code shows.
 */
export function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** 0-based line and character of `offset`, given the line starts of its text. */
export function lineAndCharacter(starts: readonly number[], offset: number): [line: number, character: number] {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return [lo, offset - (starts[lo] as number)];
}

/** Maps UTF-16 offsets of a text to 1-based line and column. */
export class LineIndex {
  /** Line start offsets, built on first use: only refusals need lines, and they are rare. */
  private starts: number[] | undefined;

  constructor(readonly text: string) {}

  position(offset: number): { line: number; column: number } {
    this.starts ??= lineStartOffsets(this.text);
    const [line, character] = lineAndCharacter(this.starts, offset);
    return { line: line + 1, column: character + 1 };
  }

  slice(offset: number, length: number): string {
    return this.text.slice(offset, offset + length);
  }

  textPlace(offset: number, length?: number): ErrorPlace {
    const { line, column } = this.position(offset);
    return length === undefined ? { kind: 'text', line, column, offset } : { kind: 'text', line, column, offset, length };
  }

  cellPlace(row: number, col: number, offset: number, length: number): ErrorPlace {
    const { line, column } = this.position(offset);
    return { kind: 'cell', row, col, line, column, offset, length };
  }

  textError(message: string, offset: number, length?: number): WeightFileError {
    return new WeightFileError(message, this.textPlace(offset, length));
  }
}

/** A short, printable quote of a bad token for messages (never the whole line). */
export function quote(token: string): string {
  const t = token.length > 24 ? `${token.slice(0, 24)}…` : token;
  return JSON.stringify(t);
}

/**
 * A message that stays on one line whatever names a binary file puts in it: control and line
 * separator characters escaped (`\u000a`), and at most 300 characters.
 */
export function oneLine(message: string): string {
  // eslint-disable-next-line no-control-regex -- these are exactly the characters to escape
  const s = message.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}
