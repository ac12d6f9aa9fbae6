import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { analyzeFile } from '../../src/core/analysis';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { readWeightFile } from '../../src/core/readers';
import { compareAnalyses } from '../../src/core/run/compare';
import { join } from 'node:path';
import {
  checkpointNames,
  compareCheckpoints,
  insertOrdered,
  orderCheckpoints,
  resolveStep,
  runSeries,
  StampCache,
  stepFromName,
  verdictChanges,
  type FileStamp,
} from '../../src/core/run';
import { EXPECTED, expectedFirstChange, near, RUN_DIR, summariesOf } from './runFixture';

describe('run: steps from file names', () => {
  const cases: [string, number | undefined][] = [
    ['step_2.pt', 2],
    ['runs/a1/step_10.safetensors', 10],
    ['epoch=3-step=300.ckpt', 300],
    ['ckpt-0012.npy', 12],
    ['checkpoint-500.safetensors', 500],
    ['global_step120.pt', 120],
    ['epoch_5.json', 5],
    ['model_0100.npy', 100],
    ['weights.10-0.52.hdf5', 10],
    ['lstm256_step_7.npy', 7],
    ['W_hh.npy', undefined],
  ];
  for (const [name, step] of cases) {
    it(`${name} → ${String(step)}`, () => assert.equal(stepFromName(name), step));
  }
});

describe('run: order', () => {
  it('orders the fixture folders by step although string order is wrong', () => {
    for (const sub of ['safetensors', 'npy']) {
      const names = readdirSync(join(RUN_DIR, sub)).sort();
      const steps = orderCheckpoints(names.map((file) => ({ file, step: stepFromName(file) ?? null, mtimeMs: 0 }))).map((c) => c.step);
      assert.notDeepEqual(names.map((n) => stepFromName(n)), EXPECTED.steps, 'string order differs from step order');
      assert.deepEqual(steps, EXPECTED.steps);
    }
  });

  it('takes the step from a counter inside when the name has none', () => {
    const run = summariesOf(join(RUN_DIR, 'content'));
    assert.deepEqual(run.map((c) => c.step), EXPECTED.steps);
    assert.ok(run.every((c) => c.stepSource === 'content'));
  });

  it('reads step, global_step and epoch scalars from JSON (global_step first)', () => {
    const text = '{"trainer": {"epoch": 3, "global_step": 120}, "step": 7, "W_hh": [[0.5, 0], [0, 0.5]]}';
    const meta = readWeightFile(new TextEncoder().encode(text), 'w.json').meta;
    assert.deepEqual(meta, { step: 7, epoch: 3, globalStep: 120 });
    assert.deepEqual(resolveStep('w.json', meta), { step: 120, stepSource: 'content' });
  });

  it('falls back to modification time, unnumbered files after numbered ones', () => {
    const list = [
      { file: 'b', step: null, mtimeMs: 5 },
      { file: 'a', step: null, mtimeMs: 9 },
      { file: 'step_10', step: 10, mtimeMs: 1 },
      { file: 'step_2', step: 2, mtimeMs: 2 },
    ];
    assert.deepEqual(orderCheckpoints(list).map((c) => c.file), ['step_2', 'step_10', 'b', 'a']);
  });

  it('insertOrdered keeps the order a full sort gives, replacing a file seen before', () => {
    const items = [7, 3, 11, 3, 0, 25, 2, 9].map((step, i) => ({ file: `f${i}`, step, mtimeMs: i }));
    const list: typeof items = [];
    for (const it of items) insertOrdered(list, it);
    assert.deepEqual(list, orderCheckpoints(items));
    insertOrdered(list, { file: 'f2', step: 1, mtimeMs: 2 });
    assert.equal(list.length, items.length);
    assert.equal(list[1]?.file, 'f2');
    for (let i = 1; i < list.length; i++) assert.ok(compareCheckpoints(list[i - 1]!, list[i]!) <= 0);
  });

  it('a folder: binary checkpoints when there are any, text weights otherwise, never hidden files', () => {
    assert.deepEqual(checkpointNames(['a.safetensors', 'config.json', '.tmp.npy', 'b.npy', 'notes.md']), ['a.safetensors', 'b.npy']);
    assert.deepEqual(checkpointNames(['step_1.json', 'step_2.csv', 'README.md']), ['step_1.json', 'step_2.csv']);
  });
});

