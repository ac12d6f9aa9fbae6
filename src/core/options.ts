import type { Matrix } from './matrix';
import type { LossAt, Thresholds } from './report';

/** Everything that changes an analysis. Defaults are in DEFAULT_OPTIONS and documented in README. */
export interface AnalyzeOptions {
  /** k = 0..horizon for ||W^k||, and the trajectory length when no upstream is given. */
  readonly horizon: number;
  /** dL/do_1..dL/do_T (T rows of length n); sets the trajectory's T. */
  readonly upstream?: readonly (readonly number[])[];
  /** Output weights W_qh (q x n); identity when absent. */
  readonly wqh?: Matrix;
  /** Clipping threshold tau (PyTorch clip_grad_norm_ semantics). */
  readonly clipTau: number;
  /** Forget-gate bias for the LSTM analysis; read from the file when absent, else 1. */
  readonly forgetBias?: number;
  readonly lossAt: LossAt;
  /** What-if factor applied to W (1 = as in the file). */
  readonly scale: number;
  /** Seed of the deterministic default upstream gradients and tanh/LSTM forward passes. */
  readonly seed: number;
  readonly thresholds: Thresholds;
  /** Modern recurrences what-if: the step Δ (or the decay rate) multiplied by this (1 = as in the file). */
  readonly deltaScale?: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  explodeLog10: 1,
  vanishLog10: -1,
  transientLog10: Math.log10(2),
  marginalTolerance: 1e-6,
};

export const DEFAULT_OPTIONS: AnalyzeOptions = {
  horizon: 60,
  clipTau: 1,
  lossAt: 'every-step',
  scale: 1,
  seed: 1,
  thresholds: DEFAULT_THRESHOLDS,
};
