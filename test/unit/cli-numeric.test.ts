import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalysisReport, Log10Series } from '../../src/core/report';
import { assertClose, ensureBuilt, runCli } from './cliProcess';
import { loadNumericFixtures } from './numericFixtures';

const fixtures = loadNumericFixtures();

/** Fixture README tolerances: 1e-9 relative for radius and norms, 1e-9 absolute per log10 value. */
function assertSeries(actual: Log10Series, expected: Log10Series, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  expected.forEach((e, i) => {
    const a = actual[i];
    if (e === null) assert.equal(a, null, `${what}[${i}] is exactly zero`);
    else {
      assert.ok(typeof a === 'number', `${what}[${i}]: expected a number, got ${String(a)}`);
      assert.ok(Math.abs(a - e) <= 1e-9, `${what}[${i}]: ${a} vs ${e} (absolute tolerance 1e-9)`);
    }
  });
}

describe('cli: numeric fixtures through --json --horizon 60 --upstream', function () {
  this.timeout(60_000);
  let dir = '';
  before(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'rgl-numeric-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the fixtures', () => assert.ok(fixtures.length >= 10, `${fixtures.length} fixtures`));

  for (const fx of fixtures) {
    it(`${fx.name}: ${fx.note}`, () => {
      // The user's view: a weights file and an upstream-gradient file, both written as JSON.
      const weights = join(dir, `${fx.name}.json`);
      const upstream = join(dir, `${fx.name}.dLdo.json`);
      writeFileSync(weights, JSON.stringify({ W_hh: fx.W }));
      writeFileSync(upstream, JSON.stringify({ dLdo: fx.expected.bptt.dLdo }));
      const r = runCli(['analyze', weights, '--json', '--horizon', '60', '--upstream', upstream]);
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout) as AnalysisReport;
      assert.equal(report.matrices.length, 1);
      const m = report.matrices[0];
      assert.ok(m);
      const e = fx.expected;
      assert.deepEqual(m.shape, e.shape);
      assertClose(m.spectralRadius, e.spectralRadius, 1e-9, 'spectral radius');
      assertClose(m.spectralNorm, e.spectralNorm, 1e-9, 'spectral norm');
      assertClose(m.frobeniusNorm, e.frobeniusNorm, 1e-9, 'Frobenius norm');
      assertSeries(m.log10PowerNorms, e.log10PowerNorms, 'log10PowerNorms');
      // Peaks of flat curves (orthogonal W) tie at rounding level: compare the value, and that k points at it.
      const peak = e.peakPowerNorm.log10;
      if (peak === null) assert.equal(m.peakPowerNorm.log10, null);
      else assert.ok(Math.abs((m.peakPowerNorm.log10 ?? NaN) - peak) <= 1e-9, `peak ${m.peakPowerNorm.log10} vs ${peak}`);
      assert.equal(m.log10PowerNorms[m.peakPowerNorm.k], m.peakPowerNorm.log10, 'peak k indexes the curve');
      assert.equal(m.trajectory.T, e.bptt.T);
      assert.equal(m.trajectory.upstream, 'given');
      assertSeries(m.trajectory.log10GradNorm, e.bptt.log10GradNorm, 'log10GradNorm');
    });
  }
});