describe('run: summaries and verdict changes against numpy', () => {
  const run = summariesOf(join(RUN_DIR, 'safetensors'));
  const series = runSeries(run);
  const tol = EXPECTED.tolerance;

  it('has one line per matrix and per gate, in file order', () => {
    assert.deepEqual(series.map((s) => s.id).sort(), Object.keys(EXPECTED.series).sort());
  });

  for (const [id, points] of Object.entries(EXPECTED.series)) {
    it(`${id}: ρ, σ_max, log10 ‖W^T‖ and verdict per step`, () => {
      const s = series.find((x) => x.id === id);
      assert.ok(s, id);
      points.forEach((e, i) => {
        const p = s.points[i];
        assert.ok(p, `${id} at step ${EXPECTED.steps[i]}`);
        near(p.spectralRadius, e.spectralRadius, tol.spectralRadius, `${id} ρ at step ${EXPECTED.steps[i]}`);
        near(p.spectralNorm, e.spectralNorm, tol.spectralNorm, `${id} σ at step ${EXPECTED.steps[i]}`);
        near(p.log10NormAtHorizon, e.log10NormAtHorizon, tol.log10NormAtHorizon, `${id} log10 ‖W^T‖ at step ${EXPECTED.steps[i]}`);
        assert.equal(p.verdict, e.verdict, `${id} verdict at step ${EXPECTED.steps[i]}`);
      });
      const first = expectedFirstChange(points);
      assert.ok(first > 0, 'the fixture has a verdict change');
      assert.equal(s.changes[0]?.index, first);
      assert.equal(s.changes[0]?.step, EXPECTED.steps[first]);
    });
  }

  it('a change is against the previous known verdict (gaps do not count)', () => {
    assert.deepEqual(verdictChanges(['stable', null, 'stable', 'exploding', null, 'exploding', 'stable'], [1, 2, 3, 4, 5, 6, 7]), [
      { index: 3, step: 4, from: 'stable', to: 'exploding' },
      { index: 6, step: 7, from: 'exploding', to: 'stable' },
    ]);
    assert.deepEqual(verdictChanges([null, 'vanishing'], [null, null]), []);
  });
});

describe('run: stamp cache', () => {
  const stamp = (file: string, mtimeMs: number, size: number): FileStamp => ({ file, mtimeMs, size });

  it('hits only for the same path, mtime and size', () => {
    const c = new StampCache<number>();
    c.set(stamp('a', 1, 10), 42);
    assert.equal(c.get(stamp('a', 1, 10)), 42);
    assert.equal(c.get(stamp('a', 2, 10)), undefined, 'rewritten');
    assert.equal(c.get(stamp('a', 1, 11)), undefined, 'grew');
    assert.equal(c.get(stamp('b', 1, 10)), undefined);
  });

  it('a rewrite replaces the entry and retain() forgets files that left the folder', () => {
    const c = new StampCache<string>();
    for (let i = 0; i < 50; i++) c.set(stamp(`f${i}`, i, i), `v${i}`);
    c.set(stamp('f3', 100, 3), 'new');
    assert.equal(c.size, 50);
    assert.equal(c.get(stamp('f3', 100, 3)), 'new');
    c.retain(['f3', 'f7', 'gone']);
    assert.equal(c.size, 2);
    assert.equal(c.get(stamp('f7', 7, 7)), 'v7');
  });
});

describe('run: comparing two checkpoints', () => {
  const load = (step: number) => {
    const path = join(RUN_DIR, 'safetensors', `step_${step}.safetensors`);
    const file = readWeightFile(new Uint8Array(readFileSync(path)), path);
    return { file, report: analyzeFile(file, path, { ...DEFAULT_OPTIONS, horizon: EXPECTED.horizon }) };
  };

  it('Δρ per matrix and gate, and ‖W_a − W_b‖_F / ‖W_a‖_F, as numpy gives them', () => {
    const { a, b, relativeChange } = EXPECTED.compare;
    const ia = EXPECTED.steps.indexOf(a);
    const ib = EXPECTED.steps.indexOf(b);
    const c = compareAnalyses(load(a), load(b));
    assert.deepEqual(c.onlyA, []);
    assert.deepEqual(c.onlyB, []);
    for (const m of c.matrices) {
      near(m.relativeChange, relativeChange[m.name] ?? null, 1e-6, `${m.name} relative change`);
      const lines = m.gates ? m.gates.map((g) => ({ id: `${m.name} [${g.gate}]`, delta: g.deltaRadius })) : [{ id: m.name, delta: m.deltaRadius }];
      for (const l of lines) {
        const s = EXPECTED.series[l.id];
        const want = (s?.[ib]?.spectralRadius ?? NaN) - (s?.[ia]?.spectralRadius ?? NaN);
        assert.ok(l.delta !== null && Math.abs(l.delta - want) < 1e-8, `${l.id}: Δρ ${String(l.delta)} vs numpy ${want}`);
      }
    }
  });

  it('a file against itself: no change; names in one file only are listed', () => {
    const x = load(EXPECTED.steps[0] as number);
    const c = compareAnalyses(x, x);
    for (const m of c.matrices) {
      assert.equal(m.relativeChange, 0);
      assert.ok(m.deltaRadius === null || m.deltaRadius === 0);
    }
    const fewer = { ...x, report: { ...x.report, matrices: x.report.matrices.slice(0, 1) } };
    assert.deepEqual(compareAnalyses(x, fewer).onlyA, x.report.matrices.slice(1).map((m) => m.name));
  });
});
