/**
 * Hostile numbers: entries across the whole double range, subnormals, graded rows and columns,
 * exact zeros, permutation, companion and nilpotent matrices, products that overflow. Every
 * solve must end within its caps and agree with numpy/LAPACK (test/fixtures/hostile, made by
 * scripts/fixtures/make_hostile_fixtures.py) within the error LAPACK's own answer may carry.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeMatrix, MAX_ENTRY } from '../../src/core/analysis';
import { UsageError } from '../../src/core/errors';
import { eigenvalues, spectralNorm, spectralRadius } from '../../src/core/linalg';
import { BALANCE_MAX_SWEEPS, balanceMatrix } from '../../src/core/linalg/balance';
import { transpose, type Matrix } from '../../src/core/matrix';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import type { NamedMatrix } from '../../src/core/weightFile';
import { ensureBuilt, runCli } from './cliProcess';

interface HostileCase {
  name: string;
  note: string;
  W: number[][];
  expected: {
    spectralRadius: number | null;
    log10SpectralRadius: number | null;
    exactSpectralRadius?: number;
    rhoTolerance: { relative?: number; absolute?: number };
    spectralNorm: number | null;
    log10PowerNorms: (number | null)[];
  };
}

const FIXTURE = join(__dirname, '..', 'fixtures', 'hostile', 'cases.json');
const { cases, K } = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { cases: HostileCase[]; K: number };
const matrixOf = (rows: number[][]): Matrix => ({ rows: rows.length, cols: rows.length, data: Float64Array.from(rows.flat()) });
const named = (w: Matrix): NamedMatrix => ({ name: 'W_hh', shape: [w.rows, w.cols], matrix: w, role: 'rnn', layout: 'pytorch', dtype: 'float64', score: 1 });
/** The QR iteration's default cap (francis.ts): 30 sweeps per eigenvalue, at least 300. */
const sweepCap = (n: number): number => 30 * Math.max(10, n);

function assertRadius(got: number, c: HostileCase, what: string): void {
  const want = c.expected.exactSpectralRadius ?? c.expected.spectralRadius;
  assert.ok(want !== null, 'only for cases numpy answers');
  const { relative, absolute } = c.expected.rhoTolerance;
  const err = relative !== undefined && want !== 0 ? Math.abs(got - want) / want : Math.abs(got - want);
  const lim = relative !== undefined && want !== 0 ? relative : (absolute ?? 0);
  assert.ok(err <= lim, `${c.name} ${what}: rho ${got} vs ${want} (error ${err}, allowed ${lim})`);
}

describe('hostile numbers: the solver ends and agrees with numpy', () => {
  it('the fixture set covers every kind the generator writes', () => {
    assert.ok(cases.length >= 25, `${cases.length} cases`);
  });

  for (const c of cases) {
    const w = matrixOf(c.W);
    const numpyAnswers = c.expected.spectralRadius !== null;
    const beyond = w.data.some((x) => Math.abs(x) > MAX_ENTRY);
    it(`${c.name}: ${c.note}`, () => {
      const e = eigenvalues(w);
      assert.ok(e.iterations <= sweepCap(w.rows), `${e.iterations} sweeps`);
      if (beyond) {
        // Past 2^1000 the analysis refuses with a sentence rather than overflow somewhere.
        assert.throws(() => analyzeMatrix(named(w), DEFAULT_OPTIONS), (err: unknown) => err instanceof UsageError && /beyond .* \(2\^1000\)/.test(err.message));
      }
      if (!numpyAnswers) return; // numpy overflows too
      assert.equal(e.converged, true);
      assertRadius(spectralRadius(e), c, 'eigenvalues');
      assertRadius(spectralRadius(eigenvalues(transpose(w))), c, 'of the transpose');
      // A power-of-two multiple is exact: rho(cW) = |c| rho(W) to the last bit the solver gives.
      const half: Matrix = { ...w, data: w.data.map((x) => -x / 2) };
      assertRadius(2 * spectralRadius(eigenvalues(half)), c, 'of -W/2');
    });

    if (!numpyAnswers || beyond) continue;
    it(`${c.name}: the whole analysis ends with finite numbers that match numpy`, () => {
      const report = analyzeMatrix(named(w), { ...DEFAULT_OPTIONS, horizon: K });
      assert.ok(report.spectralRadius !== null);
      assertRadius(report.spectralRadius, c, 'report');
      if (c.expected.spectralNorm !== null && report.spectralNorm !== null) {
        const s = c.expected.spectralNorm;
        assert.ok(Math.abs(report.spectralNorm - s) <= 1e-9 * s, `sigma_max ${report.spectralNorm} vs ${s}`);
      }
      // Where W^k is zero in exact arithmetic (nilpotent), both sides hold rounding noise only:
      // below the floor log10(k n eps sigma^k) any two values agree.
      const sigma = c.expected.spectralNorm ?? 0;
      const floor = (k: number): number => Math.log10(k * w.rows * Number.EPSILON) + k * Math.log10(sigma) + 1;
      const got = report.log10PowerNorms;
      c.expected.log10PowerNorms.forEach((want, k) => {
        const v = got[k];
        const noise = (x: number | null | undefined): boolean => x === null || (x !== undefined && x < floor(k));
        if (noise(want) && noise(v)) return;
        assert.ok(v !== null && v !== undefined && want !== null && Math.abs(v - want) <= 1e-8 * Math.max(1, Math.abs(want)), `k=${k}: log10 ${v} vs ${want}`);
      });
    });
  }
});

