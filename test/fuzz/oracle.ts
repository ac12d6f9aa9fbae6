/** What every read must satisfy, whatever the bytes: a sound WeightFile or a located refusal. */
import { strict as assert } from 'node:assert';
import { readWeightFile } from '../../src/core/readers';
import { WeightFileError } from '../../src/core/errors';
import type { ReadOptions } from '../../src/core/weightFile';
import { analyzeRecurrences } from '../../src/core/recurrences';
import { assertFinite } from '../../src/core/analysis/guard';

export type Outcome = { readonly kind: 'read'; readonly matrices: number } | { readonly kind: 'refused'; readonly place: string };

const GATES: Record<string, number> = { rnn: 1, matrix: 1, lstm: 4, gru: 3 };

/**
 * Reads the bytes and checks the contract. Throws an AssertionError (a fuzz failure) for anything
 * else: another exception type, an unlocated or multi-line message, a place outside the file, or a
 * matrix whose shape or values are unsound.
 */
export function readChecked(bytes: Uint8Array, fileName: string, options?: ReadOptions): Outcome {
  let file;
  try {
    file = readWeightFile(bytes, fileName, options);
  } catch (e) {
    if (!(e instanceof WeightFileError)) throw new assert.AssertionError({ message: `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` });
    assert.ok(e.message.length > 0 && !e.message.includes('\n'), `message must be one line: ${e.message}`);
    assert.ok(!e.message.startsWith('could not read the file as'), `an internal error escaped as a refusal: ${e.message}`);
    const p = e.place;
    switch (p.kind) {
      case 'text':
        assert.ok(p.line >= 1 && p.column >= 1 && p.offset >= 0 && p.offset <= bytes.length, `bad text place ${JSON.stringify(p)}`);
        break;
      case 'cell':
        assert.ok(p.row >= 1 && p.col >= 1, `bad cell place ${JSON.stringify(p)}`);
        if (p.line !== undefined) assert.ok(p.line >= 1 && (p.column ?? 0) >= 1);
        break;
      case 'byte':
        assert.ok(p.offset >= 0 && p.offset <= bytes.length, `byte ${p.offset} outside a ${bytes.length}-byte file`);
        break;
      case 'file':
        assert.fail(`refusal without a place: ${e.message}`);
    }
    return { kind: 'refused', place: p.kind };
  }
  const layers = file.recurrent ?? [];
  assert.ok(file.matrices.length > 0 || layers.length > 0, 'a WeightFile without matrices or recurrences must have been refused');
  // Whatever the parameters, the recurrences give finite numbers or a listed refusal, never a throw.
  assertFinite(analyzeRecurrences(layers, { horizon: 8, deltaScale: 1 }).reports);
  for (const m of file.matrices) {
    const g = GATES[m.role];
    assert.ok(g !== undefined, `unknown role ${m.role}`);
    assert.equal(m.matrix.rows, g * m.matrix.cols, `${m.name}: ${m.role} must be ${g}H x H`);
    assert.equal(m.matrix.data.length, m.matrix.rows * m.matrix.cols);
    assert.equal(m.shape[0] * m.shape[1], m.matrix.data.length);
    for (const v of m.matrix.data) assert.ok(Number.isFinite(v), `${m.name}: non-finite value accepted`);
    if (m.gates) assert.equal(m.gates.length, g);
  }
  return { kind: 'read', matrices: file.matrices.length };
}
