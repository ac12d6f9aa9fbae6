/**
 * TeX helpers. Names from files never reach TeX (they are shown with textContent); numbers are
 * formatted here, and any other text passes through `texText`, which escapes every special character.
 */
import { fmt, fmtLog10 } from './format';

const TEX_SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '#': '\\#',
  '^': '\\textasciicircum{}',
  _: '\\_',
  '%': '\\%',
  '~': '\\textasciitilde{}',
};

/** Arbitrary text as a \text{} argument: specials escaped, so it can never become a command. */
export function texText(s: string): string {
  return `\\text{${s.replace(/[\\{}$&#^_%~]/g, (c) => TEX_SPECIAL[c] ?? '')}}`;
}

/** A number in TeX: 3.2 \times 10^{7} for large/small magnitudes. */
export function texNum(x: number | null | undefined): string {
  const s = fmt(x);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s);
  return m ? `${m[1]} \\times 10^{${m[2] === '-' ? '-' : ''}${Number(m[3])}}` : s === '—' ? '\\text{—}' : s;
}

/** A log10 value as a TeX number. */
export function texLog10(v: number | null | undefined): string {
  const s = fmtLog10(v);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s);
  return m ? `${m[1]} \\times 10^{${m[2] === '-' ? '-' : ''}${Number(m[3])}}` : s;
}
