/**
 * A track thread (bundled to dist/track-worker.js): analyses one checkpoint per message with
 * `analyzeCheckpoint`, as the main thread would, and posts the outcome back. An error that is
 * not a located refusal of the file crosses as `internal`, and the CLI stops as it would have.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../core/errors';
import { analyzeCheckpoint, type TrackJob } from './trackCheckpoint';
import { isTrackRequest, type TrackReply } from './trackThreads';

const port = parentPort;
const job = workerData as TrackJob;
if (port) {
  port.on('message', (msg: unknown) => {
    if (!isTrackRequest(msg)) return;
    let reply: TrackReply;
    try {
      reply = { id: msg.id, outcome: analyzeCheckpoint(msg.file, job) };
    } catch (e) {
      reply = { id: msg.id, internal: errorMessage(e) };
    }
    port.postMessage(reply);
  });
}
