/** Where findings and lenses go in a file: shared by diagnostics, hover and CodeLens. */
import * as vscode from 'vscode';
import { WeightFileError } from '../core/errors';
import type { AnalysisOutcome } from './analysisService';
import { rangeOfPlace } from './analysisOptions';
import type { RecurrenceReport } from '../core/report';
import type { MatrixLocation, RangeTuple } from './pure/workerProtocol';

export const toRange = (r: RangeTuple): vscode.Range => new vscode.Range(r[0], r[1], r[2], r[3]);

export const FILE_START = new vscode.Range(0, 0, 0, 0);

/** The matrix's own range: its JSON key when it has one, else its value (the whole table in CSV). */
export function matrixRange(outcome: Extract<AnalysisOutcome, { ok: true }>, name: string): vscode.Range {
  const loc: MatrixLocation | undefined = outcome.locations.find((l) => l.name === name);
  const r = loc?.keyRange ?? loc?.range;
  return r ? toRange(r) : FILE_START;
}

/** The whole extent of the matrix (key through value), for hover hit-testing. */
export function matrixExtent(outcome: Extract<AnalysisOutcome, { ok: true }>, name: string): vscode.Range | undefined {
  const loc = outcome.locations.find((l) => l.name === name);
  if (!loc?.range) return undefined;
  const value = toRange(loc.range);
  return loc.keyRange ? value.union(toRange(loc.keyRange)) : value;
}

/** A modern layer's place: its first tensor's JSON key (A_log for Mamba), else the file's start. */
export function recurrenceRange(outcome: Extract<AnalysisOutcome, { ok: true }>, r: RecurrenceReport): vscode.Range {
  for (const t of r.tensors) {
    const loc = outcome.locations.find((l) => l.name === t.name);
    const at = loc?.keyRange ?? loc?.range;
    if (at) return toRange(at);
  }
  return FILE_START;
}

/** The tensor extent (key through value) of the layer that holds `pos`, for hover hit-testing. */
export function recurrenceExtentAt(outcome: Extract<AnalysisOutcome, { ok: true }>, r: RecurrenceReport, pos: vscode.Position): vscode.Range | undefined {
  for (const t of r.tensors) {
    const extent = matrixExtent(outcome, t.name);
    if (extent?.contains(pos)) return extent;
  }
  return undefined;
}

/** A refusal's range and its message without the file name (the Problems panel shows the file). */
export function refusalPlace(error: Error): { range: vscode.Range; message: string } {
  if (!(error instanceof WeightFileError)) return { range: FILE_START, message: error.message };
  const p = error.place;
  const where = p.kind === 'cell' ? `row ${p.row}, col ${p.col}: ` : p.kind === 'byte' ? `byte ${p.offset}: ` : '';
  return { range: toRange(rangeOfPlace(p)), message: where + error.message };
}
