/**
 * The analysis worker (bundled to dist/worker.js): reads and analyses off the extension host's
 * thread, so the editor never stutters on a large file. One request at a time; the host cancels
 * by terminating the worker.
 */
import { parentPort } from 'node:worker_threads';
import { handleRequest, isWorkerRequest } from './service/handleRequest';

const port = parentPort;
if (port) {
  port.on('message', (msg: unknown) => {
    if (!isWorkerRequest(msg)) return;
    port.postMessage(handleRequest(msg));
  });
}
