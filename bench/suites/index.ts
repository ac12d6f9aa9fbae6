import type { BenchSuite } from '../types';
import { linalgSuite } from './linalg';
import { cliSuite } from './cli';
import { parseSuite } from './parse';

/** Every suite `npm run bench` runs, in order. */
export const suites: BenchSuite[] = [
  linalgSuite,
  cliSuite,
  parseSuite,
];
