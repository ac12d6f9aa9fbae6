/**
 * Every reference fixture in test/fixtures/numeric (numpy / LAPACK) against analyzeMatrix.
 * Files are found by listing the folder, so a new fixture is tested without editing this file.
 * Tolerances are the fixture README's: 1e-9 relative for radius and norms, 1e-9 absolute in log10.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeMatrix } from '../../src/core/analysis';
import { fromRows } from '../../src/core/matrix';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import type { MatrixReport } from '../../src/core/report';
import type { NamedMatrix } from '../../src/core/weightFile';
import { loadNumericFixtures, NUMERIC_DIR, NUMERIC_INDEX, numericFixtureFiles, type NumericFixture } from './numericFixtures';

type Fixture = NumericFixture;

const DIR = NUMERIC_DIR;
const INDEX = NUMERIC_INDEX;
const files = numericFixtureFiles();
const fixtures = loadNumericFixtures();
const index = JSON.parse(readFileSync(join(DIR, INDEX), 'utf8')) as Record<string, unknown>;

function relClose(actual: number | null, expected: number, what: string): void {
  assert.ok(actual !== null, `${what}: got null`);
  const tol = 1e-9 * Math.max(Math.abs(expected), Number.MIN_VALUE);
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);
}

function seriesClose(actual: readonly (number | null)[], expected: readonly (number | null)[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  expected.forEach((e, i) => {
    const a = actual[i];
    if (e === null) assert.equal(a, null, `${what}[${i}]: expected exactly zero (null), got ${a}`);
    else {
      assert.ok(a !== null && a !== undefined, `${what}[${i}]: got ${a}, expected ${e}`);
      assert.ok(Math.abs(a - e) <= 1e-9, `${what}[${i}]: ${a} vs ${e} (diff ${Math.abs(a - e)})`);
    }
  });
}

/** Eigenvalues of defective or highly non-normal matrices are ill-conditioned: compare the radius there. */
function wellConditioned(f: Fixture): boolean {
  return !/jordan|shift|huge/.test(f.name);
}

describe('numeric fixtures (numpy / LAPACK references)', () => {
  it('finds the fixtures by listing the folder, each complete, the same set as index.json', () => {
    assert.ok(fixtures.length >= 14, `only ${fixtures.length} fixtures found in ${DIR}`);
    fixtures.forEach((f, i) => assert.ok(f.W !== undefined && f.expected?.bptt !== undefined, `${files[i]} is not a complete fixture`));
    assert.deepEqual(fixtures.map((f) => f.name).sort(), Object.keys(index).sort());
  });

  for (const f of fixtures) {
    describe(`${f.name}: ${f.note}`, () => {
      let report: MatrixReport;
      before(() => {
        const e = f.expected;
        const m: NamedMatrix = {
          name: f.name, shape: e.shape, matrix: fromRows(f.W), role: 'rnn', layout: 'pytorch', dtype: 'text', score: 1,
        };
        report = analyzeMatrix(m, { ...DEFAULT_OPTIONS, horizon: e.log10PowerNorms.length - 1, upstream: e.bptt.dLdo });
      });

      it('radius, spectral norm and Frobenius norm within 1e-9 relative', () => {
        const e = f.expected;
        assert.ok(report.eigenvaluesConverged);
        if (e.spectralRadius === 0) assert.ok(Math.abs(report.spectralRadius ?? NaN) <= 1e-12 * Math.max(1, e.spectralNorm));
        else relClose(report.spectralRadius, e.spectralRadius, 'spectralRadius');
        if (e.spectralNorm === 0) assert.equal(report.spectralNorm, 0);
        else relClose(report.spectralNorm, e.spectralNorm, 'spectralNorm');
        if (e.frobeniusNorm === 0) assert.equal(report.frobeniusNorm, 0);
        else relClose(report.frobeniusNorm, e.frobeniusNorm, 'frobeniusNorm');
      });

      it('singular values: the largest is sigma_max, their squares sum to ||W||_F^2', () => {
        const e = f.expected;
        const sv = report.singularValues;
        assert.equal(sv.length, e.shape[0]);
        if (e.spectralNorm === 0) return assert.ok(sv.every((x) => x === 0));
        relClose(sv[0] ?? null, e.spectralNorm, 'singularValues[0]');
        // Sum of squares relative to the largest (scale-free, so huge_scale does not overflow).
        const ratio = sv.reduce((s, x) => s + (x / e.spectralNorm) ** 2, 0);
        const want = (e.frobeniusNorm / e.spectralNorm) ** 2;
        assert.ok(Math.abs(ratio - want) <= 1e-9 * want, `sum sigma_i^2 ${ratio} vs ${want}`);
      });

      it(wellConditioned(f) ? 'eigenvalues within 1e-9 of LAPACK' : 'eigenvalues: all n, none beyond the radius (single ones are ill-conditioned here)', () => {
        const e = f.expected.eigenvalues;
        assert.equal(report.eigenvalues.length, e.length);
        const scale = Math.max(1, f.expected.spectralRadius);
        if (!wellConditioned(f)) {
          for (const [re, im] of report.eigenvalues) assert.ok(Math.hypot(re, im) <= (report.spectralRadius ?? NaN) * (1 + 1e-12));
          return;
        }
        // Conjugate pairs and ties may come in a different order: match each expected value to the nearest.
        const left = report.eigenvalues.slice();
        for (const [re, im] of e) {
          let best = -1;
          let dist = Infinity;
          left.forEach(([r, i], j) => {
            const d = Math.hypot(r - re, i - im);
            if (d < dist) {
              dist = d;
              best = j;
            }
          });
          assert.ok(dist <= 1e-9 * scale, `eigenvalue ${re}+${im}i: nearest is ${dist} away`);
          left.splice(best, 1);
        }
      });

      it('log10 ||W^k|| for k = 0..60 and the peak within 1e-9', () => {
        const e = f.expected;
        seriesClose(report.log10PowerNorms, e.log10PowerNorms, 'log10PowerNorms');
        const peak = report.peakPowerNorm;
        if (e.peakPowerNorm.log10 === null) assert.equal(peak.log10, null);
        else {
          assert.ok(Math.abs((peak.log10 ?? NaN) - e.peakPowerNorm.log10) <= 1e-9, `peak ${peak.log10} vs ${e.peakPowerNorm.log10}`);
          // numpy's k is its argmax; under ties within rounding (identity, rotations) any tied k is right.
          assert.equal(report.log10PowerNorms[peak.k], peak.log10);
          assert.ok(Math.abs((e.log10PowerNorms[peak.k] ?? NaN) - e.peakPowerNorm.log10) <= 1e-9, `k = ${peak.k} is not a peak of numpy's series`);
        }
      });

      it('BPTT log10 ||dL/dh_t|| with the fixture dLdo within 1e-9', () => {
        const b = f.expected.bptt;
        assert.equal(report.trajectory.T, b.T);
        assert.equal(report.trajectory.upstream, 'given');
        seriesClose(report.trajectory.log10GradNorm, b.log10GradNorm, 'log10GradNorm');
      });
    });
  }
});
