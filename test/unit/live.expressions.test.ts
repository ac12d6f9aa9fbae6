/**
 * The expressions sent to a paused debuggee, run for real: the Python ones by Debian's Python in a
 * function frame (skipped where it or NumPy is missing), the JavaScript ones in a Node VM context.
 * A user's text only ever reaches Python as a string literal parsed by compile(..., 'eval').
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import fc from 'fast-check';
import { jsChunk, jsExpressionOperand, jsProbe, NotAnExpressionError } from '../../src/extension/pure/live/jsExpr';
import { pyStringLiteral, pythonChunk, pythonProbe } from '../../src/extension/pure/live/pythonExpr';
import { readWeightFile } from '../../src/core/readers';

const PYTHON = process.env.RGL_TEST_PYTHON ?? '/usr/bin/python3';
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'debug', 'w_hh.npy');

function pythonWith(...modules: string[]): boolean {
  return spawnSync(PYTHON, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Evaluates each expression inside a function whose locals are `W_hh` (the fixture), `h` and
 * `path`, the way debugpy does (globals merged with locals); reports the result or the error, and
 * whether the frame's names changed.
 */
const RUNNER = `
import json, sys, numpy as np
cases = json.load(sys.stdin)
def frame(W_hh, h, path):
    before = sorted(locals())
    out = []
    for e in cases:
        g = dict(globals()); g.update(locals())
        try:
            out.append({"ok": eval(e, g, locals())})
        except BaseException as x:
            out.append({"error": type(x).__name__})
    return out, before == sorted(k for k in locals() if k not in ("before", "out", "e", "g", "x"))
W = np.load(sys.argv[1])
extra = sys.argv[2] if len(sys.argv) > 2 else None
if extra == "torch":
    import torch
    W = torch.nn.Parameter(torch.from_numpy(W).to(torch.bfloat16))
print(json.dumps(frame(W, np.zeros(6), "x.npy")))
`;

