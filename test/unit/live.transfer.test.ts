/**
 * Reading a matrix out of a paused debuggee, against fake adapters that behave like the real ones
 * do with long results: debugpy's repr limit (a middle cut marked '...'), js-debug's ellipsis, an
 * adapter that refuses the `clipboard` context, and a value that changes between chunks.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32Ascii } from '../../src/extension/pure/live/crc32';
import { LiveError, readLiveValue, type EvaluateContext, type EvaluateSession, type LiveErrorCode } from '../../src/extension/pure/live/transfer';

const NPY = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'debug', 'w_hh.npy'));
const BASE64 = NPY.toString('base64');

interface Call {
  readonly expression: string;
  readonly context: EvaluateContext;
}

/**
 * Answers probes with `probe` and chunk requests by slicing `text()` the way the real expression
 * does (the offsets are read back out of the expression); `limit` cuts long results like pydevd.
 */
class FakeSession implements EvaluateSession {
  readonly calls: Call[] = [];
  constructor(
    private readonly probe: string,
    private readonly text: () => string,
    private readonly opts: { limit?: number; refuseClipboard?: boolean } = {},
  ) {}

  async evaluate(expression: string, context: EvaluateContext): Promise<string> {
    this.calls.push({ expression, context });
    if (context === 'clipboard' && this.opts.refuseClipboard) throw new Error('clipboard context not supported');
    if (context === 'watch') return `'${this.probe}'`;
    const m = /s\[(\d+):(\d*)\]\)\(/.exec(expression) ?? /s\.slice\((\d+)(?:, (\d+))?\); \}\)/.exec(expression);
    assert.ok(m, 'a chunk expression names its slice');
    const s = this.text();
    const slice = s.slice(Number(m[1]), m[2] ? Number(m[2]) : undefined);
    const result = `${s.length}:${crc32Ascii(s)}:${slice}`;
    const limit = this.opts.limit ?? Infinity;
    const shown = result.length <= limit ? result : `${result.slice(0, limit / 2)}...${result.slice(-limit / 2)}`;
    return `'${shown}'`;
  }

  get dataCalls(): number {
    return this.calls.filter((c) => c.context !== 'watch').length;
  }
}

async function refusal(p: Promise<unknown>): Promise<LiveErrorCode> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof LiveError, String(e));
    return e.code;
  }
  return assert.fail('expected a LiveError');
}

const PROBE_6x6 = 'RGL1|numpy.ndarray|float64|6,6|8';
const opts = { maxBytes: 1024 * 1024, chunkChars: 64, minChunkChars: 8 };

describe('live transfer (fake adapters)', () => {
  it('reads the .npy bytes in one evaluation when the adapter returns them whole', async () => {
    const s = new FakeSession(PROBE_6x6, () => BASE64);
    const v = await readLiveValue(s, 'python', 'W_hh', opts);
    assert.deepEqual(Buffer.from(v.bytes), NPY);
    assert.equal(v.fileName, 'value.npy');
    assert.deepEqual(s.calls.map((c) => c.context), ['watch', 'clipboard']);
  });

  it('falls back to chunks when results are cut (pydevd style), and to repl when clipboard is refused', async () => {
    const s = new FakeSession(PROBE_6x6, () => BASE64, { limit: 100, refuseClipboard: true });
    const v = await readLiveValue(s, 'python', 'W_hh', opts);
    assert.deepEqual(Buffer.from(v.bytes), NPY);
    const chunks = s.calls.filter((c) => c.context === 'repl').length;
    // 64-character chunks fit under the 100-character cut with their header.
    assert.ok(chunks >= Math.ceil(BASE64.length / 64), `${chunks} chunk requests`);
  });

  it('shrinks the chunk until results fit, and gives up (without looping) when nothing fits', async () => {
    const small = new FakeSession(PROBE_6x6, () => BASE64, { limit: 40 });
    assert.deepEqual(Buffer.from((await readLiveValue(small, 'python', 'W_hh', opts)).bytes), NPY);
    const none = new FakeSession(PROBE_6x6, () => BASE64, { limit: 10 });
    assert.equal(await refusal(readLiveValue(none, 'python', 'W_hh', opts)), 'truncated');
    assert.ok(none.dataCalls < 10, `${none.dataCalls} data requests before giving up`);
  });

  it('notices a value that changes between chunks', async () => {
    let n = 0;
    const s = new FakeSession(PROBE_6x6, () => (n++ % 2 === 0 ? BASE64 : `${BASE64.slice(0, -4)}AAA=`), { limit: 100 });
    assert.equal(await refusal(readLiveValue(s, 'python', 'W_hh', opts)), 'changed');
  });

  it('refuses before transferring anything: not an array, not 2-D, not real numbers, too large', async () => {
    const cases: [string, LiveErrorCode][] = [
      ['RGL1|builtins.str||-|0', 'notArray'],
      ['RGL1|numpy.ndarray|float64|6|8', 'notMatrix'],
      ['RGL1|torch.Tensor|torch.float32|2,3,4|4', 'notMatrix'],
      ['RGL1|numpy.ndarray|complex128|4,4|16', 'notNumeric'],
      ['RGL1|numpy.ndarray|object|4,4|8', 'notNumeric'],
      ['RGL1|numpy.ndarray|float32|1024,1024|4', 'tooLarge'],
      ['RGL1|torch.Tensor|torch.bfloat16|1024,1024|2', 'tooLarge'],
      ['NameError: x', 'unexpected'],
    ];
    for (const [probe, code] of cases) {
      const s = new FakeSession(probe, () => BASE64);
      assert.equal(await refusal(readLiveValue(s, 'python', 'W_hh', { maxBytes: 4 * 1024 * 1024 - 1 })), code, probe);
      assert.equal(s.dataCalls, 0, `${probe}: nothing transferred`);
    }
  });

  it('reads JSON rows from a JavaScript debuggee, and refuses text that is not one expression before asking', async () => {
    const rows = JSON.stringify([[1, 2], [3, 4.5]]);
    const s = new FakeSession('RGL1|Array|number|2,2|8', () => rows, { limit: 24 });
    const v = await readLiveValue(s, 'javascript', 'W', { ...opts, minChunkChars: 1 });
    assert.equal(new TextDecoder().decode(v.bytes), rows);
    assert.equal(v.fileName, 'value.json');
    const refused = new FakeSession('RGL1|Array|number|2,2|8', () => rows);
    assert.equal(await refusal(readLiveValue(refused, 'javascript', 'x); process.exit(1); (y', opts)), 'syntax');
    assert.equal(refused.calls.length, 0);
  });

  it('an adapter that refuses evaluate gives its own words', async () => {
    const s: EvaluateSession = { evaluate: () => Promise.reject(new Error('NameError: name "W" is not defined')) };
    await assert.rejects(readLiveValue(s, 'python', 'W', opts), (e: unknown) => e instanceof LiveError && e.code === 'refused' && /NameError/.test(e.detail));
  });
});
