/**
 * Init messages for the modern-recurrence views, made by the real reader and analysis from the
 * committed fixtures in test/fixtures/recurrences, and the numbers numpy computed for them
 * (expected.json, written by scripts/fixtures/make_modern_fixtures.py).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../../src/core/analysis';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { readWeightFile } from '../../src/core/readers';
import type { RecurrenceKind } from '../../src/core/recurrences/types';
import type { HostMessage, L10nBundle } from '../../src/panelProtocol';

export const RECURRENCE_DIR = join(__dirname, '..', 'fixtures', 'recurrences');

export interface ExpectedLayer {
  readonly layer: string;
  readonly kind: string;
  readonly channels: number;
  readonly spectralRadius: number;
  readonly halfLife: { readonly min: number; readonly median: number; readonly max: number } | null;
  readonly nonDecaying: number;
  readonly verdict: string;
  readonly eigenvalues: readonly (readonly [number, number])[];
}

export interface ExpectedRecurrences {
  readonly horizon: number;
  readonly files: Readonly<Record<string, { readonly recurrences?: readonly ExpectedLayer[]; readonly matrices?: number; readonly kind?: string }>>;
}

export const EXPECTED_RECURRENCES = JSON.parse(readFileSync(join(RECURRENCE_DIR, 'expected.json'), 'utf8')) as ExpectedRecurrences;

export function expectedLayers(file: string): readonly ExpectedLayer[] {
  const layers = EXPECTED_RECURRENCES.files[file]?.recurrences;
  if (!layers) throw new Error(`expected.json has no layers for ${file}`);
  return layers;
}

/** The panel's init message for a fixture, analysed at the fixtures' horizon. */
export function recurrenceInit(file: string, opts: { kind?: RecurrenceKind; l10n?: L10nBundle; horizon?: number } = {}): HostMessage {
  const horizon = opts.horizon ?? EXPECTED_RECURRENCES.horizon;
  const wf = readWeightFile(readFileSync(join(RECURRENCE_DIR, file)), file, opts.kind ? { recurrenceKind: opts.kind } : {});
  const report = analyzeFile(wf, file, { ...DEFAULT_OPTIONS, horizon });
  const m = wf.matrices[0];
  return {
    type: 'init',
    report,
    matrix: m ? { name: m.name, rows: m.matrix.rows, cols: m.matrix.cols, values: Array.from(m.matrix.data) } : null,
    l10n: opts.l10n ?? null,
    state: {
      file,
      matrix: m?.name ?? '',
      controls: { horizon, clipTau: 1, scale: 1, mode: 'linear', forgetBias: 1, lossAt: 'every-step' },
      ...(opts.kind ? { recurrenceKind: opts.kind } : {}),
    },
    interactive: true,
  };
}
