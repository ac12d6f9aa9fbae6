/**
 * The run scanner over a folder on this disk: the worker opens each checkpoint by path and reads
 * only the ranges its numbers need. Same points and same refusals as from bytes the host read,
 * and a file written while the worker read it is read again.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import type { CheckpointSummary } from '../../src/core/run';
import { bytesSource } from '../../src/core/readers/byteSource';
import { openZip, readMember } from '../../src/core/readers/zip';
import type { WorkerReply, WorkerRequest } from '../../src/extension/pure/workerProtocol';
import { RunScanner, type RunFs } from '../../src/extension/run/runScanner';
import type { JobRequest, WorkerPool } from '../../src/extension/service/workerPool';
import { handleRequest } from '../../src/extension/worker/handleRequest';
import { writeZip } from '../fuzz/zipWriter';
import { EXPECTED, RUN_DIR } from './runFixture';

const TORCH = join(RUN_DIR, 'torch');
const NO_WAIT = { attempts: 3, pause: async () => undefined, settle: async () => undefined };

/** node:fs over a folder, counting host reads; `localPath` only when `byPath`. */
function diskFs(dir: string, byPath: boolean): RunFs & { hostReads: number } {
  const fs = {
    hostReads: 0,
    list: async () => readdirSync(dir).map((n) => join(dir, n)),
    stat: async (file: string) => {
      try {
        const st = statSync(file);
        return { file, mtimeMs: st.mtimeMs, size: st.size };
      } catch {
        return undefined;
      }
    },
    read: async (file: string) => {
      fs.hostReads++;
      return new Uint8Array(readFileSync(file));
    },
    display: (file: string) => file.slice(dir.length + 1),
    ...(byPath ? { localPath: (file: string) => file } : {}),
  };
  return fs;
}

/** The worker's handler on this thread; `during` runs while a job is "on the worker". */
function inlinePool(during?: (req: JobRequest) => void): WorkerPool & { jobs: JobRequest[] } {
  const jobs: JobRequest[] = [];
  let id = 0;
  const run = async (request: JobRequest): Promise<WorkerReply> => {
    jobs.push(request);
    const reply = handleRequest({ ...request, id: ++id });
    during?.(request);
    return reply;
  };
  return { jobs, run } as unknown as WorkerPool & { jobs: JobRequest[] };
}

async function scanFolder(fs: RunFs, pool: WorkerPool): Promise<{ points: readonly CheckpointSummary[]; errors: string[] }> {
  const errors: string[] = [];
  const sink = { point: () => undefined, remove: () => undefined, error: (_f: string, m: string) => errors.push(m), progress: () => undefined };
  const scanner = new RunScanner(fs, pool, DEFAULT_OPTIONS, sink, 2, NO_WAIT);
  await scanner.scan();
  return { points: scanner.checkpoints(), errors };
}

const summaryJob = (fileName: string, source: { path: string } | { bytes: Uint8Array }): WorkerRequest => ({ kind: 'summary', id: 1, fileName, source, read: {}, options: DEFAULT_OPTIONS });

describe('run: checkpoints on this disk, read by the worker itself', () => {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'rgl-run-paths-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the points bytes give, in step order, with no file read on the host and no bytes in a job', async () => {
    const byPath = diskFs(TORCH, true);
    const pathPool = inlinePool();
    const fromPath = await scanFolder(byPath, pathPool);
    const fromBytes = await scanFolder(diskFs(TORCH, false), inlinePool());
    assert.deepEqual(fromPath.points.map((c) => c.step), EXPECTED.steps);
    assert.deepEqual(fromPath.points, fromBytes.points);
    assert.deepEqual(fromPath.errors, []);
    assert.equal(byPath.hostReads, 0);
    assert.ok(pathPool.jobs.every((j) => j.kind === 'summary' && 'path' in j.source), 'every job names a path');
  });

  it('reads again a file written while the worker read it, and keeps the second reading', async () => {
    const file = join(dir, 'step_10.pt');
    copyFileSync(join(TORCH, 'step_10.pt'), file);
    let writes = 0;
    // The training loop rewrites the checkpoint (one byte longer) while the first job runs.
    const pool = inlinePool(() => {
      if (writes++ === 0) writeFileSync(file, Buffer.concat([readFileSync(join(TORCH, 'step_20.pt')), Buffer.from([0])]));
    });
    const { points, errors } = await scanFolder(diskFs(dir, true), pool);
    assert.equal(pool.jobs.length, 2);
    assert.deepEqual(errors, []);
    assert.equal(points[0]?.size, statSync(file).size);
    const step20 = (await scanFolder(diskFs(TORCH, true), inlinePool())).points.find((c) => c.step === 20);
    assert.deepEqual(points[0]?.matrices, step20?.matrices);
  });

  it('refuses a truncated checkpoint and one whose storages are missing as bytes do, at a byte offset', () => {
    const whole = new Uint8Array(readFileSync(join(TORCH, 'step_10.pt')));
    const zip = openZip(bytesSource(whole));
    const storages = zip.entries.filter((e) => /\/data\/\d+$/.test(e.name));
    assert.ok(storages.length > 0);
    // No storage at all: the first recurrent weight read finds its member missing.
    const missing = writeZip(zip.entries.filter((e) => !storages.includes(e)).map((e) => ({ name: e.name, data: readMember(bytesSource(whole), e, whole.length) })));
    const cases: [string, Uint8Array, RegExp][] = [
      ['truncated.pt', whole.subarray(0, whole.length - 200), /end-of-central-directory|truncated/],
      ['half.pt', whole.subarray(0, whole.length >> 1), /end-of-central-directory|truncated/],
      ['missing.pt', missing, /storage '\d+' has no member \S+\/data\/\d+ in the archive/],
    ];
    for (const [name, bytes, why] of cases) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      const fromPath = handleRequest(summaryJob(path, { path }));
      const fromBytes = handleRequest(summaryJob(path, { bytes }));
      assert.ok(!fromPath.ok && fromPath.error.name === 'WeightFileError', `${name}: ${JSON.stringify(fromPath)}`);
      assert.match(fromPath.error.message, why, name);
      assert.deepEqual(fromPath, fromBytes, name);
      const place = 'place' in fromPath.error ? fromPath.error.place : undefined;
      assert.ok(place?.kind === 'byte' && place.offset >= 0 && place.offset <= bytes.length, `${name}: ${JSON.stringify(place)}`);
    }
  });

  it('reports a file gone before the worker opened it as removed, not as an error', async () => {
    const file = join(dir, 'step_10.pt');
    copyFileSync(join(TORCH, 'step_10.pt'), file);
    const fs = diskFs(dir, true);
    const gone = { ...fs, localPath: (f: string) => (rmSync(f), f) };
    const { points, errors } = await scanFolder(gone, inlinePool());
    assert.deepEqual(points, []);
    assert.deepEqual(errors, []);
  });
});
