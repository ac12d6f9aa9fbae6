/**
 * The hover of a file still being analysed: it has something to say once every matrix has ρ,
 * σ_max and its long-run class, and says exactly the numbers the full report then has.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import type { PartialReport } from '../../src/core/progress';
import { handleRequest } from '../../src/extension/worker/handleRequest';
import { fmt4 } from '../../src/extension/pure/findings';
import { firstNumbersMarkdown, hasFirstNumbers } from '../../src/extension/pure/hoverText';

const ROOT = join(__dirname, '..', '..');

function partialsOf(example: string): { partials: PartialReport[]; reply: ReturnType<typeof handleRequest> } {
  const bytes = new Uint8Array(readFileSync(join(ROOT, 'examples', example)));
  const partials: PartialReport[] = [];
  const reply = handleRequest({ kind: 'file', id: 1, fileName: example, displayName: example, source: { bytes }, read: {}, options: DEFAULT_OPTIONS, progress: true }, { post: (p) => partials.push(p) });
  return { partials, reply };
}

describe('hover: first numbers while the analysis runs', () => {
  it('is ready after the spectrum stage, and shows the values the report then has', () => {
    const { partials, reply } = partialsOf('exploding.json');
    assert.ok(reply.ok && reply.kind === 'file');
    const m = reply.report.matrices[0]!;
    const i = partials.findIndex(hasFirstNumbers);
    assert.ok(i > 0, 'not before the matrix has its spectrum');
    assert.deepEqual(partials[i]!.matrices[0]!.stages, ['spectrum'], 'ready with the spectrum, before the power norms');
    const md = firstNumbersMarkdown(partials[i]!, [{ title: 'Open analysis', href: 'command:x' }]);
    assert.ok(md.includes(`ρ (spectral radius): ${fmt4(m.spectralRadius!)}`), md);
    assert.ok(md.includes(`σ_max (spectral norm): ${fmt4(m.spectralNorm!)}`), md);
    assert.equal(m.asymptotic, 'exploding');
    assert.ok(md.includes('in the long run: exploding'), md);
    assert.ok(md.includes('still being computed'), md);
    assert.ok(md.endsWith('[Open analysis](command:x)'), md);
  });

  it('shows each gate’s ρ and σ_max for a gate stack', () => {
    const { partials, reply } = partialsOf('lstm_forget1.json');
    assert.ok(reply.ok && reply.kind === 'file');
    const i = partials.findIndex(hasFirstNumbers);
    assert.ok(i >= 0);
    const gates = reply.report.matrices[0]!.gates!;
    const md = firstNumbersMarkdown(partials[i]!, []);
    for (const g of gates) assert.ok(md.includes(`gate ${g.gate}: ρ = ${fmt4(g.spectralRadius)}, σ_max = ${fmt4(g.spectralNorm)}`), md);
  });

  it('is not ready before the input is read or while a matrix is still on its eigenvalues', () => {
    const none: PartialReport = { tool: 'rnn-gradient-lens', incomplete: true, file: 'f', horizon: 60, activity: 'reading', matrices: [] };
    assert.equal(hasFirstNumbers(none), false);
    const started: PartialReport = { ...none, activity: 'spectrum', matrixCount: 2, matrices: [{ name: 'a', role: 'rnn', shape: [2, 2], complete: false, stages: ['spectrum'], spectralNorm: 1, asymptotic: 'vanishing' }] };
    assert.equal(hasFirstNumbers(started), false, 'one of two matrices');
  });
});
