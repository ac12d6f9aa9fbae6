/** The assembled report: no NaN/Infinity, determinism, horizon, what-if scale, verdicts, non-convergence. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile, analyzeMatrix, assertFinite, spectrumOf, InternalAnalysisError } from '../../src/core/analysis';
import { fromRows, scale as scaleBy, type Matrix } from '../../src/core/matrix';
import { DEFAULT_OPTIONS, DEFAULT_THRESHOLDS, type AnalyzeOptions } from '../../src/core/options';
import type { NamedMatrix, WeightFile } from '../../src/core/weightFile';
import { eigenvalues, spectralRadius } from '../../src/core/linalg';

const fixture = (name: string): number[][] =>
  (JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'numeric', `${name}.json`), 'utf8')) as { W: number[][] }).W;

const named = (matrix: Matrix, name = 'W_hh'): NamedMatrix => ({
  name, shape: [matrix.rows, matrix.cols], matrix, role: 'rnn', layout: 'pytorch', dtype: 'float64', score: 1,
});

const opts = (o: Partial<AnalyzeOptions> = {}): AnalyzeOptions => ({ ...DEFAULT_OPTIONS, ...o });

/** Independent of the report's own guard: every number anywhere must be finite. */
function nonFinitePaths(x: unknown, path = '$'): string[] {
  if (typeof x === 'number') return Number.isFinite(x) ? [] : [path];
  if (x === null || typeof x !== 'object') return [];
  return Object.entries(x).flatMap(([k, v]) => nonFinitePaths(v, `${path}.${k}`));
}

