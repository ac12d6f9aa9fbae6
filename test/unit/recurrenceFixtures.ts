/** The numpy references of test/fixtures/recurrences (scripts/fixtures/make_modern_fixtures.py). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const RECURRENCE_FIXTURES = join(__dirname, '..', 'fixtures', 'recurrences');

/** One layer as numpy computed it (the fields the CLI and the editor tests read). */
export interface LayerWant {
  layer: string;
  kind: string;
  channels: number;
  spectralRadius: number;
  halfLife: { min: number; median: number; max: number } | null;
  nonDecaying: number;
  verdict: string;
}

export interface RecurrenceExpected {
  readonly horizon: number;
  readonly files: Record<string, { recurrences?: LayerWant[]; kind?: string; refused?: string }>;
}

export const recurrenceExpected = (): RecurrenceExpected => JSON.parse(readFileSync(join(RECURRENCE_FIXTURES, 'expected.json'), 'utf8')) as RecurrenceExpected;
