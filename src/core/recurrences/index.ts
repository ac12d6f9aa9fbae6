/**
 * Modern recurrences: detection by name (detect.ts), λ from the parameters (lambda.ts), per-layer
 * numbers (stats.ts). Pure and browser-safe: the panel re-runs `layerStats` when the Δ scale moves.
 */
import type { RecurrenceReport } from '../report';
import { InternalAnalysisError } from '../analysis/guard';
import { firstNonFinite } from '../finite';
import { assumptionOf } from './assumption';
import { eigenFrom, logEigen } from './lambda';
import { layerStats } from './stats';
import type { LayerPlan, LayerTensor, RecurrentLayerData, UnrecognisedLayer } from './types';
import { slstmBlockRadii } from './xlstm';

export { detectRecurrences } from './detect';
export type { Detection } from './detect';
export { layerStats, verdictOf, GAIN_QUANTILES, SHORT_MEMORY_FACTOR, LOG10_FLOOR } from './stats';
export type { LayerStats, GainBands, MemoryMoments, Quantiles3, RecurrenceVerdict } from './stats';
export { softplus, logSigmoid, eigenFrom, logEigen, RWKV7_DECAY_SCALE } from './lambda';
export { RECURRENCE_KINDS, isRecurrenceKind } from './types';
export type { RecurrenceKind, TensorListing, LayerPlan, UnrecognisedLayer, RecurrentLayerData, LayerTensor } from './types';

/** Reads each planned layer's tensors; a non-finite value refuses that layer (listed, with where). */
export function readRecurrentLayers(plans: readonly LayerPlan[], read: (name: string) => LayerTensor): { layers: RecurrentLayerData[]; unrecognised: UnrecognisedLayer[] } {
  const layers: RecurrentLayerData[] = [];
  const unrecognised: UnrecognisedLayer[] = [];
  for (const p of plans) {
    const tensors: Record<string, LayerTensor> = {};
    let refused: string | undefined;
    for (const [role, name] of Object.entries(p.tensors)) {
      const t = read(name);
      const bad = firstNonFinite(t.data);
      if (bad >= 0) {
        refused = `${name}: value ${bad} (flat index) is ${String(t.data[bad])}; λ needs finite parameters`;
        break;
      }
      tensors[role] = t;
    }
    if (refused !== undefined) unrecognised.push({ layer: p.layer, tensors: Object.values(p.tensors), reason: refused });
    else layers.push({ layer: p.layer, kind: p.kind, tensors, ...(p.variant === undefined ? {} : { variant: p.variant }) });
  }
  return { layers, unrecognised };
}

export interface RecurrenceOptions {
  /** The horizon T that the verdict and the gain bands are measured against. */
  readonly horizon: number;
  /** What-if: Δ (or, for kinds without a step, the decay rate ln|λ|) multiplied by this. */
  readonly deltaScale: number;
}

/** One layer's report, or the reason it cannot be analysed. */
export function analyzeRecurrence(l: RecurrentLayerData, o: RecurrenceOptions): RecurrenceReport | UnrecognisedLayer {
  const e = logEigen(l);
  const names = Object.values(l.tensors).map((t) => t.name);
  if (e.undefinedAt) return { layer: l.layer, tensors: names, reason: `channel ${e.undefinedAt.index}: λ is undefined (${e.undefinedAt.why})` };
  if (e.logModulus.length === 0) return { layer: l.layer, tensors: names, reason: 'no channels' };
  const stats = layerStats(e.logModulus, o.horizon, o.deltaScale);
  const { re, im } = eigenFrom(e, o.deltaScale);
  const blocks = l.kind === 'xlstm' && l.variant !== 'mlstm' ? slstmBlockRadii(l) : undefined;
  const notes: string[] = [];
  if (blocks && blocks.length > 0) {
    const top = blocks.reduce((a, b) => (b.spectralRadius > a.spectralRadius ? b : a));
    notes.push(`largest dense recurrent block: head ${top.head}, gate ${top.gate}, ρ = ${top.spectralRadius.toPrecision(6)}`);
  }
  if (o.deltaScale !== 1) notes.push(`what-if: Δ multiplied by ${o.deltaScale} (λ → λ^${o.deltaScale})`);
  return {
    layer: l.layer,
    kind: l.kind,
    ...(l.variant === undefined ? {} : { variant: l.variant }),
    channels: stats.channels,
    spectralRadius: stats.spectralRadius,
    halfLife: stats.halfLife,
    nonDecaying: stats.nonDecaying,
    assumption: assumptionOf(l),
    verdict: stats.verdict,
    horizon: o.horizon,
    deltaScale: o.deltaScale,
    tensors: Object.entries(l.tensors).map(([role, t]) => ({ role, name: t.name, shape: t.shape, dtype: t.dtype })),
    eigenvalues: pairs(re, im, `${l.layer}: eigenvalues`),
    logModulus: finiteList(e.logModulus, `${l.layer}: logModulus`),
    phase: e.phase === null ? null : finiteList(e.phase, `${l.layer}: phase`),
    gain: stats.gain,
    memory: stats.memory,
    ...(blocks ? { blocks } : {}),
    notes,
  };
}

/**
 * The per-channel lists, built in one pass that also checks each value is finite (the report's
 * last check skips them: walking ~10⁶ small arrays again costs more than computing them).
 */
function finiteList(xs: Float64Array, what: string): number[] {
  const out = new Array<number>(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    if (!Number.isFinite(x)) throw new InternalAnalysisError(`internal error: ${what}[${i}] is ${x} (expected a finite number)`);
    out[i] = x;
  }
  return out;
}

function pairs(re: Float64Array, im: Float64Array, what: string): [number, number][] {
  const out = new Array<[number, number]>(re.length);
  for (let i = 0; i < re.length; i++) {
    const r = re[i] as number;
    const m = im[i] as number;
    if (!Number.isFinite(r) || !Number.isFinite(m)) throw new InternalAnalysisError(`internal error: ${what}[${i}] is [${r}, ${m}] (expected finite numbers)`);
    out[i] = [r, m];
  }
  return out;
}

/** Every layer's report in file order; layers that cannot be analysed join `unrecognised`. */
export function analyzeRecurrences(layers: readonly RecurrentLayerData[], o: RecurrenceOptions): { reports: RecurrenceReport[]; unrecognised: UnrecognisedLayer[] } {
  const reports: RecurrenceReport[] = [];
  const unrecognised: UnrecognisedLayer[] = [];
  for (const l of layers) {
    const r = analyzeRecurrence(l, o);
    if ('reason' in r) unrecognised.push(r);
    else reports.push(r);
  }
  return { reports, unrecognised };
}
