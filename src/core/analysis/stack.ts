/**
 * The MatrixReport of a gate stack (LSTM 4H x H, GRU 3H x H). Each gate block is analysed as a
 * square matrix; the top-level radius and norm are null. The top-level trajectory is the real
 * cell's dL/dh_t (seeded forward pass), and the top-level `log10PowerNorms` holds the cell's
 * end-to-end gain log10 ||(dh_T/dh_{T-k})^T d||, k = 0..horizon, for a loss on h_T alone
 * (`powerNormsKind` says so): the gate-stack analogue of ||W^k||, which the verdict judges.
 */
import type { Matrix } from '../matrix';
import type { AnalyzeOptions } from '../options';
import type { GateReport, Log10Series, LstmReport, MatrixReport, PowerNormMethod } from '../report';
import type { NamedMatrix } from '../weightFile';
import { frobeniusNorm } from '../linalg';
import { defaultUpstream, projectUpstream } from './bptt';
import { blockMean, combinedBias, gateBlocks, gateIndex, gateNames, gatePathLog10, resolveGateBias, sigmoid } from './gates';
import { gruGradient } from './gru';
import { outputSize, resolveUpstream } from './inputs';
import { lstmGradient } from './lstm';
import { spectrumOf } from './spectrum';
import { asymptoticOf, peakOf, verdictOf } from './verdict';
import { scaledVec, type ScaledVec } from './logspace';
import type { ProgressSink } from '../progress';

function gateReports(stack: Matrix, names: readonly string[], bias: Float64Array | undefined, o: AnalyzeOptions): { gates: GateReport[]; notes: string[]; converged: boolean } {
  const H = stack.cols;
  const notes: string[] = [];
  let converged = true;
  const gates = gateBlocks(stack, names.length).map((block, k) => {
    const s = spectrumOf(block, { horizon: o.horizon, thresholds: o.thresholds, singularValues: false });
    const gate = names[k] as string;
    converged &&= s.eigenvaluesConverged;
    for (const note of s.notes) notes.push(`gate ${gate}: ${note}`);
    const r: GateReport = {
      gate,
      spectralRadius: s.spectralRadius,
      spectralNorm: s.spectralNorm,
      frobeniusNorm: s.frobeniusNorm,
      eigenvalues: s.eigenvalues,
      log10PowerNorms: s.log10PowerNorms,
      verdict: s.verdict,
      ...(bias !== undefined && bias.length === names.length * H ? { meanBias: blockMean(bias, k, H) } : {}),
    };
    return r;
  });
  return { gates, notes, converged };
}

/** A copy of `bias` (or zeros) with block `gate` set to `value` throughout. */
function withGateBias(bias: Float64Array | undefined, len: number, gate: number, H: number, value: number): Float64Array {
  const out = bias !== undefined && bias.length === len ? Float64Array.from(bias) : new Float64Array(len);
  out.fill(value, gate * H, (gate + 1) * H);
  return out;
}

