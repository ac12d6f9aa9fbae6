import { strict as assert } from 'node:assert';
import { readAndProcess, readStable, readThroughWorker, type FileStat, type VersionedSource } from '../../src/extension/pure/stableRead';
import type { FileSource, WorkerReply } from '../../src/extension/pure/workerProtocol';
import { lineStartOffsets } from '../../src/core/readers/text';
import { spanToRange } from '../../src/extension/worker/locations';

const noPause = { attempts: 6, pause: async () => undefined };

/** A file that a fake training loop rewrites: each read sees `script`'s next state. */
class FakeFile implements VersionedSource<string> {
  reads = 0;
  stats = 0;
  constructor(private readonly script: { stat: FileStat[]; content: string[] }) {}
  async stat(): Promise<FileStat> {
    const s = this.script.stat[Math.min(this.stats, this.script.stat.length - 1)] as FileStat;
    this.stats++;
    return s;
  }
  async read(): Promise<string> {
    const c = this.script.content[Math.min(this.reads, this.script.content.length - 1)] as string;
    this.reads++;
    return c;
  }
  sizeOf(v: string): number {
    return v.length;
  }
}

describe('service: torn reads', () => {
  it('accepts a read whose stat did not move', async () => {
    const f = new FakeFile({ stat: [{ mtime: 1, size: 4 }], content: ['[[1]'] });
    const r = await readStable(f, noPause);
    assert.equal(r.stable, true);
    assert.equal(r.attempts, 1);
  });

  it('retries when the file changed during the read, or the byte count disagrees', async () => {
    const f = new FakeFile({
      stat: [{ mtime: 1, size: 5 }, { mtime: 2, size: 9 }, { mtime: 2, size: 9 }, { mtime: 2, size: 9 }, { mtime: 2, size: 9 }],
      content: ['[[1,', '[[1,2]]', '[[1,2,3]]'],
    });
    const r = await readStable(f, noPause);
    assert.equal(r.value, '[[1,2,3]]');
    assert.equal(r.attempts, 3); // attempt 1: stat moved; attempt 2: 7 bytes vs size 9
    assert.deepEqual(r.stat, { mtime: 2, size: 9 });
  });

  it('gives up after the policy attempts and says the read was not stable', async () => {
    let t = 0;
    const f: VersionedSource<string> = { stat: async () => ({ mtime: t++, size: 1 }), read: async () => 'x', sizeOf: () => 1 };
    const r = await readStable(f, { attempts: 3, pause: async () => undefined });
    assert.equal(r.stable, false);
    assert.equal(r.attempts, 3);
  });

  it('re-reads after a parse failure when the file has moved on since', async () => {
    // The half-written file has the same mtime and size when read, so only the parse catches it.
    const f = new FakeFile({
      stat: [{ mtime: 5, size: 6 }, { mtime: 5, size: 6 }, { mtime: 6, size: 6 }, { mtime: 6, size: 6 }, { mtime: 6, size: 6 }, { mtime: 6, size: 6 }],
      content: ['[[1,2,', '[[3]]]'],
    });
    const parses: string[] = [];
    const out = await readAndProcess(
      f,
      async (text) => {
        parses.push(text);
        return text.endsWith(']]') ? 'ok' : 'parse error';
      },
      (r) => r === 'parse error',
      noPause,
    );
    assert.equal(out.result, 'ok');
    assert.deepEqual(parses, ['[[1,2,', '[[3]]]']);
  });

  it('reports a parse error at once when the file is settled', async () => {
    const f = new FakeFile({ stat: [{ mtime: 5, size: 3 }], content: ['[[x'] });
    let calls = 0;
    const out = await readAndProcess(f, async () => (calls++, 'parse error'), (r) => r === 'parse error', noPause);
    assert.equal(out.result, 'parse error');
    assert.equal(calls, 1);
    assert.equal(f.reads, 1);
  });
});

