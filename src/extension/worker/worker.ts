/**
 * The analysis worker (bundled to dist/worker.js): reads and analyses off the extension host's
 * thread, so the editor never stutters on a large file. One request at a time; the host cancels
 * by terminating the worker.
 */
import { parentPort } from 'node:worker_threads';
import { wasmFailure } from '../../core/linalg/wasmRuntime';
import { TEST_SPIN_ENV } from '../../core/progress';
import { handleRequest, isWorkerRequest } from './handleRequest';
import type { WorkerLog, WorkerProgress } from '../pure/workerProtocol';

const port = parentPort;
if (port) {
  // Set only by the test harness: see withTestSpin.
  const spinStage = process.env[TEST_SPIN_ENV];
  let toldFallback = false;
  port.on('message', (msg: unknown) => {
    if (!isWorkerRequest(msg)) return;
    const id = msg.id;
    const post = (partial: WorkerProgress['partial']): void => port.postMessage({ id, partial } satisfies WorkerProgress);
    port.postMessage(handleRequest(msg, { post, ...(spinStage ? { spinStage } : {}) }));
    // The kernels fall back to TypeScript loops without a word: say so once, in the log.
    const why = wasmFailure();
    if (why !== undefined && !toldFallback) {
      toldFallback = true;
      const message = `WebAssembly SIMD kernels unavailable (${why}): the analysis runs its slower TypeScript loops`;
      port.postMessage({ log: 'warn', message } satisfies WorkerLog);
    }
  });
}