function runPython(expressions: readonly string[], extra?: string): { results: ({ ok: string } | { error: string })[]; unchanged: boolean } {
  const r = spawnSync(PYTHON, ['-c', RUNNER, FIXTURE, ...(extra ? [extra] : [])], { input: JSON.stringify(expressions), encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  const [results, unchanged] = JSON.parse(r.stdout) as [({ ok: string } | { error: string })[], boolean];
  return { results, unchanged };
}

const ok = (r: { ok: string } | { error: string } | undefined): string => {
  assert.ok(r && 'ok' in r, JSON.stringify(r));
  return r.ok;
};

describe('live expressions', () => {
  describe('Python (run in a real interpreter)', function () {
    before(function () {
      if (!pythonWith('numpy')) this.skip();
    });

    it('a string literal gives back any text exactly (property, 300 strings incl. quotes, backslashes, newlines, astral characters)', () => {
      const texts = fc.sample(fc.string({ unit: 'binary', maxLength: 40 }), 300).filter((t) => !/[\uD800-\uDFFF]/.test(t.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')));
      texts.push(`x); import os; os.system("touch m")#`, "'''", '\\', '\u2028\0\x7f');
      const { results } = runPython(texts.map((t) => pyStringLiteral(t)));
      results.forEach((r, i) => assert.equal(ok(r), texts[i]));
    });

    it('probe and chunks of a NumPy matrix: shape and dtype, and chunks that join into the .npy bytes of the matrix; the frame gains no name', () => {
      const { results, unchanged } = runPython([pythonProbe('W_hh'), pythonChunk('W_hh', 0, Infinity), pythonChunk('W_hh', 0, 100), pythonChunk('W_hh', 100, Infinity), pythonProbe('h'), pythonProbe('path')]);
      assert.equal(ok(results[0]), 'RGL1|numpy.ndarray|float64|6,6|8');
      const [len, crc, whole] = ok(results[1]).split(':');
      assert.equal(Number(len), whole?.length);
      assert.equal(`${ok(results[2]).split(':')[2]}${ok(results[3]).split(':')[2]}`, whole);
      assert.ok(Number(crc) > 0);
      const bytes = Buffer.from(whole ?? '', 'base64');
      assert.deepEqual(readWeightFile(bytes, 'value.npy').matrices[0]?.matrix.data, readWeightFile(fs.readFileSync(FIXTURE), 'w_hh.npy').matrices[0]?.matrix.data);
      assert.equal(ok(results[4]), 'RGL1|numpy.ndarray|float64|6|8');
      assert.equal(ok(results[5]), 'RGL1|builtins.str||-|0');
      assert.ok(unchanged, 'no name was bound in the frame');
    });

    it('text that tries to close the call and add statements is a SyntaxError and runs nothing', () => {
      const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rgl-live-')), 'marker');
      const hostile = [`x); import os; os.system("touch ${marker}")#`, `W_hh\nimport os`, `__import__('os').system("touch ${marker}") if 0 else W_hh; x = 1`];
      const { results, unchanged } = runPython(hostile.flatMap((h) => [pythonProbe(h), pythonChunk(h, 0, Infinity)]));
      results.forEach((r) => assert.deepEqual(r, { error: 'SyntaxError' }));
      assert.equal(fs.existsSync(marker), false);
      assert.ok(unchanged);
    });

    it('a bfloat16 PyTorch Parameter is detached and widened to float32 (skipped without torch)', function () {
      this.timeout(120_000);
      if (!pythonWith('numpy', 'torch')) this.skip();
      const { results } = runPython([pythonProbe('W_hh'), pythonChunk('W_hh', 0, Infinity)], 'torch');
      assert.equal(ok(results[0]), 'RGL1|torch.Parameter|torch.bfloat16|6,6|2');
      const m = readWeightFile(Buffer.from(ok(results[1]).split(':')[2] ?? '', 'base64'), 'value.npy').matrices[0];
      assert.equal(m?.dtype, 'float32');
      const f64 = readWeightFile(fs.readFileSync(FIXTURE), 'w_hh.npy').matrices[0]?.matrix.data ?? [];
      // bfloat16 keeps 8 significant bits: within 2^-8 relative of the float64 original.
      m?.matrix.data.forEach((v, i) => assert.ok(Math.abs(v - (f64[i] ?? NaN)) <= Math.abs(f64[i] ?? 0) / 256, `entry ${i}`));
    });
  });

  describe('JavaScript (run in a VM context)', () => {
    const W = [[1, 2.5], [3, -4e-300]];
    const ctx = () => vm.createContext({ W, rows: W.map((r) => Float32Array.from(r)), flat: new Float64Array(4), cube: [[[1]]], s: 'text' });

    it('probes shapes and element types, and chunks join into the JSON rows', () => {
      const c = ctx();
      assert.equal(vm.runInContext(jsProbe('W'), c), 'RGL1|Array|number|2,2|8');
      assert.equal(vm.runInContext(jsProbe('rows'), c), 'RGL1|Array|Float32Array|2,2|8');
      assert.equal(vm.runInContext(jsProbe('flat'), c), 'RGL1|Float64Array|number|4|8');
      assert.equal(vm.runInContext(jsProbe('cube'), c), 'RGL1|Array|number|1,1,1|8');
      assert.equal(vm.runInContext(jsProbe('s'), c), 'RGL1|String|string|-|8');
      const whole = String(vm.runInContext(jsChunk('W', 0, Infinity), c)).split(':');
      assert.equal(whole[2], JSON.stringify(W));
      const a = String(vm.runInContext(jsChunk('W', 0, 5), c)).split(':')[2];
      const b = String(vm.runInContext(jsChunk('W', 5, Infinity), c)).split(':')[2];
      assert.equal(`${a}${b}`, JSON.stringify(W));
    });

    it('accepts exactly one expression; statements, trailing text and comments are refused', () => {
      for (const e of ['W', 'a.b[0]', 'obj["x); y"]', 'f(1, 2)', '(a, b)', '  W  ']) assert.doesNotThrow(() => jsExpressionOperand(e), e);
      for (const e of ['x); process.exit(1); (y', 'W; 1', 'W // c', 'let x = 1', '', 'W)']) assert.throws(() => jsExpressionOperand(e), NotAnExpressionError, e);
    });
  });
});
