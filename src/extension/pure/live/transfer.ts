/**
 * Reads a matrix out of a paused debuggee through the adapter's `evaluate` request: first a probe
 * (type, element type, shape, bytes per element; nothing copied), refused here when it is not a
 * 2-D array of real numbers or larger than the size limit; then the bytes, in one evaluation when
 * the adapter returns long results whole (`clipboard` context), else in chunks small enough to come
 * back untruncated. No vscode import: the session is an interface, so this runs against fakes too.
 */
import { crc32Ascii } from './crc32';
import { jsChunk, jsProbe, NotAnExpressionError } from './jsExpr';
import { pythonChunk, pythonProbe } from './pythonExpr';
import { errorMessage } from '../../../core/errors';

export type LiveLanguage = 'python' | 'javascript';
export type EvaluateContext = 'watch' | 'repl' | 'clipboard';

/** One `evaluate` in the paused frame: resolves with `body.result`, rejects with the adapter's message. */
export interface EvaluateSession {
  evaluate(expression: string, context: EvaluateContext): Promise<string>;
}

export type LiveErrorCode = 'notPaused' | 'unsupported' | 'syntax' | 'refused' | 'notArray' | 'notMatrix' | 'notNumeric' | 'tooLarge' | 'truncated' | 'changed' | 'unexpected';

