/** The MatrixReport of a square recurrent W (role rnn or matrix). */
import type { Matrix } from '../matrix';
import type { AnalyzeOptions } from '../options';
import type { LstmReport, MatrixReport, TrajectoryReport } from '../report';
import type { NamedMatrix } from '../weightFile';
import { spectralNorm } from '../linalg';
import { linearTrajectoryFrom, projectUpstream } from './bptt';
import { boundSeries } from './bound';
import { clippingReport, defaultHiddenStates } from './clipping';
import { gatePathLog10, resolveGateBias, sigmoid } from './gates';
import { outputSize, resolveUpstream } from './inputs';
import { spectrumOf } from './spectrum';
import { tanhTrajectory } from './tanh';
import { toOperator, type ScaledOperator, type ScaledVec } from './logspace';
import type { ProgressSink, Stage, StageValues } from '../progress';

/** Forget biases of the "what if this were an LSTM" comparison. */
export const WHAT_IF_FORGET_BIASES = [0, 1, 2, 3] as const;

/** The LSTM comparison for a plain W_hh: the cell path for the chosen and the what-if biases. */
export function lstmWhatIf(forgetBiasOption: number | undefined, T: number): LstmReport {
  const b = resolveGateBias(forgetBiasOption, undefined, 0, 0);
  const f = sigmoid(b.value);
  return {
    forgetBias: b.value,
    forgetBiasSource: b.source,
    forgetGate: f,
    cellPathLog10: gatePathLog10(f, T),
    whatIf: WHAT_IF_FORGET_BIASES.map((fb) => ({ forgetBias: fb, forgetGate: sigmoid(fb), cellPathLog10: gatePathLog10(sigmoid(fb), T) })),
  };
}

const zeroLike = (x: ScaledVec): ScaledVec => ({ log10Scale: -Infinity, v: new Float64Array(x.v.length) });

export interface TrajectoryInput {
  /** W, dense or as an operator (sparse matrices). */
  readonly w: Matrix | ScaledOperator;
  readonly spectralNorm: number;
  readonly options: AnalyzeOptions;
  readonly name: string;
}

/** Linear BPTT, its bound, clipping, the tanh RNN and the LSTM comparison for one square W. */
export function squareTrajectory(input: TrajectoryInput): TrajectoryReport {
  const { options: o } = input;
  const w = toOperator(input.w);
  const n = w.n;
  const q = outputSize(o.wqh, n, input.name);
  const up = resolveUpstream(o, q, input.name);
  const T = up.rows.length;
  const uOpts = { upstream: up.rows, wqh: o.wqh, lossAt: o.lossAt };
  const u = projectUpstream(n, uOpts);
  const linear = linearTrajectoryFrom(w, u);
  // The long-range part dL_T/dh_t: what vanishes even when every step has its own loss.
  const longRange = o.lossAt === 'last-step' ? linear : linearTrajectoryFrom(w, u.map((x, t) => (t === T - 1 ? x : zeroLike(x))));
  const log10OutputNorm = o.wqh === undefined ? 0 : Math.log10(spectralNorm(o.wqh));
  return {
    T,
    lossAt: o.lossAt,
    upstream: up.given ? 'given' : 'default',
    log10GradNorm: linear.log10GradNorm,
    log10Bound: boundSeries({ log10SpectralNorm: Math.log10(input.spectralNorm), log10OutputNorm, upstream: up.rows, lossAt: o.lossAt }),
    clipping: clippingReport({
      grads: linear.grads,
      hidden: defaultHiddenStates(o.seed, T, n),
      tau: o.clipTau,
      longRange: longRange.grads.map((g) => g.log10Scale),
    }),
    tanh: tanhTrajectory(w, u, input.spectralNorm, o.seed, o.thresholds.marginalTolerance),
    lstm: lstmWhatIf(o.forgetBias, T),
  };
}

export function analyzeSquare(m: NamedMatrix, w: Matrix, o: AnalyzeOptions, progress?: ProgressSink): MatrixReport {
  const onStage = progress
    ? {
        onStage: (stage: Stage, values: StageValues) => progress({ kind: 'stage', stage, values }),
        onValues: (values: StageValues) => progress({ kind: 'values', values }),
        onStep: (done: number, total: number) => progress({ kind: 'step', done, total }),
      }
    : {};
  const s = spectrumOf(w, { horizon: o.horizon, thresholds: o.thresholds, ...onStage });
  const notes = [...s.notes];
  if (o.scale !== 1) notes.push(`what-if: W multiplied by ${o.scale} before analysis`);
  return {
    name: m.name,
    role: m.role,
    layout: m.layout,
    dtype: m.dtype,
    shape: m.shape,
    spectralRadius: s.spectralRadius,
    spectralNorm: s.spectralNorm,
    frobeniusNorm: s.frobeniusNorm,
    eigenvalues: s.eigenvalues,
    eigenvaluesConverged: s.eigenvaluesConverged,
    singularValues: s.singularValues,
    log10PowerNorms: s.log10PowerNorms,
    powerNormMethod: s.powerNormMethod,
    peakPowerNorm: s.peakPowerNorm,
    verdict: s.verdict,
    asymptotic: s.asymptotic,
    log10GrowthAtHorizon: s.log10GrowthAtHorizon,
    trajectory: squareTrajectory({ w, spectralNorm: s.spectralNorm, options: o, name: m.name }),
    notes,
    scale: o.scale,
  };
}
