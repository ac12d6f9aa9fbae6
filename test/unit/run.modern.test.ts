/**
 * A run of modern layers (scripts/fixtures/make_run_modern_fixtures.py: two Mamba-2 layers and an
 * LRU whose memory grows, one head stuck at |λ| = 1 at the last step): what the run chart keeps
 * per layer and what `track` prints, against numpy's half-lives in expected.json.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CSV_HEADER } from '../../src/cli/trackOutput';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { readWeightFile } from '../../src/core/readers';
import { joinParts, summarizeCheckpoint, verdictChanges } from '../../src/core/run';
import { cliInProcess as cli } from './cliProcess';
import { near, RUN_DIR, summariesOf } from './runFixture';

interface ExpectedLayer {
  readonly layer: string;
  readonly kind: string;
  readonly channels: number;
  readonly spectralRadius: number;
  readonly halfLife: { min: number; median: number; max: number } | null;
  readonly nonDecaying: number;
  readonly verdict: string;
}

const DIR = join(RUN_DIR, 'modern');
const EXPECTED = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as {
  tolerance: { spectralRadius: number; halfLife: number };
  horizon: number;
  steps: number[];
  layers: Record<string, ExpectedLayer[]>;
};
const OPTIONS = { ...DEFAULT_OPTIONS, horizon: EXPECTED.horizon };

/** Index of the first step whose memory verdict differs from the one before (numpy's). */
const firstChange = (list: readonly ExpectedLayer[]): number => list.findIndex((e, i) => i > 0 && e.verdict !== list[i - 1]?.verdict);

describe('run: modern layers over the steps', () => {
  const checkpoints = summariesOf(DIR);

  it('each checkpoint keeps every layer: ρ, half-lives, non-decaying count and memory verdict as numpy', () => {
    assert.deepEqual(checkpoints.map((c) => c.step), EXPECTED.steps);
    for (const [layer, list] of Object.entries(EXPECTED.layers)) {
      list.forEach((e, i) => {
        const r = checkpoints[i]?.recurrences.find((x) => x.layer === layer);
        const at = `${layer} at step ${EXPECTED.steps[i]}`;
        assert.ok(r, at);
        assert.deepEqual([r.kind, r.channels, r.nonDecaying, r.memory, r.verdict], [e.kind, e.channels, e.nonDecaying, e.verdict, null], at);
        near(r.spectralRadius, e.spectralRadius, EXPECTED.tolerance.spectralRadius, `${at} ρ`);
        assert.ok(r.halfLife && e.halfLife, at);
        for (const q of ['min', 'median', 'max'] as const) near(r.halfLife[q], e.halfLife[q], EXPECTED.tolerance.halfLife, `${at} half-life ${q}`);
      });
    }
    // The fixture tells a story: memory grows, and two layers change their verdict.
    const changed = Object.values(EXPECTED.layers).filter((l) => firstChange(l) > 0);
    assert.equal(changed.length, 2);
  });

  it('a checkpoint shared by two threads joins back to the whole', () => {
    // The wide run has two matrices (one per thread); this one has only layers (thread 0's).
    for (const file of [join(RUN_DIR, 'wide', 'step_3.safetensors'), join(DIR, 'step_200.safetensors')]) {
      const weights = readWeightFile(new Uint8Array(readFileSync(file)), file);
      const whole = summarizeCheckpoint(weights, OPTIONS);
      const parts = [0, 1].map((index) => summarizeCheckpoint(weights, OPTIONS, { index, of: 2 }));
      assert.deepEqual(joinParts(parts), whole, file);
      assert.equal(whole.matrices.length + whole.recurrences.length > 1, true, file);
    }
  });

  it('one LSTM layer is shared by gate: each thread computes every other square block', () => {
    const file = join(RUN_DIR, 'wide', 'step_3.safetensors');
    const weights = readWeightFile(new Uint8Array(readFileSync(file)), file);
    // Blocks in file order: the RNN matrix (0), then the LSTM's four gates (1..4).
    const stack = weights.matrices.findIndex((m) => m.role === 'lstm');
    assert.equal(stack, 1);
    const parts = [0, 1].map((index) => summarizeCheckpoint(weights, OPTIONS, { index, of: 2 }));
    const computed = parts.map((p) => (p.matrices[stack]?.gates ?? []).map((g) => g.spectralRadius !== null));
    assert.deepEqual(computed, [
      [false, true, false, true],
      [true, false, true, false],
    ]);
    assert.notEqual(parts[0]?.matrices[0]?.spectralRadius, null);
    assert.equal(parts[1]?.matrices[0]?.spectralRadius, null);
  });

  it('track: one table per layer with its half-lives, the memory verdict and its first change marked', async () => {
    const r = await cli('track', DIR, '--horizon', String(EXPECTED.horizon));
    assert.equal(r.code, 0, r.stderr);
    for (const [layer, list] of Object.entries(EXPECTED.layers)) {
      const table = r.stdout.slice(r.stdout.indexOf(`${layer}  ${list[0]?.kind}`));
      const block = table.slice(0, table.indexOf('\n\n'));
      assert.match(block, /half-life min +median +max +non-decaying +verdict/);
      const first = firstChange(list);
      const changes = verdictChanges(list.map((e) => e.verdict), EXPECTED.steps);
      if (first < 0) assert.match(block, new RegExp(`verdict unchanged over the run \\(${list[0]?.verdict}\\)`));
      else assert.ok(block.includes(`verdict changed at step ${EXPECTED.steps[first]}: ${changes[0]?.from} → ${changes[0]?.to}`), block);
      list.forEach((e, i) => {
        const row = block.split('\n').find((l) => l.trimStart().startsWith(`${EXPECTED.steps[i]} `));
        assert.ok(row?.includes(e.verdict), `${layer} row at step ${EXPECTED.steps[i]}`);
      });
    }
  });

  it('track --csv: a line per checkpoint and layer with the half-lives and the memory verdict', async () => {
    const r = await cli('track', DIR, '--csv', '--horizon', String(EXPECTED.horizon));
    assert.equal(r.code, 0, r.stderr);
    const [header, ...lines] = r.stdout.trim().split('\n');
    assert.equal(header, CSV_HEADER);
    const col = (name: string): number => CSV_HEADER.split(',').indexOf(name);
    for (const [layer, list] of Object.entries(EXPECTED.layers)) {
      const mine = lines.map((l) => l.split(',')).filter((f) => f[col('name')] === layer);
      assert.equal(mine.length, list.length, layer);
      mine.forEach((f, i) => {
        const e = list[i] as ExpectedLayer;
        assert.equal(f[col('verdict')], e.verdict);
        assert.equal(Number(f[col('non_decaying')]), e.nonDecaying);
        near(Number(f[col('half_life_min')]), e.halfLife?.min ?? null, EXPECTED.tolerance.halfLife, `${layer} min`);
        near(Number(f[col('half_life_median')]), e.halfLife?.median ?? null, EXPECTED.tolerance.halfLife, `${layer} median`);
        near(Number(f[col('half_life_max')]), e.halfLife?.max ?? null, EXPECTED.tolerance.halfLife, `${layer} max`);
      });
    }
  });
});
