/**
 * Messages between the extension host and the compare page (two checkpoints side by side).
 * Checked at runtime on both sides, like protocol.ts.
 */
import type { AnalysisReport } from './core/report';
import type { Comparison } from './core/run/compare';
import { isAnalysisReport, isFiniteNum, isL10n, isObj, isStr, type L10nBundle } from './panelProtocol';

export interface CompareSide {
  /** The file as the user sees it (workspace-relative). */
  readonly label: string;
  readonly report: AnalysisReport;
}

export type CompareHostMessage = {
  readonly type: 'compareInit';
  readonly l10n: L10nBundle | null;
  readonly a: CompareSide;
  readonly b: CompareSide;
  readonly comparison: Comparison;
};

export type CompareWebviewMessage = { readonly type: 'compareReady' };

const numOrNull = (x: unknown): boolean => x === null || isFiniteNum(x);
const strList = (x: unknown): boolean => Array.isArray(x) && x.every(isStr);

function isDiff(x: unknown): boolean {
  if (!isObj(x) || !isStr(x.name) || !numOrNull(x.deltaRadius) || !numOrNull(x.relativeChange) || !isStr(x.verdictA) || !isStr(x.verdictB)) return false;
  if (!Array.isArray(x.shape) || x.shape.length !== 2) return false;
  return x.gates === undefined || (Array.isArray(x.gates) && x.gates.every((g) => isObj(g) && isStr(g.gate) && isFiniteNum(g.deltaRadius)));
}

const isSide = (x: unknown): boolean => isObj(x) && isStr(x.label) && isAnalysisReport(x.report);

export function isCompareHostMessage(x: unknown): x is CompareHostMessage {
  if (!isObj(x) || x.type !== 'compareInit' || !isL10n(x.l10n) || !isSide(x.a) || !isSide(x.b)) return false;
  const c = x.comparison;
  return isObj(c) && Array.isArray(c.matrices) && c.matrices.every(isDiff) && strList(c.onlyA) && strList(c.onlyB);
}

export function isCompareWebviewMessage(x: unknown): x is CompareWebviewMessage {
  return isObj(x) && x.type === 'compareReady';
}