describe('analysis: the assembled report', () => {
  for (const [what, w, horizon] of [
    ['huge_scale (entries ~1e149)', fromRows(fixture('huge_scale')), 60],
    ['zero_3', fromRows(fixture('zero_3')), 60],
    ['rho = 3, T = 1000', fromRows([[3, 0.5], [0, 1]]), 1000],
  ] as const) {
    it(`has no NaN or Infinity anywhere: ${what}`, () => {
      const file: WeightFile = { format: 'json', matrices: [named(w)], others: [] };
      const r = analyzeFile(file, 'x.json', opts({ horizon }));
      assert.deepEqual(nonFinitePaths(r), []);
      const m = r.matrices[0]!;
      assert.equal(m.log10PowerNorms.length, horizon + 1);
      assert.equal(m.trajectory.T, horizon);
      for (const s of [m.trajectory.log10GradNorm, m.trajectory.tanh!.log10GradNorm, m.trajectory.clipping!.log10GradNorm]) {
        assert.equal(s.length, horizon);
      }
    });
  }

  it('rho = 3 over T = 1000: ||W^k|| grows by log10 3 per step, finite at the horizon', () => {
    const m = analyzeMatrix(named(fromRows([[3, 0.5], [0, 1]])), opts({ horizon: 1000 }));
    assert.equal(m.verdict, 'exploding');
    assert.equal(m.asymptotic, 'exploding');
    const s = m.log10PowerNorms;
    assert.ok(Math.abs((s[1000]! - s[900]!) / 100 - Math.log10(3)) < 1e-9);
    assert.ok(m.trajectory.clipping!.log10TotalNorm! > 400);
  });

  it('the guard throws on a NaN or Infinity that slipped into a report', () => {
    assert.throws(() => assertFinite({ a: [1, { b: NaN }] }), (e: unknown) => e instanceof InternalAnalysisError && /a\[1\]\.b is NaN/.test(e.message));
    assert.throws(() => assertFinite({ v: Float64Array.of(1, Infinity) }), /v\[1\] is Infinity/);
    assert.doesNotThrow(() => assertFinite({ a: [null, 1, 'x'], b: { c: -1e308 } }));
  });

  it('is deterministic for a seed, and the seed drives the default upstream', () => {
    const w = fromRows(fixture('gauss_8_rho0.9'));
    const a = analyzeMatrix(named(w), opts({ seed: 3 }));
    const b = analyzeMatrix(named(w), opts({ seed: 3 }));
    const c = analyzeMatrix(named(w), opts({ seed: 4 }));
    assert.deepEqual(a, b);
    assert.equal(a.trajectory.upstream, 'default');
    assert.notDeepEqual(a.trajectory.log10GradNorm, c.trajectory.log10GradNorm);
    assert.deepEqual(a.log10PowerNorms, c.log10PowerNorms);
  });

  it('the horizon sets k = 0..T and the trajectory length; a shorter horizon is a prefix', () => {
    const w = fromRows(fixture('jordan_0.9'));
    const long = analyzeMatrix(named(w), opts({ horizon: 60 }));
    const short = analyzeMatrix(named(w), opts({ horizon: 20 }));
    assert.equal(short.log10PowerNorms.length, 21);
    assert.deepEqual(short.log10PowerNorms, long.log10PowerNorms.slice(0, 21));
    assert.equal(short.log10GrowthAtHorizon, long.log10PowerNorms[20]);
    assert.equal(short.trajectory.T, 20);
    assert.equal(short.trajectory.log10GradNorm.length, 20);
  });

  it('the what-if scale multiplies W first and says so', () => {
    const w = fromRows(fixture('gauss_8_rho0.9'));
    const scaled = analyzeMatrix(named(w), opts({ scale: 2 }));
    const direct = analyzeMatrix(named(scaleBy(w, 2)), opts());
    assert.equal(scaled.scale, 2);
    assert.ok(Math.abs(scaled.spectralRadius! - 2 * spectralRadius(eigenvalues(w))) < 1e-12);
    assert.deepEqual(scaled.log10PowerNorms, direct.log10PowerNorms);
    assert.ok(scaled.notes.some((n) => /multiplied by 2/.test(n)));
  });

  it('verdicts and asymptotic classes on the reference matrices (default thresholds)', () => {
    const cases: [string, string, string][] = [
      ['jordan_0.9', 'transient-growth', 'vanishing'],
      ['jordan_0.5_4', 'vanishing', 'vanishing'],
      ['diag_0.9_1.1', 'exploding', 'exploding'],
      ['identity_8', 'stable', 'marginal'],
      ['rotation', 'stable', 'marginal'],
      ['zero_3', 'vanishing', 'vanishing'],
      ['gauss_8_rho0.9', 'vanishing', 'vanishing'],
    ];
    for (const [name, verdict, asymptotic] of cases) {
      const m = analyzeMatrix(named(fromRows(fixture(name))), opts());
      assert.equal(m.verdict, verdict, name);
      assert.equal(m.asymptotic, asymptotic, name);
    }
  });

  it('the thresholds come from the options', () => {
    const w = fromRows(fixture('jordan_0.9')); // log10 ||W^60|| ~ -0.92, peak ~ 0.59
    assert.equal(analyzeMatrix(named(w), opts({ thresholds: { ...DEFAULT_THRESHOLDS, vanishLog10: -0.5 } })).verdict, 'vanishing');
    assert.equal(analyzeMatrix(named(w), opts({ thresholds: { ...DEFAULT_THRESHOLDS, transientLog10: 0.7 } })).verdict, 'stable');
  });

  it('non-convergence: no eigenvalues, a note, and an upper bound of rho', () => {
    const w = fromRows(fixture('gauss_32_rho1.0'));
    const s = spectrumOf(w, { horizon: 60, thresholds: DEFAULT_THRESHOLDS, maxEigenIterations: 1 });
    assert.equal(s.eigenvaluesConverged, false);
    assert.deepEqual(s.eigenvalues, []);
    assert.ok(s.notes.some((n) => /did not converge/.test(n) && /upper bound/.test(n)));
    const rho = spectralRadius(eigenvalues(w));
    assert.ok(s.spectralRadius >= rho * (1 - 1e-12), `bound ${s.spectralRadius} below rho ${rho}`);
    assert.ok(s.spectralRadius <= s.spectralNorm);
  });

  it('lists every singular value up to n = 128 (sum of squares = ||W||_F^2), only sigma_max above, with a note', () => {
    const rows = fixture('gauss_128_rho1.1');
    const small = spectrumOf(fromRows(rows), { horizon: 10, thresholds: DEFAULT_THRESHOLDS });
    assert.equal(small.singularValues.length, 128);
    assert.ok(small.singularValues.every((v, i) => i === 0 || v <= small.singularValues[i - 1]!), 'descending');
    assert.ok(Math.abs(small.singularValues[0]! - small.spectralNorm) <= 1e-13 * small.spectralNorm);
    const sumSq = small.singularValues.reduce((acc, v) => acc + v * v, 0);
    assert.ok(Math.abs(sumSq - small.frobeniusNorm ** 2) <= 1e-12 * small.frobeniusNorm ** 2, `${sumSq} vs ${small.frobeniusNorm ** 2}`);
    assert.ok(!small.notes.some((n) => /singular values/.test(n)));
    // One row and column more: block diag(W, 0.5) has n = 129 and the same sigma_max.
    const bigger = rows.map((r) => [...r, 0]).concat([[...Array<number>(128).fill(0), 0.5]]);
    const big = spectrumOf(fromRows(bigger), { horizon: 10, thresholds: DEFAULT_THRESHOLDS });
    assert.deepEqual(big.singularValues, [big.spectralNorm]);
    assert.ok(Math.abs(big.spectralNorm - small.spectralNorm) <= 1e-13 * small.spectralNorm);
    assert.ok(big.notes.some((n) => n.includes('only the largest of 129 singular values')), big.notes.join('; '));
  });

  it('tanh: Pascanu et al. condition with gamma = 1, and decay when sigma_max < 1', () => {
    const half = scaleBy(fromRows(fixture('gauss_8_rho0.9')), 0.5);
    const contracting = analyzeMatrix(named(half), opts({ lossAt: 'last-step', horizon: 40 }));
    const t = contracting.trajectory.tanh!;
    assert.equal(t.gamma, 1);
    assert.ok(contracting.spectralNorm! < 1);
    assert.equal(t.sufficientForVanishing, true);
    assert.equal(t.necessaryForExploding, false);
    // ||dh_t|| <= sigma_max^(T-t) ||d_T|| because |tanh'| <= 1.
    const l = Math.log10(contracting.spectralNorm!);
    t.log10GradNorm.forEach((g, i) => assert.ok(g! <= (39 - i) * l + 1e-9, `t=${i + 1}`));
    const expanding = analyzeMatrix(named(fromRows(fixture('diag_0.9_1.1'))), opts());
    assert.equal(expanding.trajectory.tanh!.necessaryForExploding, true);
    assert.equal(expanding.trajectory.tanh!.sufficientForVanishing, false);
    // sigma_max = 1 up to rounding (orthogonal): neither side of the condition is claimed.
    const orthogonal = analyzeMatrix(named(fromRows(fixture('orthogonal_64'))), opts({ horizon: 10 })).trajectory.tanh!;
    assert.equal(orthogonal.sufficientForVanishing, false);
    assert.equal(orthogonal.necessaryForExploding, false);
  });

  it('refuses a wrong-length upstream and names the row', () => {
    assert.throws(() => analyzeMatrix(named(fromRows([[1, 0], [0, 1]])), opts({ upstream: [[1, 0], [1]] })), /row 2 has 1 values/);
  });

  it('refuses a horizon whose trajectories would not fit, naming the largest that does', () => {
    const big: Matrix = { rows: 1000, cols: 1000, data: new Float64Array(1000 * 1000) };
    assert.throws(() => analyzeMatrix(named(big), opts({ horizon: 100000 })), /n = 1000 is too much work .* use T <= 20000$/);
  });

  it('stamps the package version', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    const file: WeightFile = { format: 'csv', matrices: [named(fromRows([[0.5]]))], others: [] };
    assert.equal(analyzeFile(file, 'w.csv', opts()).version, pkg.version);
  });

  it('analyzeFile picks matrices by name and reports unknown names', () => {
    const file: WeightFile = { format: 'json', matrices: [named(fromRows([[0.5]]), 'a'), named(fromRows([[2]]), 'b')], others: [{ name: 'bias', shape: [1], reason: 'not a matrix' }] };
    const r = analyzeFile(file, 'f.json', opts(), ['b']);
    assert.deepEqual(r.matrices.map((m) => m.name), ['b']);
    assert.deepEqual(r.skipped, [{ name: 'bias', shape: [1], reason: 'not a matrix' }]);
    assert.equal(r.tool, 'rnn-gradient-lens');
    assert.throws(() => analyzeFile(file, 'f.json', opts(), ['c']), /no matrix named "c" \(found: a, b\)/);
  });
});
