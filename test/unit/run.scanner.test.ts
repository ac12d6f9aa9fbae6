import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import type { CheckpointSummary, FileStamp } from '../../src/core/run';
import type { WorkerReply } from '../../src/extension/pure/workerProtocol';
import { RunScanner, type RunFs } from '../../src/extension/run/runScanner';
import { CancelledError, type JobRequest, type WorkerPool } from '../../src/extension/service/workerPool';
import { handleRequest } from '../../src/extension/worker/handleRequest';
import { EXPECTED, RUN_DIR } from './runFixture';

const DIR = join(RUN_DIR, 'safetensors');
const NO_WAIT = { attempts: 3, pause: async () => undefined, settle: async () => undefined };

/** A folder in memory: the fixture run, plus files a test writes. */
function memoryFs(extra: Record<string, Uint8Array> = {}): RunFs & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>(readdirSync(DIR).map((n) => [join(DIR, n), new Uint8Array(readFileSync(join(DIR, n)))]));
  for (const [n, b] of Object.entries(extra)) files.set(join(DIR, n), b);
  const stamp = (file: string): FileStamp | undefined => {
    const b = files.get(file);
    return b && { file, mtimeMs: 1, size: b.length };
  };
  return { files, list: async () => [...files.keys()], stat: async (f) => stamp(f), read: async (f) => files.get(f) as Uint8Array, display: (f) => f.slice(DIR.length + 1) };
}

/** The worker's own handler on this thread, one job at a time, counting the jobs. */
function inlinePool(): WorkerPool & { jobs: JobRequest[] } {
  const jobs: JobRequest[] = [];
  let id = 0;
  const run = async (request: JobRequest, signal?: AbortSignal): Promise<WorkerReply> => {
    jobs.push(request);
    await new Promise((r) => setTimeout(r, 1));
    if (signal?.aborted) throw new CancelledError();
    return handleRequest({ ...request, id: ++id });
  };
  return { jobs, run } as unknown as WorkerPool & { jobs: JobRequest[] };
}

function events(): { points: CheckpointSummary[]; errors: string[]; progress: [number, number, boolean][]; sink: ConstructorParameters<typeof RunScanner>[3] } {
  const out = { points: [] as CheckpointSummary[], errors: [] as string[], progress: [] as [number, number, boolean][] };
  return {
    ...out,
    sink: {
      point: (c) => out.points.push(c),
      remove: () => undefined,
      error: (_f, m) => out.errors.push(m),
      progress: (d, t, a) => out.progress.push([d, t, a]),
    },
  };
}

describe('run: the scanner behind the run panel', () => {
  it('scans a folder on two lanes: every checkpoint in step order, a bad file located, progress to the end', async () => {
    const bad = new Uint8Array(Buffer.concat([Buffer.from([5, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{"a":')]));
    const ev = events();
    const scanner = new RunScanner(memoryFs({ 'step_7.safetensors': bad }), inlinePool(), DEFAULT_OPTIONS, ev.sink, 2, NO_WAIT);
    await scanner.scan();
    assert.deepEqual(scanner.checkpoints().map((c) => c.step), EXPECTED.steps);
    assert.deepEqual(ev.errors, ['step_7.safetensors: byte 8: the header is not valid JSON']);
    const total = EXPECTED.steps.length + 1;
    assert.deepEqual(ev.progress.at(-1), [total, total, false]);
  });

  it('one analysis per file at a time: writes during it cost one more look, which the cache answers', async () => {
    const pool = inlinePool();
    const fs = memoryFs();
    const scanner = new RunScanner(fs, pool, DEFAULT_OPTIONS, events().sink, 2, NO_WAIT);
    const file = join(DIR, 'step_10.safetensors');
    await Promise.all([scanner.touch(file), scanner.touch(file), scanner.touch(file)]);
    // One analysis, shared by the two threads (two parts); the later touches found the cache.
    assert.deepEqual(pool.jobs.map((j) => j.kind === 'summary' && j.part), [{ index: 0, of: 2 }, { index: 1, of: 2 }]);
    assert.equal(scanner.checkpoints().length, 1);
    await scanner.touch(file);
    assert.equal(pool.jobs.length, 2);
  });

  it('stops a first scan on cancel, with fewer points and the progress closed', async () => {
    const abort = new AbortController();
    const ev = events();
    let seen = 0;
    const scanner = new RunScanner(memoryFs(), inlinePool(), DEFAULT_OPTIONS, { ...ev.sink, point: () => void (++seen === 2 && abort.abort()) }, 2, NO_WAIT);
    await scanner.scan(abort.signal);
    assert.ok(scanner.checkpoints().length < EXPECTED.steps.length, `${scanner.checkpoints().length} points`);
    assert.equal(ev.progress.at(-1)?.[2], false);
  });
});
