/** The service every editor feature uses; its contract is `../analysisService.ts`. */
import * as path from 'node:path';
import type { AnalysisService } from '../analysisService';
import { WorkerAnalysisService } from './workerAnalysisService';

/** Analysis runs in dist/worker.js, next to the extension's bundle. */
export function createAnalysisService(workerScript: string = path.join(__dirname, 'worker.js')): AnalysisService {
  return new WorkerAnalysisService(workerScript);
}
