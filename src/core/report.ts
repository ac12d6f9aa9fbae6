/**
 * The AnalysisReport: one plain-JSON type that the CLI prints (`--json`), the panel draws, the
 * hover summarises and diagnostics judge. Values that can overflow float64 are log10; `null` in a
 * log10 series means exactly zero. No NaN or Infinity ever appears in a report.
 * Field names marked (contract) are relied on by scripts: add fields, do not rename these.
 */
import type { GainBands, MemoryMoments, Quantiles3, RecurrenceVerdict } from './recurrences/stats';
import type { RecurrenceKind, UnrecognisedLayer } from './recurrences/types';
import type { HeadGateRadius } from './recurrences/xlstm';
import type { Format, Layout, Role } from './weightFile';

/**
 * `uncertain`: some log10 ||W^k|| are bounded rather than exact, and the verdict at the lower ends
 * of their intervals differs from the verdict at the upper ends (an interval straddles a threshold).
 */
export type Verdict = 'vanishing' | 'exploding' | 'transient-growth' | 'stable' | 'uncertain';
/** What rho alone says about k -> infinity. */
export type AsymptoticClass = 'vanishing' | 'exploding' | 'marginal';
export type LossAt = 'every-step' | 'last-step';

/** A log10 series: index 0 is k = 0 (power norms) or t = 1 (trajectories). */
export type Log10Series = (number | null)[];

export interface PeakPowerNorm {
  readonly k: number;
  readonly log10: number | null;
}

export interface PowerNormMethod {
  /** `exact`: ||W^k||_2 from the product itself; `bounded`: an estimate with a stated error. */
  readonly method: 'exact' | 'bounded';
  /** Largest absolute error of any log10 value in the series (0 means to rounding). */
  readonly maxLog10Error: number;
  readonly note: string;
  /** With `bounded`: per k, the interval [lower, upper] that holds log10 ||W^k|| (equal where exact). */
  readonly lower?: Log10Series;
  readonly upper?: Log10Series;
}

/** How a sparse matrix was analysed (present only for matrices read as sparse). */
export interface SparseSummary {
  /** Stored entries and their share of n^2. */
  readonly nnz: number;
  readonly density: number;
  /**
   * `krylov-schur`: only the largest-modulus eigenvalues, by restarted Arnoldi on the sparse
   * operator; `triangular`: no cycle in the pattern but the diagonal, so the eigenvalues are the
   * diagonal entries (the largest listed), exactly; `dense`: small enough that the dense solver
   * found all of them.
   */
  readonly method: 'krylov-schur' | 'triangular' | 'dense';
  /** Whether the eigenvalues listed met the residual tolerance (false: rho is the best estimate). */
  readonly converged: boolean;
  readonly restarts: number;
  /** Products with W spent on the eigenvalues. */
  readonly products: number;
  /** ||W U - U T||_F / rho for the leading Schur vectors U, from fresh products (krylov-schur only). */
  readonly residual?: number;
}

export interface GateReport {
  readonly gate: string; // (contract)
  readonly spectralRadius: number; // (contract)
  readonly spectralNorm: number; // (contract)
  readonly frobeniusNorm: number;
  readonly eigenvalues: [number, number][];
  readonly log10PowerNorms: Log10Series;
  readonly verdict: Verdict;
  /** Mean forget/update bias of this gate when the file has one. */
  readonly meanBias?: number;
}

