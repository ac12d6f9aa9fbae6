import type { BenchSuite } from '../types';
import { linalgSuite } from './linalg';
import { hessenbergSuite } from './hessenberg';
import { cliSuite } from './cli';
import { parseSuite } from './parse';
import { editorSuite } from './editor';
import { panelSuite } from './panel';
import { budgetSuite } from './budget';
import { runSuite } from './run';
import { checkpointsSuite } from './checkpoints';
import { torchSuite } from './torch';
import { recurrencesSuite } from './recurrences';
import { sparseSuite } from './sparse';
import { growthSuite } from './growth';
import { powersSuite } from './powers';
import { progressiveSuite } from './progressive';

/** Every suite `npm run bench` runs, in order. */
export const suites: BenchSuite[] = [
  linalgSuite,
  hessenbergSuite,
  cliSuite,
  parseSuite,
  editorSuite,
  panelSuite,
  progressiveSuite,
  budgetSuite,
  runSuite,
  checkpointsSuite,
  torchSuite,
  recurrencesSuite,
  sparseSuite,
  growthSuite,
  powersSuite,
];
