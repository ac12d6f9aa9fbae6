/** Number formatting shared by cards, tables, tick labels and TeX. */

/** 3 significant digits, plain for moderate magnitudes, else 1.23e+5. */
export function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e4) return Number(x.toPrecision(digits)).toString();
  return x.toExponential(digits - 1);
}

/** A value given as log10: 10^v written as 3.2e+07 (finite even when 10^v overflows float64). */
export function fmtLog10(v: number | null | undefined): string {
  if (v === null || v === undefined) return '0';
  if (!Number.isFinite(v)) return '—';
  let e = Math.floor(v);
  let m = 10 ** (v - e);
  if (m >= 9.995) {
    m /= 10;
    e += 1;
  }
  if (e >= -3 && e < 4) return fmt(10 ** v);
  return `${m.toFixed(1)}e${e >= 0 ? '+' : '-'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** Axis tick for a log10 value plotted on a linear axis: 1e+40, 1, 1e-12. */
export function fmtTick(v: number): string {
  if (!Number.isInteger(v)) return '';
  if (v === 0) return '1';
  return `1e${v > 0 ? '+' : '-'}${Math.abs(v)}`;
}
