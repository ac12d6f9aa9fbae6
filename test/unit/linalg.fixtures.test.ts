import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRows, type Matrix } from '../../src/core/matrix';
import { eigenvalues, frobeniusNorm, powerNormsLog10, singularValues, spectralNorm, spectralRadius } from '../../src/core/linalg';

interface Fixture {
  name: string;
  note: string;
  W: number[][];
  expected: {
    spectralRadius: number;
    spectralNorm: number;
    frobeniusNorm: number;
    eigenvalues: [number, number][];
    log10PowerNorms: (number | null)[];
  };
}

const dir = join(__dirname, '..', 'fixtures', 'numeric');
const fixtures: Fixture[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && f !== 'index.json')
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture);
/** Fixtures whose eigenvalues are ill-conditioned (defective or highly non-normal): compare ρ only. */
const defective = new Set(['jordan_0.9', 'jordan_0.5_4', 'shift_4']);

function close(actual: number, expected: number, rel: number, what: string): void {
  const err = Math.abs(actual - expected);
  assert.ok(err <= rel * Math.abs(expected) || (expected === 0 && err <= 1e-300), `${what}: ${actual} vs ${expected} (error ${err})`);
}

describe('linalg on the numpy/LAPACK fixtures', () => {
  it('loads every fixture', () => assert.ok(fixtures.length >= 14, `found ${fixtures.length}`));
  for (const fx of fixtures) {
    describe(`${fx.name} (${fx.note})`, () => {
      const W: Matrix = fromRows(fx.W);
      const copy = Float64Array.from(W.data);
      it('eigenvalues converge, radius within 1e-9, input untouched', () => {
        const e = eigenvalues(W);
        assert.equal(e.converged, true);
        assert.deepEqual(W.data, copy);
        close(spectralRadius(e), fx.expected.spectralRadius, 1e-9, 'rho');
        // A nilpotent matrix's eigenvalues are only known to eps^(1/n): compare absolutely there.
        if (fx.expected.spectralRadius === 0) assert.ok(spectralRadius(e) <= 1e-12 * (frobeniusNorm(W) + 1));
      });
      if (!defective.has(fx.name)) {
        it('eigenvalues match within 1e-9 (relative to ρ) and come sorted', () => {
          const e = eigenvalues(W);
          const tol = 1e-9 * Math.max(fx.expected.spectralRadius, Number.MIN_VALUE);
          // Ties in |λ| (orthogonal, identity) make the order arbitrary at rounding level, so pair
          // each expected value with the nearest unused computed one.
          const used = new Set<number>();
          for (const [re, im] of fx.expected.eigenvalues) {
            let best = -1;
            let dist = Infinity;
            for (let i = 0; i < e.re.length; i++) {
              const d = Math.hypot(e.re[i]! - re, e.im[i]! - im);
              if (!used.has(i) && d < dist) [best, dist] = [i, d];
            }
            used.add(best);
            assert.ok(dist <= tol, `${re}+${im}i: nearest computed is ${dist} away`);
          }
          for (let i = 1; i < e.re.length; i++) {
            assert.ok(Math.hypot(e.re[i]!, e.im[i]!) <= Math.hypot(e.re[i - 1]!, e.im[i - 1]!), `|λ| not descending at ${i}`);
          }
        });
      }
      it('spectral norm and Frobenius norm within 1e-9', () => {
        close(spectralNorm(W), fx.expected.spectralNorm, 1e-9, 'sigma_max');
        close(singularValues(W)[0] ?? 0, fx.expected.spectralNorm, 1e-9, 'singularValues[0]');
        close(frobeniusNorm(W), fx.expected.frobeniusNorm, 1e-12, 'frobenius');
      });
      it('log10 ||W^k||, k = 0..60, exact within 1e-9 absolute', () => {
        const want = fx.expected.log10PowerNorms;
        const got = powerNormsLog10(W, want.length - 1);
        assert.equal(got.method, 'exact');
        assert.equal(got.values.length, want.length);
        want.forEach((v, k) => {
          const g = got.values[k];
          if (v === null) assert.equal(g, null, `k=${k}: expected exactly zero, got ${g}`);
          else assert.ok(g !== null && g !== undefined && Math.abs(g - v) <= 1e-9, `k=${k}: ${g} vs ${v}`);
        });
      });
    });
  }
});
