import type { AnalyzeOptions } from '../options';
import type { AnalysisReport, MatrixReport } from '../report';
import type { NamedMatrix, WeightFile } from '../weightFile';

/** Analyses one matrix (square W or gate stack) of a file. */
export function analyzeMatrix(_m: NamedMatrix, _options: AnalyzeOptions): MatrixReport {
  throw new Error('analysis: not implemented yet');
}

/**
 * Analyses the file's matrices: only `names` when given, else every candidate.
 * `fileName` is reported as given (the CLI passes the path the user typed).
 */
export function analyzeFile(_file: WeightFile, _fileName: string, _options: AnalyzeOptions, _names?: readonly string[]): AnalysisReport {
  throw new Error('analysis: not implemented yet');
}
