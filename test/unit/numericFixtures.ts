/** Loads the numpy/LAPACK reference fixtures of test/fixtures/numeric (schema in its README). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log10Series } from '../../src/core/report';

export interface NumericFixture {
  name: string;
  note: string;
  W: number[][];
  expected: {
    shape: [number, number];
    spectralRadius: number;
    spectralNorm: number;
    frobeniusNorm: number;
    eigenvalues: [number, number][];
    log10PowerNorms: Log10Series;
    peakPowerNorm: { k: number; log10: number | null };
    bptt: { T: number; dLdo: number[][]; log10GradNorm: Log10Series };
  };
}

export const NUMERIC_DIR = join(__dirname, '..', 'fixtures', 'numeric');
/** index.json describes the set; every other .json file in the folder is a fixture. */
export const NUMERIC_INDEX = 'index.json';

/** Every fixture file name, sorted: found by listing the folder, so new fixtures need no edit here. */
export function numericFixtureFiles(): string[] {
  return readdirSync(NUMERIC_DIR).filter((f) => f.endsWith('.json') && f !== NUMERIC_INDEX).sort();
}

export function loadNumericFixtures(): NumericFixture[] {
  return numericFixtureFiles().map((f) => JSON.parse(readFileSync(join(NUMERIC_DIR, f), 'utf8')) as NumericFixture);
}