export interface ClippingReport {
  readonly tau: number;
  /** PyTorch clip_grad_norm_: coef = min(1, tau / (norm + 1e-6)). */
  readonly rule: 'pytorch';
  /** log10 of the total norm of dL/dW_hh before clipping (over the trajectory). */
  readonly log10TotalNorm: number | null;
  /** The factor applied (<= 1); `log10Coef` keeps it finite when it is tiny. */
  readonly log10Coef: number;
  /** d2l/TF form tau / max(norm, tau), for comparison. */
  readonly log10CoefD2l: number;
  /** Clipped per-step trajectory log10 ||g_t|| (each step clipped to tau, as clipping the hidden-state gradient). */
  readonly log10GradNorm: Log10Series;
  /** Cosine between the clipped and unclipped gradient of W_hh: 1 means the direction is kept. */
  readonly directionCosine: number;
  /** Steps whose gradient had vanished (below 1e-8 of the largest) before clipping and still have after. */
  readonly vanishedStepsUnchanged: number;
  readonly clipped: boolean;
  /** The trajectory after clip_grad_norm_: every step times the one coef (the shape is unchanged). */
  readonly log10GradNormGlobal?: Log10Series;
  /** Cosine when each step is clipped on its own instead (that form can turn the direction). */
  readonly perStepDirectionCosine?: number;
  /** Steps whose gradient had vanished before clipping (compare vanishedStepsUnchanged). */
  readonly vanishedSteps?: number;
  /**
   * The same counts for the long-range gradient dL_T/dh_t (the last step's loss alone), which is
   * what vanishes when the loss is at every step.
   */
  readonly longRangeVanishedSteps?: number;
  readonly longRangeVanishedStepsUnchanged?: number;
}

export interface TanhReport {
  /** gamma of the nonlinearity: 1 for tanh. */
  readonly gamma: number;
  /** Pascanu et al.: sigma_max < 1/gamma is sufficient for vanishing. */
  readonly sufficientForVanishing: boolean;
  /** sigma_max > 1/gamma is necessary for exploding. */
  readonly necessaryForExploding: boolean;
  readonly seed: number;
  readonly log10GradNorm: Log10Series;
}

export interface LstmReport {
  /** Forget-gate bias used, and where it came from. */
  readonly forgetBias: number;
  readonly forgetBiasSource: 'option' | 'file' | 'default';
  /** Gate whose path is measured: `f` (LSTM forget; also the plain-W what-if) or GRU update `z`. */
  readonly gate?: string;
  /** sigma(b): the forget gate's value with zero input. */
  readonly forgetGate: number;
  /** log10 || prod_k diag(f_k) || along the cell path, t = 1..T. */
  readonly cellPathLog10: Log10Series;
  /** Full gradient through a seeded forward pass of the real LSTM (stacks only). */
  readonly fullLog10GradNorm?: Log10Series;
  /** For a plain W_hh: what an LSTM with forget bias b would carry, per b. */
  readonly whatIf?: { readonly forgetBias: number; readonly forgetGate: number; readonly cellPathLog10: Log10Series }[];
}

export interface TrajectoryReport {
  readonly T: number; // (contract)
  readonly lossAt: LossAt;
  /** `file`: dL/do given by --upstream; `default`: seeded unit vectors (see README). */
  readonly upstream: 'given' | 'default';
  /** log10 ||dL/dh_t|| for t = 1..T (linear RNN, eq. 1). (contract) */
  readonly log10GradNorm: Log10Series;
  /** log10 of the eq. (2)-(4) bound sum_k ||W||^(k-t) ||W_qh|| ||dL/do_k||, t = 1..T. */
  readonly log10Bound: Log10Series;
  readonly clipping?: ClippingReport;
  readonly tanh?: TanhReport;
  readonly lstm?: LstmReport;
}

export interface MatrixReport {
  readonly name: string; // (contract)
  readonly role: Role; // (contract)
  readonly layout: Layout; // (contract)
  readonly dtype: string;
  readonly shape: readonly [number, number]; // (contract)
  /** Null for gate stacks: each gate is analysed on its own. (contract) */
  readonly spectralRadius: number | null;
  readonly spectralNorm: number | null; // (contract)
  readonly frobeniusNorm: number; // (contract)
  /** [re, im] pairs sorted by |lambda| desc, then re desc, then im desc. (contract) */
  readonly eigenvalues: [number, number][];
  /** False if the QR iteration did not converge: the radius is then a bound, see `notes`. */
  readonly eigenvaluesConverged: boolean;
  /** Singular values, descending (may be truncated for large n: see `notes`). */
  readonly singularValues: number[];
  /** log10 ||W^k||_2 for k = 0..horizon. (contract) */
  readonly log10PowerNorms: Log10Series;
  readonly powerNormMethod: PowerNormMethod;
  /**
   * What log10PowerNorms holds: `matrix-power` (log10 ||W^k||_2, the default when absent) or, for a
   * gate stack, `gate-stack-gain`: the seeded cell's end-to-end gain over k steps.
   */
  readonly powerNormsKind?: 'matrix-power' | 'gate-stack-gain';
  readonly peakPowerNorm: PeakPowerNorm; // (contract)
  readonly verdict: Verdict; // (contract)
  readonly asymptotic: AsymptoticClass;
  /** log10 ||W^T||_2 at the horizon: the growth (>0) or decay (<0) factor over T steps. */
  readonly log10GrowthAtHorizon: number | null;
  readonly gates?: GateReport[]; // (contract)
  readonly trajectory: TrajectoryReport; // (contract)
  /** Plain-language caveats (non-convergence, estimates, scaling applied). */
  readonly notes: string[];
  /** What-if factor applied to W before analysis (1 when none). */
  readonly scale: number;
  /** Present when W was read as a sparse matrix; `eigenvalues` then lists only the largest. */
  readonly sparse?: SparseSummary;
}

