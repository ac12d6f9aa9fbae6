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
    // The stages of the first matrix arrive one by one, in STAGES order, before it is complete.
    const seen = mine.map((x) => x.stages.length);
    assert.deepEqual(seen.slice(0, 4), [0, 1, 2, 3], 'matrix announced, then spectrum, power norms, norms');
    assert.deepEqual(mine[1]?.stages, ['spectrum']);
    assert.equal(mine[1]?.spectralRadius, m.spectralRadius, 'the radius is posted with the spectrum, as reported');
    assert.deepEqual(mine[1]?.eigenvalues, m.eigenvalues);
    assert.equal(mine[1]?.spectralNorm, m.spectralNorm, 'σ_max comes with the spectrum, before the power norms, as reported');
    assert.equal(mine[1]?.asymptotic, m.asymptotic, 'so does the long-run class');
    assert.equal(mine[1]?.log10PowerNorms, undefined, 'the curves come later');
    assert.deepEqual(mine[2]?.log10PowerNorms, m.log10PowerNorms);
    assert.equal(mine[2]?.spectralNorm, m.spectralNorm);
    assert.deepEqual(mine[3]?.singularValues, m.singularValues);
    assert.equal(mine[3]?.frobeniusNorm, m.frobeniusNorm);
    const last = posted[posted.length - 1];
    assert.ok(last?.incomplete, 'every partial is marked incomplete');
    assert.ok(last.matrices.every((x) => x.complete), 'the last partial has every matrix complete');
    assert.deepEqual(
      last.matrices.map((x) => [x.name, x.verdict]),
      reply.report.matrices.map((x) => [x.name, x.verdict]),
    );
    // What a stop at each point would have said it was doing.
    assert.equal(posted[0]?.activity, 'spectrum');
    assert.equal(posted[1]?.activity, 'power-norms');
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
