/** The service every editor feature uses; its contract is `../analysisService.ts`. */
import * as path from 'node:path';
import type { AnalysisService } from '../analysisService';
import { SILENT, type Logger } from '../pure/logger';
import { WorkerAnalysisService } from './workerAnalysisService';

export interface ServiceSetup {
  /** The worker bundle; dist/worker.js beside the extension's bundle by default. */
  readonly workerScript?: string;
  /** The extension's log (worker deaths, fallbacks, give-ups; timings at trace level). */
  readonly log?: Logger;
  /** Start the worker now and warm it while idle (default true). */
  readonly warmUp?: boolean;
}

export function createAnalysisService(setup: ServiceSetup = {}): AnalysisService {
  return new WorkerAnalysisService(setup.workerScript ?? path.join(__dirname, 'worker.js'), setup.log ?? SILENT, setup.warmUp ?? true);
}
