import type { BenchSuite } from '../types';

/** Every suite `npm run bench` runs, in order. */
export const suites: BenchSuite[] = [];
