/**
 * The run chart's own route (run/point.ts) against the full analysis and numpy, on the committed
 * wide run (scripts/fixtures/make_run_wide_fixtures.py: 64 x 64 blocks, one checkpoint per
 * verdict). σ_max comes from the same calls as analyze's, so it must agree to rounding; ρ comes
 * from the highest power with a certificate (or the same full solve where it fails): both are
 * backward stable on well-conditioned eigenvalues, so 1e-12 relative; ‖W^T‖ comes from squares
 * instead of step-by-step products: within 1e-9 in log10.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../../src/core/analysis';
import { gateBlocks } from '../../src/core/analysis/gates';
import { hessenbergPowers } from '../../src/core/linalg/horizonNorm';
import { additionChain } from '../../src/core/linalg/powerChain';
import { powerNormsLog10 } from '../../src/core/linalg';
import { hessenbergBlocked } from '../../src/core/linalg/hessenbergBlocked';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { readWeightFile } from '../../src/core/readers';
import { matrixSummaryOf, runSeries, summarizeWeights, type CheckpointSummary, type MatrixSummary, type SeriesPoint } from '../../src/core/run';
import { near, RUN_DIR, type ExpectedRun } from './runFixture';

const DIR = join(RUN_DIR, 'wide');
const EXPECTED = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Omit<ExpectedRun, 'words' | 'compare'>;
const OPTIONS = { ...DEFAULT_OPTIONS, horizon: EXPECTED.horizon };
/** σ_max from the same calls, ρ from a certified route: rounding only. */
const SAME = 1e-12;
/** ‖W^T‖ by squares against step-by-step products, in log10. */
const GROWTH = 1e-9;

const files = readdirSync(DIR).filter((f) => f.endsWith('.safetensors'));

function points(m: MatrixSummary): [string, SeriesPoint][] {
  return m.gates ? m.gates.map((g) => [`${m.name} [${g.gate}]`, g]) : [[m.name, m]];
}

describe('run: the chart route equals the full analysis', () => {
  for (const f of files) {
    it(`${f}: ρ, σ_max, log10 ‖W^T‖ and verdict of every matrix and gate`, () => {
      const weights = readWeightFile(new Uint8Array(readFileSync(join(DIR, f))), f);
      const fast = summarizeWeights(weights, OPTIONS);
      const full = analyzeFile(weights, f, OPTIONS).matrices.map(matrixSummaryOf);
      assert.equal(fast.length, 2);
      fast.forEach((m, i) => {
        const a = points(m);
        const b = points(full[i] as MatrixSummary);
        assert.deepEqual(a.map(([id]) => id), b.map(([id]) => id));
        a.forEach(([id, p], k) => {
          const q = (b[k] as [string, SeriesPoint])[1];
          near(p.spectralRadius, q.spectralRadius, SAME, `${id} ρ`);
          near(p.spectralNorm, q.spectralNorm, SAME, `${id} σ_max`);
          near(p.log10NormAtHorizon, q.log10NormAtHorizon, GROWTH, `${id} log10 ‖W^T‖`);
          assert.equal(p.verdict, q.verdict, `${id} verdict`);
        });
      });
    });
  }

  it('matches numpy per step, and the run holds every verdict the route decides', () => {
    const run: CheckpointSummary[] = files.map((f) => {
      const weights = readWeightFile(new Uint8Array(readFileSync(join(DIR, f))), f);
      const step = Number(/\d+/.exec(f)?.[0]);
      return { file: f, step, stepSource: 'name', mtimeMs: 0, size: 0, matrices: summarizeWeights(weights, OPTIONS), recurrences: [] };
    });
    run.sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
    const seen = new Set<string>();
    for (const s of runSeries(run)) {
      const expected = EXPECTED.series[s.id];
      assert.ok(expected, s.id);
      expected.forEach((e, i) => {
        const p = s.points[i];
        assert.ok(p, `${s.id} at step ${EXPECTED.steps[i]}`);
        near(p.spectralRadius, e.spectralRadius, EXPECTED.tolerance.spectralRadius, `${s.id} ρ at step ${EXPECTED.steps[i]}`);
        near(p.spectralNorm, e.spectralNorm, EXPECTED.tolerance.spectralNorm, `${s.id} σ at step ${EXPECTED.steps[i]}`);
        near(p.log10NormAtHorizon, e.log10NormAtHorizon, EXPECTED.tolerance.log10NormAtHorizon, `${s.id} log10 ‖W^T‖ at step ${EXPECTED.steps[i]}`);
        assert.equal(p.verdict, e.verdict, `${s.id} verdict at step ${EXPECTED.steps[i]}`);
        seen.add(e.verdict);
      });
    }
    assert.deepEqual([...seen].sort(), ['exploding', 'stable', 'transient-growth', 'vanishing']);
  });

  it('‖H^K‖ along the addition chain equals the step-by-step power norms for K = 1..70', () => {
    const weights = readWeightFile(new Uint8Array(readFileSync(join(DIR, 'step_3.safetensors'))), 'step_3');
    const stack = weights.matrices.find((m) => m.name === 'lstm.weight_hh_l0');
    assert.ok(stack);
    const w = gateBlocks(stack.matrix, 4)[0]!;
    const n = w.rows;
    const curve = powerNormsLog10(w, 70).values;
    let big = 0;
    for (const x of w.data) big = Math.max(big, Math.abs(x));
    const s = 2 ** Math.round(Math.log2(big));
    const h = Float64Array.from(w.data, (x) => x / s);
    hessenbergBlocked(h, n);
    for (let K = 1; K <= 70; K++) {
      const powers = hessenbergPowers(h, n, K);
      assert.ok(powers, `K = ${K}`);
      try {
        assert.equal(powers.atK.k, K);
        assert.deepEqual(powers.chain.map((p) => p.k), additionChain(K).map((c) => c.k));
        near(powers.normLog10(powers.atK).log10 + K * Math.log10(s), curve[K] ?? null, GROWTH, `log10 ‖W^${K}‖`);
      } finally {
        powers.release();
      }
    }
  });
});
