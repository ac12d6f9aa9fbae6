/**
 * The run chart's spectral radius from the highest power of the Hessenberg form (Krylov–Schur,
 * then Rayleigh quotient iteration on H, with a certificate) against the full eigenvalue solve
 * and numpy, on test/fixtures/dominant (scripts/fixtures/make_dominant_fixtures.py: numpy's
 * eigvals). The two routes round differently, so ρ is compared to 1e-12 relative, not bit for bit;
 * where the certificate fails (ties in modulus, one circle, a badly conditioned or defective
 * dominant eigenvalue) the full solve answers and the numbers are its own.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eigenvalues, spectralRadius } from '../../src/core/linalg';
import { maxAbs, pow2Near } from '../../src/core/linalg/dense';
import { hessenbergPowers } from '../../src/core/linalg/horizonNorm';
import type { Matrix } from '../../src/core/matrix';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { readWeightFile } from '../../src/core/readers';
import { certifiedDominant, hessenbergOf, runPointOf } from '../../src/core/run/point';

const DIR = join(__dirname, '..', 'fixtures', 'dominant');
interface Case { n: number; spectralRadius: number; condition: number | null; route: 'certified' | 'fallback' | 'either' }
const doc = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as { horizon: number; cases: Record<string, Case> };
const OPTIONS = { horizon: doc.horizon, thresholds: DEFAULT_OPTIONS.thresholds };
/** Against the full solve: both routes are backward stable and the certified ones well conditioned. */
const SAME = 1e-12;
/** Against LAPACK where the dominant eigenvalue's condition number is modest. */
const NUMPY = 1e-11;

const load = (name: string): Matrix => {
  const m = readWeightFile(new Uint8Array(readFileSync(join(DIR, `${name}.npy`))), `${name}.npy`).matrices[0];
  assert.ok(m, name);
  return m.matrix;
};

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);
const fullRadius = (w: Matrix): number => spectralRadius(eigenvalues(w));
const pointRadius = (w: Matrix): number => {
  const rho = runPointOf(w, OPTIONS).spectralRadius;
  assert.ok(rho !== null);
  return rho;
};

/** The certificate's verdict on w, exactly as runPointOf forms its inputs. */
function route(w: Matrix): ReturnType<typeof certifiedDominant> {
  const s = pow2Near(maxAbs(w.data));
  const h = hessenbergOf(w, s);
  const powers = hessenbergPowers(h, w.rows, doc.horizon);
  assert.ok(powers);
  try {
    return certifiedDominant(h, w.rows, powers);
  } finally {
    powers.release();
  }
}

describe('run: certified spectral radius from the highest power', () => {
  for (const [name, c] of Object.entries(doc.cases)) {
    it(`${name} (n = ${c.n}): ${{ certified: 'certified', fallback: 'the full solve answers', either: 'either route' }[c.route]}, ρ as the full solve's and numpy's`, () => {
      const w = load(name);
      assert.equal(w.rows, c.n);
      const r = route(w);
      if (c.route === 'certified') {
        assert.ok(typeof r !== 'string', `${name}: not certified (${String(r)})`);
        assert.ok(r.condition >= 1 - 1e-12 && r.condition <= 100, `${name}: condition ${r.condition}`);
        assert.ok(relative(r.condition, c.condition ?? NaN) < 0.05, `${name}: condition ${r.condition} vs numpy ${String(c.condition)}`);
      } else if (c.route === 'fallback') {
        assert.equal(typeof r, 'string', `${name}: certified where it must fall back`);
      }
      const rho = pointRadius(w);
      const full = fullRadius(w);
      if (full === 0) assert.equal(rho, 0, `${name}: ρ`);
      else assert.ok(relative(rho, full) <= SAME, `${name}: ρ ${rho} vs the full solve's ${full}`);
      if (c.spectralRadius === 0) assert.equal(rho, 0);
      else if (c.condition !== null && c.condition <= 1e3) assert.ok(relative(rho, c.spectralRadius) <= NUMPY, `${name}: ρ ${rho} vs numpy ${c.spectralRadius}`);
    });
  }

  it('ρ(Wᵀ) = ρ(W) and ρ(cW) = |c| ρ(W) on the bench-shaped block', () => {
    const w = load('gaussian256');
    const n = w.rows;
    const rho = pointRadius(w);
    const t = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = w.data[i * n + j] as number;
    assert.ok(relative(pointRadius({ rows: n, cols: n, data: t }), rho) <= SAME, 'ρ(Wᵀ)');
    for (const c of [-3, 0.3, 1e-3]) {
      const cw = { rows: n, cols: n, data: Float64Array.from(w.data, (x) => c * x) };
      assert.ok(relative(pointRadius(cw), Math.abs(c) * rho) <= SAME, `ρ(${c} W)`);
    }
  });
});
