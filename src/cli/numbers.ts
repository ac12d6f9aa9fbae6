/** Number formatting for the human output: short, fixed-width friendly, never "Infinity". */

/** A plain number with `digits` significant digits; exponent form outside [1e-3, 1e6). */
export function fmtNum(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (Number.isInteger(x) && a < 1e6) return String(x);
  if (a >= 1e-3 && a < 1e6) {
    const s = x.toPrecision(digits);
    // toPrecision keeps trailing zeros after the point (1.100); trim them but keep one digit.
    return s.includes('.') && !s.includes('e') ? s.replace(/(\.\d*?[1-9])0+$/, '$1').replace(/\.0+$/, '.0') : s;
  }
  return fmtExp(x, digits - 2);
}

/** `1.2e+07` style with `mantissaDigits` after the point. */
function fmtExp(x: number, mantissaDigits: number): string {
  const s = x.toExponential(Math.max(0, mantissaDigits));
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/**
 * 10^l written as `3.2e+07` without ever forming 10^l (l may be ±1000 where float64 overflows).
 * `null` stands for exactly zero.
 */
export function fmtPow10(l: number | null, mantissaDigits = 1): string {
  if (l === null) return '0';
  if (!Number.isFinite(l)) return '?';
  let e = Math.floor(l);
  let m = Math.pow(10, l - e);
  const scaleDigits = Math.pow(10, mantissaDigits);
  m = Math.round(m * scaleDigits) / scaleDigits;
  if (m >= 10) {
    m /= 10;
    e += 1;
  }
  const sign = e < 0 ? '-' : '+';
  const ae = Math.abs(e);
  return `${m.toFixed(mantissaDigits)}e${sign}${ae < 10 ? '0' : ''}${ae}`;
}

/** `×3.2e+07`: a growth (or decay) factor given as log10. */
export function fmtFactor(l: number | null): string {
  return `×${fmtPow10(l)}`;
}

/** A complex eigenvalue `a`, `a ± bi` (conjugate pairs are shown once by the caller). */
export function fmtComplex(re: number, im: number, digits = 4): string {
  if (im === 0) return fmtNum(re, digits);
  return `${fmtNum(re, digits)} ± ${fmtNum(Math.abs(im), digits)}i`;
}

/**
 * The first `max` eigenvalues (|λ| descending) with each conjugate pair merged into one entry.
 */
export function leadingEigenvalues(eigs: readonly (readonly [number, number])[], max: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < eigs.length && out.length < max; i++) {
    const e = eigs[i];
    if (!e) break;
    const [re, im] = e;
    out.push(fmtComplex(re, im));
    const next = eigs[i + 1];
    if (im !== 0 && next && next[0] === re && next[1] === -im) i++;
  }
  return out;
}
