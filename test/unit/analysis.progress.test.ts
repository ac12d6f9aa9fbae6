import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { nextStage, PartialReportBuilder, STAGES, withTestSpin, type PartialReport, type ProgressEvent } from '../../src/core/progress';
import { handleRequest } from '../../src/extension/worker/handleRequest';

const ROOT = join(__dirname, '..', '..');

function fileRequest(example: string, progress: boolean) {
  const bytes = new Uint8Array(readFileSync(join(ROOT, 'examples', example)));
  return { kind: 'file' as const, id: 7, fileName: example, displayName: example, source: { bytes }, read: {}, options: DEFAULT_OPTIONS, progress };
}

describe('progressive results', () => {
  it('posts each stage as it finishes, in order, and the last partial agrees with the report', () => {
    const posted: PartialReport[] = [];
    const reply = handleRequest(fileRequest('exploding.json', true), { post: (p) => posted.push(p) });
    assert.ok(reply.ok && reply.kind === 'file');
    const m = reply.report.matrices[0];
    assert.ok(m);
    const mine = posted.map((p) => p.matrices.find((x) => x.name === m.name)).filter((x) => x !== undefined);
    // The matrix is announced; σ_max and ‖W‖_F come first, inside the spectrum stage (no stage done yet).
    assert.deepEqual(mine[0]?.stages, []);
    assert.equal(mine[0]?.spectralNorm, undefined);
    assert.deepEqual(mine[1]?.stages, [], 'σ_max arrives before any stage is finished');
    assert.equal(mine[1]?.spectralNorm, m.spectralNorm, 'σ_max as reported');
    assert.equal(mine[1]?.frobeniusNorm, m.frobeniusNorm, '‖W‖_F as reported');
    assert.equal(mine[1]?.spectralRadius, undefined, 'ρ waits for the eigenvalues');
    // Then the stages arrive one by one, in STAGES order, before the matrix is complete (steps of
    // the power norms, posted a few a second, may come between them: they add no stage).
    const seen = mine.slice(1).map((x) => x.stages.length).filter((v, i, all) => i === 0 || v !== all[i - 1]);
    const at = (stages: number) => mine.find((x) => x.stages.length === stages);
    assert.deepEqual(seen.slice(0, 4), [0, 1, 2, 3], 'σ_max, then spectrum, power norms, norms');
    assert.deepEqual(at(1)?.stages, ['spectrum']);
    assert.equal(at(1)?.spectralRadius, m.spectralRadius, 'the radius is posted with the spectrum, as reported');
    assert.deepEqual(at(1)?.eigenvalues, m.eigenvalues);
    assert.equal(at(1)?.spectralNorm, m.spectralNorm, 'σ_max is still there');
    assert.equal(at(1)?.asymptotic, m.asymptotic, 'the long-run class comes with ρ');
    assert.equal(at(1)?.log10PowerNorms, undefined, 'the curves come later');
    assert.deepEqual(at(2)?.log10PowerNorms, m.log10PowerNorms);
    assert.equal(at(2)?.spectralNorm, m.spectralNorm);
    assert.deepEqual(at(3)?.singularValues, m.singularValues);
    assert.equal(at(3)?.frobeniusNorm, m.frobeniusNorm);
    const last = posted[posted.length - 1];
    assert.ok(last?.incomplete, 'every partial is marked incomplete');
    assert.ok(last.matrices.every((x) => x.complete), 'the last partial has every matrix complete');
    assert.deepEqual(
      last.matrices.map((x) => [x.name, x.verdict]),
      reply.report.matrices.map((x) => [x.name, x.verdict]),
    );
    // What a stop at each point would have said it was doing.
    assert.equal(posted[0]?.activity, 'spectrum');
    assert.equal(posted[1]?.activity, 'spectrum', 'σ_max alone: the eigenvalues are still being computed');
    assert.equal(posted[2]?.activity, 'power-norms');
    assert.equal(posted[0]?.format, 'json');
  });

  it('posts nothing when the request did not ask for progress', () => {
    const posted: PartialReport[] = [];
    const reply = handleRequest(fileRequest('vanishing.json', false), { post: (p) => posted.push(p) });
    assert.ok(reply.ok);
    assert.equal(posted.length, 0);
  });

  it('says what a stopped analysis was doing: reading, then the stage after the last one done', () => {
    const b = new PartialReportBuilder('f.json', 60);
    assert.equal(b.snapshot().activity, 'reading');
    b.read('json');
    b.sink({ kind: 'matrix', name: 'W', role: 'rnn', shape: [2, 2] });
    assert.equal(b.snapshot().activity, 'spectrum');
    assert.equal(b.snapshot().activityMatrix, 'W');
    for (const [i, stage] of STAGES.entries()) {
      b.sink({ kind: 'stage', stage, values: {} });
      assert.equal(b.snapshot().activity, STAGES[Math.min(i + 1, STAGES.length - 1)]);
    }
    assert.equal(nextStage([]), 'spectrum');
    const snap = b.snapshot();
    b.sink({ kind: 'stage', stage: 'spectrum', values: { spectralRadius: 3 } });
    assert.equal(snap.matrices[0]?.spectralRadius, undefined, 'a snapshot does not change afterwards');
  });

  it('keeps the running stage\'s share from its steps, and drops it when the stage is done', () => {
    const b = new PartialReportBuilder('f.json', 60);
    b.read('json', 1);
    b.sink({ kind: 'matrix', name: 'W', role: 'rnn', shape: [2, 2] });
    b.sink({ kind: 'stage', stage: 'spectrum', values: { spectralRadius: 1.5 } });
    b.sink({ kind: 'step', done: 15, total: 60 });
    assert.equal(b.snapshot().matrices[0]?.stageDone, 0.25);
    assert.equal(b.snapshot().activity, 'power-norms', 'a step is not a stage');
    b.sink({ kind: 'values', values: { spectralNorm: 2 } });
    assert.deepEqual(b.snapshot().matrices[0]?.stages, ['spectrum'], 'values add no stage either');
    assert.equal(b.snapshot().matrices[0]?.spectralNorm, 2);
    b.sink({ kind: 'stage', stage: 'power-norms', values: {} });
    assert.equal(b.snapshot().matrices[0]?.stageDone, undefined);
    assert.equal(b.snapshot().matrices[0]?.spectralRadius, 1.5, 'earlier numbers stay');
  });

  it('arms the spin hook only for a given stage and a matrix named …__spin', () => {
    const events: ProgressEvent[] = [];
    const sink = (e: ProgressEvent): void => void events.push(e);
    assert.equal(withTestSpin(sink, undefined), sink);
    assert.equal(withTestSpin(sink, ''), sink);
    const armed = withTestSpin(sink, 'power-norms');
    armed({ kind: 'matrix', name: 'W_hh', role: 'rnn', shape: [1, 1] });
    armed({ kind: 'stage', stage: 'power-norms', values: {} });
    assert.equal(events.length, 2, 'another matrix passes through untouched');
  });
});