/** Why a value could not be read; `detail` is data for the message (a type, a shape, a size, the adapter's words). */
export class LiveError extends Error {
  constructor(
    readonly code: LiveErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

export interface Probe {
  readonly type: string;
  readonly dtype: string;
  /** null when the value has no shape at all. */
  readonly shape: readonly number[] | null;
  readonly itemsize: number;
}

export interface LiveValue {
  readonly bytes: Uint8Array;
  /** `value.npy` or `value.json`: the name the readers detect the format by. */
  readonly fileName: string;
  readonly probe: Probe;
}

export interface TransferOptions {
  readonly maxBytes: number;
  /** Chunk length (characters) after the adapter truncated a whole result. */
  readonly chunkChars?: number;
  /** Below this chunk length the adapter is taken to truncate everything. */
  readonly minChunkChars?: number;
  readonly signal?: AbortSignal;
}

const LANGUAGES = {
  python: { probe: pythonProbe, chunk: pythonChunk, fileName: 'value.npy' },
  javascript: { probe: jsProbe, chunk: jsChunk, fileName: 'value.json' },
} as const;

export function liveFileName(language: LiveLanguage): string {
  return LANGUAGES[language].fileName;
}

/** Results come back as the adapter shows a string: strip one pair of surrounding quotes. */
export function unquote(result: string): string {
  const q = result[0];
  return result.length >= 2 && (q === "'" || q === '"') && result.endsWith(q) ? result.slice(1, -1) : result;
}

export function parseProbe(result: string): Probe {
  const parts = unquote(result).split('|');
  if (parts.length !== 5 || parts[0] !== 'RGL1') throw new LiveError('unexpected', result.slice(0, 200));
  const [, type = '', dtype = '', shapeText = '', itemText = ''] = parts;
  const shape = shapeText === '-' ? null : shapeText === '' ? [] : shapeText.split(',').map(Number);
  if (shape && !shape.every((d) => Number.isInteger(d) && d >= 0)) throw new LiveError('unexpected', result.slice(0, 200));
  return { type, dtype, shape, itemsize: Number(itemText) || 8 };
}

/** Bytes the transfer will carry per element: what the .npy writer uses after widening. */
function transferItemSize(p: Probe): number {
  const narrow = p.itemsize === 1 || p.itemsize === 2 || p.itemsize === 4 || p.itemsize === 8;
  return /bfloat16|bool/i.test(p.dtype) || !narrow ? 4 : p.itemsize;
}

function check(p: Probe, maxBytes: number): void {
  if (p.shape === null) throw new LiveError('notArray', p.type);
  if (p.shape.length !== 2) throw new LiveError('notMatrix', `(${p.shape.join(', ')})`);
  if (/complex/i.test(p.dtype) || !/float|int|half|double|bool|number/i.test(p.dtype)) throw new LiveError('notNumeric', p.dtype || p.type);
  const bytes = (p.shape[0] ?? 0) * (p.shape[1] ?? 0) * transferItemSize(p);
  if (bytes > maxBytes) throw new LiveError('tooLarge', String(bytes));
}

async function evaluate(session: EvaluateSession, expression: string, context: EvaluateContext): Promise<string> {
  try {
    return await session.evaluate(expression, context);
  } catch (e) {
    throw new LiveError('refused', errorMessage(e));
  }
}

interface Chunk {
  readonly total: number;
  readonly crc: number;
  readonly text: string;
}

/** The chunk, or null when the adapter cut the result so short that even its header is gone. */
function parseChunk(result: string): Chunk | null {
  const m = /^(\d+):(\d+):([\s\S]*)$/.exec(unquote(result));
  if (m) return { total: Number(m[1]), crc: Number(m[2]), text: m[3] ?? '' };
  if (/\.\.\.|\u2026/.test(result)) return null;
  throw new LiveError('unexpected', result.slice(0, 200));
}

/** Reads the whole serialised text: at once if the adapter allows, else chunk by chunk. */
async function readText(fetch: (offset: number, count: number) => Promise<Chunk | null>, opts: TransferOptions): Promise<string> {
  const first = await fetch(0, Infinity);
  if (first && first.text.length === first.total) {
    if (crc32Ascii(first.text) !== first.crc) throw new LiveError('changed', '');
    return first.text;
  }
  const min = opts.minChunkChars ?? 256;
  let chunk = opts.chunkChars ?? 32768;
  let whole: { readonly total: number; readonly crc: number } | null = first;
  const parts: string[] = [];
  let have = 0;
  // Each pass either adds at least one character or shrinks the chunk, which ends below `min`.
  while (whole === null || have < whole.total) {
    if (opts.signal?.aborted) throw new LiveError('refused', 'cancelled');
    const c = await fetch(have, whole ? Math.min(chunk, whole.total - have) : chunk);
    if (c && whole && (c.total !== whole.total || c.crc !== whole.crc)) throw new LiveError('changed', '');
    whole ??= c;
    const want = c ? Math.min(chunk, c.total - have) : -1;
    if (c && c.text.length === want) {
      parts.push(c.text);
      have += want;
      continue;
    }
    chunk = Math.floor(chunk / 4);
    if (chunk < min) throw new LiveError('truncated', String(c?.text.length ?? 0));
  }
  const text = parts.join('');
  if (crc32Ascii(text) !== whole.crc) throw new LiveError('changed', '');
  return text;
}

/** Probes, checks, transfers and decodes the value of `expression` in the paused frame. */
export async function readLiveValue(session: EvaluateSession, language: LiveLanguage, expression: string, opts: TransferOptions): Promise<LiveValue> {
  const lang = LANGUAGES[language];
  let probeExpr: string;
  try {
    probeExpr = lang.probe(expression);
  } catch (e) {
    if (e instanceof NotAnExpressionError) throw new LiveError('syntax', e.message);
    throw e;
  }
  const probe = parseProbe(await evaluate(session, probeExpr, 'watch'));
  check(probe, opts.maxBytes);
  // `clipboard` asks for the value untruncated; an adapter that refuses it gets `repl`.
  let context: EvaluateContext = 'clipboard';
  const fetch = async (offset: number, count: number): Promise<Chunk | null> => {
    const expr = lang.chunk(expression, offset, count);
    if (context === 'clipboard') {
      try {
        return parseChunk(await session.evaluate(expr, context));
      } catch (e) {
        if (e instanceof LiveError) throw e;
        context = 'repl';
      }
    }
    return parseChunk(await evaluate(session, expr, context));
  };
  const text = await readText(fetch, opts);
  const bytes = language === 'python' ? Uint8Array.from(Buffer.from(text, 'base64')) : new TextEncoder().encode(text);
  return { bytes, fileName: lang.fileName, probe };
}
