/**
 * The analysis worker (bundled to dist/worker.js): reads and analyses off the extension host's
 * thread, so the editor never stutters on a large file. One request at a time; the host cancels
 * by terminating the worker. While it has no job, the pool may ask it to prime its kernels.
 */
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { wasmFailure } from '../../core/linalg/wasmRuntime';
import { TEST_SPIN_ENV } from '../../core/progress';
import { handleRequest, isWorkerRequest } from './handleRequest';
import { primingSteps, runWhileIdle } from './prime';
import { isWorkerPrime, type WorkerLog, type WorkerPrimed, type WorkerProgress } from '../pure/workerProtocol';

const port = parentPort;
if (port) {
  // Set only by the test harness: see withTestSpin.
  const spinStage = process.env[TEST_SPIN_ENV];
  let toldFallback = false;
  let priming = false;
  let jobs = 0;
  port.on('message', (msg: unknown) => {
    if (isWorkerPrime(msg)) {
      if (priming || jobs > 0) return; // a worker that ran a job is warm already
      priming = true;
      const steps = primingSteps();
      const t0 = performance.now();
      runWhileIdle(steps, () => jobs > 0, (ran) => {
        port.postMessage({ primed: { ran, of: steps.length, ms: Math.round(performance.now() - t0) } } satisfies WorkerPrimed);
      });
      return;
    }
    if (!isWorkerRequest(msg)) return;
    jobs++;
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