export function analyzeStack(m: NamedMatrix, stack: Matrix, o: AnalyzeOptions, progress?: ProgressSink): MatrixReport {
  const H = stack.cols;
  const names = gateNames(m);
  const isGru = m.role === 'gru';
  const fileBias = combinedBias(m);
  const g = gateReports(stack, names, fileBias, o);
  const notes = [...g.notes];
  // Per gate: eigenvalues, ||W^k|| and norms come together; the gated cell's gain is the long part.
  const stackFrobenius = frobeniusNorm(stack);
  progress?.({ kind: 'stage', stage: 'spectrum', values: { spectralRadius: null, spectralNorm: null, eigenvaluesConverged: g.converged, gates: g.gates, frobeniusNorm: stackFrobenius, notes: [...notes] } });
  if (o.scale !== 1) notes.push(`what-if: the stack multiplied by ${o.scale} before analysis`);

  const q = outputSize(o.wqh, H, m.name);
  const up = resolveUpstream(o, q, m.name);
  const T = up.rows.length;
  const u = projectUpstream(H, { upstream: up.rows, wqh: o.wqh, lossAt: o.lossAt });
  const pathGate = isGru ? gateIndex(names, 'z') : gateIndex(names, 'f');
  const b = resolveGateBias(o.forgetBias, fileBias, pathGate, H);
  const len = names.length * H;

  // The gain series runs horizon + 1 steps so that k = 0..horizon, along u_T's direction (or a
  // seeded unit direction when dL/do_T is zero, so the gain still measures the cell).
  const uT = u[T - 1] as ScaledVec;
  const lastDir = uT.log10Scale === -Infinity ? scaledVec(defaultUpstream(o.seed, 1, H)[0] as Float64Array) : uT;
  const gainUpstream: ScaledVec[] = Array.from({ length: o.horizon + 1 }, () => lastDir);
  let full: Log10Series;
  let gain: Log10Series;
  if (isGru) {
    const order = { r: gateIndex(names, 'r'), z: pathGate, n: gateIndex(names, 'n', 'h') };
    const split = (x: Float64Array | undefined): Float64Array => (x !== undefined && x.length === len ? x : new Float64Array(len));
    const biasHH = o.forgetBias !== undefined || fileBias === undefined ? withGateBias(m.biasHH, len, pathGate, H, b.value) : split(m.biasHH);
    const biasIH = o.forgetBias !== undefined || fileBias === undefined ? withGateBias(m.biasIH, len, pathGate, H, 0) : split(m.biasIH);
    const run = { stack, order, biasHH, biasIH, seed: o.seed };
    full = gruGradient({ ...run, upstream: u });
    gain = lastStepGain((x) => gruGradient({ ...run, upstream: x }), gainUpstream, H);
  } else {
    const order = { i: gateIndex(names, 'i'), f: pathGate, g: gateIndex(names, 'g', 'c'), o: gateIndex(names, 'o') };
    const bias = b.source === 'file' && fileBias !== undefined ? fileBias : withGateBias(fileBias, len, pathGate, H, b.value);
    const run = { stack, order, bias, seed: o.seed };
    full = lstmGradient({ ...run, upstream: u });
    gain = lastStepGain((x) => lstmGradient({ ...run, upstream: x }), gainUpstream, H);
  }
  const gate = sigmoid(b.value);
  const lstm: LstmReport = {
    gate: names[pathGate] as string,
    forgetBias: b.value,
    forgetBiasSource: b.source,
    forgetGate: gate,
    cellPathLog10: gatePathLog10(gate, T),
    fullLog10GradNorm: full,
  };
  const method: PowerNormMethod = {
    method: 'exact',
    maxLog10Error: 0,
    note: `gate stack: end-to-end gain of the seeded ${isGru ? 'GRU' : 'LSTM'} for a loss on h_T, not ||W^k||`,
  };
  notes.push(`gate stack: radius and norms are per gate; log10PowerNorms and the verdict use the seeded ${isGru ? 'GRU' : 'LSTM'}'s gain over k steps for a loss on h_T, not ||W^k||`);
  const allConverged = g.converged;
  return {
    name: m.name,
    role: m.role,
    layout: m.layout,
    dtype: m.dtype,
    shape: m.shape,
    spectralRadius: null,
    spectralNorm: null,
    frobeniusNorm: stackFrobenius,
    eigenvalues: [],
    eigenvaluesConverged: allConverged,
    singularValues: [],
    log10PowerNorms: gain,
    powerNormMethod: method,
    powerNormsKind: 'gate-stack-gain',
    peakPowerNorm: peakOf(gain),
    verdict: verdictOf({ log10PowerNorms: gain, spectralRadius: null }, o.thresholds),
    asymptotic: asymptoticOf(gainRate(gain), o.thresholds),
    log10GrowthAtHorizon: gain[gain.length - 1] ?? null,
    gates: g.gates,
    trajectory: { T, lossAt: o.lossAt, upstream: up.given ? 'given' : 'default', log10GradNorm: full, log10Bound: [], lstm },
    notes,
    scale: o.scale,
  };
}

/**
 * The gain series log10 ||(dh_T/dh_{T-k})^T d|| - log10 ||d||, k = 0..T-1, from a backward pass
 * run with only the last step's upstream d.
 */
export function lastStepGain(run: (u: ScaledVec[]) => Log10Series, dirs: readonly ScaledVec[], H: number): Log10Series {
  const T = dirs.length;
  const last = dirs[T - 1] as ScaledVec;
  if (last.log10Scale === -Infinity) return dirs.map(() => null);
  const u = dirs.map((x, i) => (i === T - 1 ? x : { log10Scale: -Infinity, v: new Float64Array(H) }));
  return run(u).reverse().map((x) => (x === null ? null : x - last.log10Scale));
}

/**
 * Per-step growth factor of the gain over the second half of the horizon (where transients have
 * died out): the stack's stand-in for rho when judging the asymptotic class.
 */
export function gainRate(gain: readonly (number | null)[]): number {
  const K = gain.length - 1;
  const a = gain[Math.floor(K / 2)] ?? null;
  const b = gain[K] ?? null;
  if (K < 2 || b === null) return b === null ? 0 : 1;
  if (a === null) return 0;
  return 10 ** ((b - a) / (K - Math.floor(K / 2)));
}
