/** A training run: its checkpoints' steps and order, per-checkpoint summaries, verdict changes, a stamp cache. */
export { stepFromName, stem, type StepSource } from './step';
export { resolveStep, stepFromMeta, compareCheckpoints, orderCheckpoints, insertOrdered, type Orderable } from './order';
export {
  summarizeMatrix,
  summarizeWeights,
  summarizeCheckpoint,
  joinParts,
  matrixSummaryOf,
  recurrencesOf,
  checkpointSummaryOf,
  type CheckpointSummary,
  type MatrixSummary,
  type GateSummary,
  type RecurrenceSummary,
  type CheckpointNumbers,
  type CheckpointPart,
  type SeriesPoint,
  type FileStamp,
} from './summary';
export { runSeries, verdictChanges, firstChange, lineVerdict, type RunSeries, type VerdictChange, type SeriesKind, type LineVerdict } from './changes';
export { StampCache } from './cache';
export { checkpointNames, runExtensions } from './files';
export { compareAnalyses, relativeFrobenius, type Comparison, type MatrixDiff } from './compare';
