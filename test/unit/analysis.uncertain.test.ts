/**
 * The `uncertain` verdict: bounded ||W^k|| whose interval straddles a threshold. Series are built
 * around the default thresholds, and a numpy fixture (gauss_128_rho1.1) is rescaled so that its
 * exact growth over T = 60 sits exactly on the exploding threshold.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verdictOf } from '../../src/core/analysis';
import { powerNormsLog10 } from '../../src/core/linalg';
import { DEFAULT_THRESHOLDS as TH } from '../../src/core/options';
import type { Log10Series } from '../../src/core/report';
import { NUMERIC_DIR, type NumericFixture } from './numericFixtures';

const flat = (T: number, v: number): Log10Series => Array.from({ length: T + 1 }, (_, k) => (k === 0 ? 0 : v));
const EPS = 1e-9;

describe('verdict: uncertain at the thresholds', () => {
  it('growth straddling the exploding or the vanishing threshold is uncertain; clear of it, not', () => {
    const at = (lo: number, hi: number) => verdictOf({ log10PowerNorms: flat(10, (lo + hi) / 2), spectralRadius: 1.5, lower: flat(10, lo), upper: flat(10, hi) }, TH);
    assert.equal(at(TH.explodeLog10 - EPS, TH.explodeLog10 + EPS), 'uncertain');
    assert.equal(at(TH.explodeLog10, TH.explodeLog10 + EPS), 'uncertain', 'the threshold itself is not exploding (strict >)');
    assert.equal(at(TH.explodeLog10 + EPS, TH.explodeLog10 + 1), 'exploding');
    assert.equal(at(TH.vanishLog10 - EPS, TH.vanishLog10 + EPS), 'uncertain');
    assert.equal(at(TH.vanishLog10 - 1, TH.vanishLog10 - EPS), 'vanishing');
    assert.equal(at(TH.vanishLog10 + EPS, TH.explodeLog10 - EPS), 'stable');
  });
  it('a peak straddling the transient-growth threshold with rho < 1 is uncertain', () => {
    const series = (peak: number): Log10Series => [0, peak, 0, 0];
    const v = (lo: number, hi: number, rho: number) => verdictOf({ log10PowerNorms: series(lo), spectralRadius: rho, lower: series(lo), upper: series(hi) }, TH);
    assert.equal(v(TH.transientLog10 - EPS, TH.transientLog10 + EPS, 0.9), 'uncertain');
    assert.equal(v(TH.transientLog10 + EPS, TH.transientLog10 + 1, 0.9), 'transient-growth');
    assert.equal(v(TH.transientLog10 - EPS, TH.transientLog10 + EPS, 1.01), 'stable', 'rho >= 1 is never transient growth');
  });
  it('without intervals the verdict is the exact one, never uncertain', () => {
    assert.equal(verdictOf({ log10PowerNorms: flat(5, TH.explodeLog10 + EPS), spectralRadius: 2 }, TH), 'exploding');
  });
});

describe('verdict: bounded power norms of a matrix on the threshold', () => {
  const fx = JSON.parse(readFileSync(join(NUMERIC_DIR, 'gauss_128_rho1.1.json'), 'utf8')) as NumericFixture;
  const T = fx.expected.log10PowerNorms.length - 1;
  const G = fx.expected.log10PowerNorms[T] as number;
  const scaled = (target: number) => {
    const c = 10 ** ((target - G) / T);
    return { rows: 128, cols: 128, data: Float64Array.from(fx.W.flat(), (x) => x * c) };
  };
  it('exact growth on the exploding threshold, bounded from k = 2: the interval brackets it and the verdict is uncertain', () => {
    const w = scaled(TH.explodeLog10);
    const pn = powerNormsLog10(w, T, { budgetFlops: 1 });
    assert.equal(pn.method, 'bounded');
    const lo = pn.lower![T]!;
    const hi = pn.upper![T]!;
    assert.ok(lo <= TH.explodeLog10 + 1e-9 && TH.explodeLog10 <= hi + 1e-9, `[${lo}, ${hi}]`);
    assert.equal(verdictOf({ log10PowerNorms: pn.values, spectralRadius: fx.expected.spectralRadius, lower: pn.lower!, upper: pn.upper! }, TH), 'uncertain');
  });
  it('the same matrix far above the threshold stays exploding while bounded', () => {
    const probe = powerNormsLog10(scaled(TH.explodeLog10), T, { budgetFlops: 1 });
    const w = scaled(TH.explodeLog10 + 2 * probe.maxLog10Error + 0.1);
    const pn = powerNormsLog10(w, T, { budgetFlops: 1 });
    assert.equal(verdictOf({ log10PowerNorms: pn.values, spectralRadius: fx.expected.spectralRadius, lower: pn.lower!, upper: pn.upper! }, TH), 'exploding');
  });
});