describe('balancing keeps every entry finite and ends', () => {
  it('on every hostile case: within the sweep cap, no Infinity or NaN, factors powers of two', () => {
    for (const c of cases) {
      const h = Float64Array.from(c.W.flat());
      const r = balanceMatrix(h, c.W.length);
      assert.ok(r.sweeps < BALANCE_MAX_SWEEPS, `${c.name}: ${r.sweeps} sweeps`);
      assert.ok(h.every(Number.isFinite), `${c.name}: a non-finite entry`);
      assert.ok(r.scale.every((f) => Number.isInteger(Math.log2(f))), `${c.name}: a factor that is not a power of two`);
    }
  });

  it('random matrices with entries 2^-1074 .. 2^1000: ends, and the radius is that of the transpose', () => {
    const entry = fc.tuple(fc.integer({ min: -1074, max: 1000 }), fc.double({ min: 1, max: 2, noNaN: true }), fc.boolean(), fc.boolean())
      .map(([e, m, neg, zero]) => (zero ? 0 : (neg ? -1 : 1) * m * 2 ** e));
    const square = fc.integer({ min: 1, max: 7 }).chain((n) => fc.array(entry, { minLength: n * n, maxLength: n * n }).map((d) => ({ n, d })));
    fc.assert(
      fc.property(square, ({ n, d }) => {
        const w: Matrix = { rows: n, cols: n, data: Float64Array.from(d) };
        const h = Float64Array.from(d);
        const b = balanceMatrix(h, n);
        assert.ok(b.sweeps < BALANCE_MAX_SWEEPS);
        assert.ok(h.every(Number.isFinite));
        const e = eigenvalues(w);
        assert.ok(e.iterations <= sweepCap(n));
        if (!e.converged) return;
        const r = spectralRadius(e);
        if (!Number.isFinite(r) || !Number.isFinite(spectralNorm(w))) return; // beyond the double range
        assert.ok(r <= spectralNorm(w) * (1 + 1e-9), `rho ${r} > sigma_max ${spectralNorm(w)}`);
      }),
      { seed: 20261206, numRuns: 400 },
    );
  });
});

describe('hostile numbers through the CLI', () => {
  before(() => ensureBuilt());

  it('the matrix that once hung the balancing: numpy\'s radius to 1e-10, exit 0', function () {
    this.timeout(60000);
    const seed = cases.find((c) => c.name === 'two_huge_rows_6');
    assert.ok(seed && seed.expected.spectralRadius !== null);
    const dir = mkdtempSync(join(tmpdir(), 'rgl-hostile-'));
    const file = join(dir, 'hang.json');
    writeFileSync(file, JSON.stringify({ W_hh: seed.W }));
    const r = runCli(['analyze', file, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const rho = (JSON.parse(r.stdout) as { matrices: { spectralRadius: number }[] }).matrices[0]?.spectralRadius;
    assert.ok(rho !== undefined && Math.abs(rho - seed.expected.spectralRadius) <= 1e-10 * seed.expected.spectralRadius, `rho ${rho}`);
  });

  it('entries past 2^1000: exit 2 with one sentence that names the matrix and the way out', function () {
    this.timeout(60000);
    const big = cases.find((c) => c.name === 'max_double_3');
    assert.ok(big);
    const dir = mkdtempSync(join(tmpdir(), 'rgl-hostile-'));
    const file = join(dir, 'big.json');
    writeFileSync(file, JSON.stringify({ W_hh: big.W }));
    const r = runCli(['analyze', file]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /W_hh has entries up to 1\.80e\+308, beyond .*--scale/);
  });
});
