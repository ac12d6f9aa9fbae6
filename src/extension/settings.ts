/** Reads this extension's settings. Settings are data only: none of them names a program to run. */
import * as vscode from 'vscode';
import { globOf, SCANNED_EXTENSIONS } from '../core/formats';
import type { BudgetKind } from './analysisService';
import type { FindingKind } from './pure/findings';
export { expandBraces, joinGlobs } from './pure/globs';

export const SECTION = 'rnnGradientLens';

export type Toggle = 'hover.enabled' | 'codeLens.enabled' | 'statusBar.enabled' | 'worker.warmUp';

export function isEnabled(toggle: Toggle): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<unknown>(toggle) !== false;
}

const DEFAULT_SEVERITY: Record<FindingKind, string> = {
  exploding: 'warning',
  vanishing: 'warning',
  transientGrowth: 'information',
  uncertain: 'information',
  tanhCondition: 'hint',
  notConverged: 'warning',
  nonDecaying: 'warning',
  shortMemory: 'information',
  nonFinite: 'error',
  unreadable: 'error',
  gaveUp: 'warning',
};

/** The severity for a kind of finding, or undefined when the user turned that kind off. */
export function severityOf(kind: FindingKind): vscode.DiagnosticSeverity | undefined {
  const v = vscode.workspace.getConfiguration(SECTION).get<unknown>(`severity.${kind}`);
  switch (typeof v === 'string' ? v : DEFAULT_SEVERITY[kind]) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'information':
      return vscode.DiagnosticSeverity.Information;
    case 'hint':
      return vscode.DiagnosticSeverity.Hint;
    case 'off':
      return undefined;
    default:
      return severityFallback(kind);
  }
}

function severityFallback(kind: FindingKind): vscode.DiagnosticSeverity {
  return DEFAULT_SEVERITY[kind] === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
}

function stringList(key: string, fallback: readonly string[]): string[] {
  const v = vscode.workspace.getConfiguration(SECTION).get<unknown>(key);
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : [...fallback];
}

export const DEFAULT_INCLUDE = [globOf(SCANNED_EXTENSIONS)];
export const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/.git/**', '**/package.json', '**/package-lock.json', '**/tsconfig*.json', '**/.vscode/**'];

export function includeGlobs(): string[] {
  return stringList('diagnostics.include', DEFAULT_INCLUDE);
}

export function excludeGlobs(): string[] {
  return stringList('diagnostics.exclude', DEFAULT_EXCLUDE);
}

/** Patterns of `files.exclude` that are on (a plain `true`; conditional `when` entries are skipped). */
export function filesExcludeGlobs(scope?: vscode.Uri): string[] {
  const v = vscode.workspace.getConfiguration('files', scope).get<unknown>('exclude');
  if (typeof v !== 'object' || v === null) return [];
  return Object.entries(v as Record<string, unknown>).filter(([, on]) => on === true).map(([g]) => g);
}


/** Time budgets in seconds: default, and the range a setting is clamped to. */
export const TIME_BUDGETS: Record<BudgetKind, { readonly key: string; readonly seconds: number; readonly min: number; readonly max: number }> = {
  quick: { key: 'timeBudget.hoverSeconds', seconds: 5, min: 0.5, max: 600 },
  panel: { key: 'timeBudget.panelSeconds', seconds: 60, min: 1, max: 3600 },
};

/** The time budget of one kind of request, in ms (a bad or out-of-range value is clamped). */
export function timeBudgetMs(kind: BudgetKind): number {
  const b = TIME_BUDGETS[kind];
  const v = vscode.workspace.getConfiguration(SECTION).get<unknown>(b.key);
  const s = typeof v === 'number' && Number.isFinite(v) ? Math.min(b.max, Math.max(b.min, v)) : b.seconds;
  return Math.round(s * 1000);
}