export interface Thresholds {
  /** |log10 growth| over the horizon beyond which gradients count as exploding / vanishing. */
  readonly explodeLog10: number;
  readonly vanishLog10: number;
  /** Peak log10 ||W^k|| (k > 0) above which rho < 1 still counts as transient growth. */
  readonly transientLog10: number;
  /** |rho - 1| within which the asymptotic class is `marginal`. */
  readonly marginalTolerance: number;
}

export interface AnalysisReport {
  readonly tool: 'rnn-gradient-lens'; // (contract)
  readonly version: string;
  readonly file: string; // (contract)
  readonly format: Format; // (contract)
  readonly horizon: number;
  readonly thresholds: Thresholds;
  readonly matrices: MatrixReport[]; // (contract)
  /** Tensors in the file that are not analysable matrices. */
  readonly skipped: { name: string; shape: readonly number[]; reason: string }[];
  /** About the file as a whole: a checkpoint's globals that were named but never run. */
  readonly notes?: string[];
  /** Modern recurrent layers (diagonal transitions), in file order. (contract) */
  readonly recurrences: RecurrenceReport[];
  /** Layers whose tensors look recurrent but could not be analysed, with why. */
  readonly unrecognisedRecurrences: UnrecognisedLayer[];
}

/** One modern recurrent layer: λ from its parameters (docs/analysis.md, "Modern recurrences"). */
export interface RecurrenceReport {
  /** The tensors' common prefix without its trailing dot. (contract) */
  readonly layer: string;
  readonly kind: RecurrenceKind; // (contract)
  /** How the file stores the parameters: `A` (GGUF ssm_a), RWKV `v4`/`v5`/`v6`, xLSTM `mlstm`/`slstm-*`. */
  readonly variant?: string;
  /** Number of eigenvalues λ. (contract) */
  readonly channels: number;
  /** max |λ|. (contract) */
  readonly spectralRadius: number;
  /** ln 2 / −ln|λ| in steps over the channels with |λ| < 1; null when there are none. (contract) */
  readonly halfLife: Quantiles3 | null;
  /** Channels with |λ| ≥ 1. (contract) */
  readonly nonDecaying: number;
  readonly assumption: string; // (contract)
  readonly verdict: RecurrenceVerdict; // (contract)
  readonly horizon: number;
  /** The Δ what-if applied (1: as in the file). */
  readonly deltaScale: number;
  readonly tensors: { role: string; name: string; shape: readonly number[]; dtype: string }[];
  /** [re, im] of every channel's λ, in channel order (row-major over the parameter's shape). */
  readonly eigenvalues: [number, number][];
  /** ln|λ| per channel as in the file (before the what-if), from the parameters directly. */
  readonly logModulus: number[];
  /** arg λ per channel, unwrapped (null for real λ). */
  readonly phase: number[] | null;
  /** log10 |λ|^(T−t), t = 1..T, as quantile bands over the channels. */
  readonly gain: GainBands;
  /** State variance and sensitivity to λ (Zucchet & Orvieto 2024); null when nothing decays. */
  readonly memory: MemoryMoments | null;
  /** sLSTM: spectral radius of each head's dense recurrent block per gate. */
  readonly blocks?: HeadGateRadius[];
  readonly notes: string[];
}
