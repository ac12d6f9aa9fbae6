/**
 * JavaScript/TypeScript expressions sent to a paused js-debug frame. JavaScript has no
 * `compile(..., 'eval')` to hand the text to, so the host parses it first (acorn) and accepts only
 * text that is exactly one expression; only then is it put between parentheses. Nested arrays and
 * arrays of typed arrays travel as JSON text; the wrapper is one arrow function call, so nothing is
 * declared in the frame's scope.
 */
import { parseExpressionAt } from 'acorn';
import { errorMessage } from '../../../core/errors';

/** Thrown for text that is not exactly one JavaScript expression. */
export class NotAnExpressionError extends Error {}

/** The text between parentheses, after checking that it parses as one expression and nothing more. */
export function jsExpressionOperand(text: string): string {
  const source = text.trim();
  let end: number;
  try {
    end = parseExpressionAt(source, 0, { ecmaVersion: 'latest', sourceType: 'script', preserveParens: true }).end;
  } catch (e) {
    throw new NotAnExpressionError(errorMessage(e));
  }
  if (end !== source.length) throw new NotAnExpressionError(`unexpected text at offset ${end}`);
  return `(${source}\n)`;
}

/** `RGL1|<kind>|<element type>|<d0,d1,...>|8`: the first three levels of nesting, nothing copied. */
export function jsProbe(expression: string): string {
  const operand = jsExpressionOperand(expression);
  return (
    '((v) => { const isArr = (x) => Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView)); ' +
    'const dims = []; let x = v; while (isArr(x) && dims.length < 3) { dims.push(x.length); x = x[0]; } ' +
    'const kind = Object.prototype.toString.call(v).slice(8, -1); ' +
    "const row = isArr(v) ? v[0] : undefined; const el = ArrayBuffer.isView(row) ? Object.prototype.toString.call(row).slice(8, -1) : typeof x; " +
    "return ['RGL1', kind, el, isArr(v) ? dims.join(',') : '-', '8'].join('|'); })" +
    operand
  );
}

/** `<length>:<crc32>:<chars offset..offset+count of the JSON rows>` (see pythonChunk). */
export function jsChunk(expression: string, offset: number, count: number): string {
  const operand = jsExpressionOperand(expression);
  const end = Number.isFinite(count) ? `, ${offset + count}` : '';
  return (
    '((v) => { const s = JSON.stringify(Array.from(v, (r) => Array.from(r, Number))); ' +
    'const t = []; for (let n = 0; n < 256; n++) { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; t[n] = c >>> 0; } ' +
    'let crc = -1; for (let i = 0; i < s.length; i++) crc = t[(crc ^ s.charCodeAt(i)) & 0xff] ^ (crc >>> 8); ' +
    `return s.length + ':' + ((crc ^ -1) >>> 0) + ':' + s.slice(${offset}${end}); })` +
    operand
  );
}
