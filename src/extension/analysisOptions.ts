/** Analysis and read options from the settings, and editor ranges of reader refusals. */
import * as vscode from 'vscode';
import type { ErrorPlace } from '../core/errors';
import { ALL_EXTENSIONS, extensionTest, globOf } from '../core/formats';
import { DEFAULT_MAX_SIZE_MB, MB } from '../core/limits';
import { DEFAULT_OPTIONS, DEFAULT_THRESHOLDS, type AnalyzeOptions } from '../core/options';
import type { ReadOptions } from '../core/weightFile';
import type { RangeTuple } from './pure/workerProtocol';

/** Every file the format table knows, by name (watchers, status bar). */
export const WEIGHTS_GLOB = globOf(ALL_EXTENSIONS);
export const WEIGHTS_EXTENSIONS = extensionTest(ALL_EXTENSIONS);

/** Settings-derived defaults merged under per-request options. Settings are data only. */
export function optionsFromSettings(overrides: Partial<AnalyzeOptions> = {}): AnalyzeOptions {
  const cfg = vscode.workspace.getConfiguration('rnnGradientLens');
  const num = (key: string, fallback: number): number => {
    const v = cfg.get<unknown>(key);
    return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  };
  return {
    ...DEFAULT_OPTIONS,
    horizon: Math.max(1, Math.min(100_000, Math.round(num('horizon', DEFAULT_OPTIONS.horizon)))),
    clipTau: Math.max(1e-12, num('clipTau', DEFAULT_OPTIONS.clipTau)),
    thresholds: {
      ...DEFAULT_THRESHOLDS,
      explodeLog10: num('thresholds.explodeLog10', DEFAULT_THRESHOLDS.explodeLog10),
      vanishLog10: num('thresholds.vanishLog10', DEFAULT_THRESHOLDS.vanishLog10),
      transientLog10: num('thresholds.transientLog10', DEFAULT_THRESHOLDS.transientLog10),
    },
    ...overrides,
  };
}

/**
 * Read options from settings. Layout is never forced: names and shapes decide, and the
 * defaultLayout setting only applies to stacks they leave undecided (see layoutFallback).
 */
export function readOptionsFromSettings(): ReadOptions & { maxBytes: number; layoutFallback?: 'keras' } {
  const cfg = vscode.workspace.getConfiguration('rnnGradientLens');
  const mb = cfg.get<unknown>('maxFileSizeMB');
  const maxMb = typeof mb === 'number' && Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_SIZE_MB;
  return {
    maxBytes: Math.round(maxMb * MB),
    maxBytesSetting: 'rnnGradientLens.maxFileSizeMB',
    ...(cfg.get<unknown>('defaultLayout') === 'keras' ? { layoutFallback: 'keras' as const } : {}),
  };
}

/** Editor range of a reader's refusal; file start when the place has no line. */
export function rangeOfPlace(place: ErrorPlace): RangeTuple {
  switch (place.kind) {
    case 'text':
      return [place.line - 1, place.column - 1, place.line - 1, place.column - 1 + Math.max(1, place.length ?? 1)];
    case 'cell':
      if (place.line !== undefined && place.column !== undefined) {
        return [place.line - 1, place.column - 1, place.line - 1, place.column - 1 + Math.max(1, place.length ?? 1)];
      }
      return [0, 0, 0, 0];
    default:
      return [0, 0, 0, 0];
  }
}
