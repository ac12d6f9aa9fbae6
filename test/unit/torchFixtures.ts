/** The PyTorch and .npz fixtures and what scripts/fixtures/make_torch_fixtures.py says they hold. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const TORCH_FIXTURES = join(__dirname, '..', 'fixtures', 'checkpoints', 'torch');

export interface ExpectedMatrix {
  readonly name: string;
  readonly shape: [number, number];
  readonly role: string;
  readonly spectralRadius?: number;
  readonly gateSpectralRadius?: Record<string, number>;
}

export interface ExpectedFile {
  readonly note: string;
  readonly matrices: ExpectedMatrix[];
  /** Globals the notes must name as not run. */
  readonly globals?: string[];
  /** The checkpoint's counters, as WeightFile.meta holds them. */
  readonly meta?: { step?: number; globalStep?: number; epoch?: number };
  /** For bad_* files: a word the refusal must contain. */
  readonly subject?: string;
}

export const expectedCheckpoints = JSON.parse(readFileSync(join(TORCH_FIXTURES, 'expected.json'), 'utf8')) as Record<string, ExpectedFile>;
export const checkpointFiles = readdirSync(TORCH_FIXTURES).filter((f) => f !== 'expected.json').sort();
