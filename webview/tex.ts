/**
 * Numbers for TeX. Names from files never reach TeX (they are shown with textContent): the
 * equations contain only these formatted numbers and fixed strings.
 */
import { fmt, fmtLog10 } from './format';

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