describe('service: text locations', () => {
  it('maps offsets to zero-based line and character', () => {
    const text = '{\n  "W": [[1, 2],\n        [3, 4]]\n}';
    const starts = lineStartOffsets(text);
    const s = text.indexOf('[[');
    const e = text.indexOf(']]') + 2;
    assert.deepEqual(spanToRange(starts, { start: s, end: e }), [1, 7, 2, 15]);
    assert.deepEqual(spanToRange(starts, { start: 0, end: 1 }), [0, 0, 0, 1]);
  });

  it('counts CRLF and a lone CR as one line end each, as the editor does', () => {
    for (const eol of ['\r\n', '\r']) {
      const text = ['{', '  "W": [[1, 2],', '        [3, 4]]', '}'].join(eol);
      const starts = lineStartOffsets(text);
      assert.equal(starts.length, 4, JSON.stringify(eol));
      const s = text.indexOf('[[');
      const e = text.indexOf(']]') + 2;
      assert.deepEqual(spanToRange(starts, { start: s, end: e }), [1, 7, 2, 15], JSON.stringify(eol));
    }
  });
});

describe('service: torn reads that look settled', () => {
  it('waits for the writer before calling a parse failure final', async () => {
    // The half-written state is stable across one read, then the writer finishes.
    let phase = 0;
    const src: VersionedSource<string> = {
      stat: async () => (phase === 0 ? { mtime: 1, size: 3 } : { mtime: 2, size: 6 }),
      read: async () => (phase === 0 ? '[[1' : '[[1]]]'),
      sizeOf: (v) => v.length,
    };
    const settles: number[] = [];
    const out = await readAndProcess(
      src,
      async (text) => (text.endsWith(']]]') ? 'ok' : 'parse error'),
      (r) => r === 'parse error',
      { attempts: 6, pause: async () => undefined, settle: async () => void settles.push(phase++) },
    );
    assert.equal(out.result, 'ok');
    assert.deepEqual(settles, [0]);
  });
});

describe('service: files the worker opens by path', () => {
  /** A worker whose n-th run sees the file at `sizes[n]` bytes (a parse refusal when undefined). */
  function worker(sizes: (number | undefined)[]): { runs: FileSource[]; run: (s: FileSource) => Promise<WorkerReply> } {
    const runs: FileSource[] = [];
    return {
      runs,
      run: async (source) => {
        const size = sizes[Math.min(runs.length, sizes.length - 1)];
        runs.push(source);
        if (size === undefined) return { id: 0, ok: false, error: { name: 'WeightFileError', message: 'truncated', place: { kind: 'file' } } };
        return { id: 0, ok: true, kind: 'file', report: {} as never, file: { format: 'npy', matrices: [], others: [] }, locations: [], size };
      },
    };
  }
  const stats = (list: FileStat[]): (() => Promise<FileStat>) => {
    let i = 0;
    return async () => list[Math.min(i++, list.length - 1)] as FileStat;
  };
  const noBytes = async (): Promise<Uint8Array> => assert.fail('a path source is never read by the host');
  const sizeOf = (r: WorkerReply): number | string => (r.ok && r.kind === 'file' ? (r.size ?? 'none') : 'refused');

  it('passes the path, never bytes, and accepts a size that matches the stat', async () => {
    const w = worker([8]);
    const r = await readThroughWorker('/w.npy', { stat: stats([{ mtime: 1, size: 8 }]), readBytes: noBytes, run: w.run }, sizeOf, () => false, noPause);
    assert.deepEqual(w.runs, [{ path: '/w.npy' }]);
    assert.deepEqual([r.result, r.attempts], [8, 1]);
  });

  it('runs again when the worker saw another size than the stat (a rewrite during the read)', async () => {
    const w = worker([5, 9]);
    const st = stats([{ mtime: 2, size: 9 }]);
    const r = await readThroughWorker('/w.npy', { stat: st, readBytes: noBytes, run: w.run }, sizeOf, () => false, noPause);
    assert.deepEqual([r.result, r.attempts, w.runs.length], [9, 2, 2]);
  });

  it('a refusal in a settled file is final; one in a file that moved on is read again', async () => {
    const settled = worker([undefined]);
    const once = await readThroughWorker('/w.npy', { stat: stats([{ mtime: 1, size: 8 }]), readBytes: noBytes, run: settled.run }, sizeOf, (x) => x === 'refused', noPause);
    assert.deepEqual([once.result, settled.runs.length], ['refused', 1]);
    const moving = worker([undefined, 12]);
    const st = stats([{ mtime: 1, size: 8 }, { mtime: 1, size: 8 }, { mtime: 2, size: 12 }]);
    const again = await readThroughWorker('/w.npy', { stat: st, readBytes: noBytes, run: moving.run }, sizeOf, (x) => x === 'refused', noPause);
    assert.deepEqual([again.result, moving.runs.length], [12, 2]);
  });
});
