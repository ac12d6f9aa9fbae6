/**
 * GRU (PyTorch equations; Keras reset_after=True is the same with gates z, r, h):
 *   r = sigma(W_hr h + b_r + x_r),  z = sigma(W_hz h + b_z + x_z),
 *   n = tanh(x_n + b_in + r * (W_hn h + b_hn)),  h_t = (1 - z) * n + z * h_{t-1}.
 * The update gate's direct path prod_k diag(z_k) plays the LSTM forget gate's role. A seeded
 * forward pass (x_t i.i.d. N(0, GRU_INPUT_STD^2)) and the exact backward pass, in log space.
 */
import type { Matrix } from '../matrix';
import type { Log10Series } from '../report';
import { addScaled, mul, mulT, normalise, productScaled, timesScale, toLog10, type ScaledVec } from './logspace';
import { gaussianVectors, STREAM, streamSeed } from './streams';
import { sigmoid } from './gates';

export const GRU_INPUT_STD = 0.5;
/** Keeps r * (W_hn h) finite when W's entries are near the float64 limit. */
const HN_LIMIT = 1e300;

export interface GruGateOrder {
  readonly r: number;
  readonly z: number;
  readonly n: number;
}

export interface GruRunInput {
  readonly stack: Matrix;
  readonly order: GruGateOrder;
  /** Recurrent biases b_hh (3H) and input biases b_ih (3H), stack order. */
  readonly biasHH: Float64Array;
  readonly biasIH: Float64Array;
  readonly upstream: readonly ScaledVec[];
  readonly seed: number;
}

interface Step {
  readonly r: Float64Array;
  readonly z: Float64Array;
  readonly n: Float64Array;
  readonly hn: Float64Array;
  readonly hPrev: Float64Array;
}

export function gruInputs(seed: number, T: number, H: number): Float64Array[] {
  return gaussianVectors(streamSeed(seed, STREAM.gruInput), T, 3 * H, GRU_INPUT_STD);
}

function forward(input: GruRunInput, inputs: readonly Float64Array[]): Step[] {
  const { stack, order, biasHH, biasIH } = input;
  const H = stack.cols;
  const sw = productScaled(stack);
  const scale = sw.log10Scale === -Infinity ? 0 : 10 ** sw.log10Scale;
  const pre = new Float64Array(3 * H);
  let h = new Float64Array(H);
  const steps: Step[] = [];
  for (const x of inputs) {
    mul(sw.unit, h, pre);
    const s: Step = { r: new Float64Array(H), z: new Float64Array(H), n: new Float64Array(H), hn: new Float64Array(H), hPrev: h };
    const next = new Float64Array(H);
    for (let k = 0; k < H; k++) {
      const at = (g: number): number => timesScale(pre[g * H + k] as number, scale);
      const b = (g: number): number => (biasHH[g * H + k] as number) + (biasIH[g * H + k] as number) + (x[g * H + k] as number);
      const r = sigmoid(at(order.r) + b(order.r));
      const z = sigmoid(at(order.z) + b(order.z));
      const hnRaw = at(order.n) + (biasHH[order.n * H + k] as number);
      const hn = Math.max(-HN_LIMIT, Math.min(HN_LIMIT, hnRaw));
      const n = Math.tanh((x[order.n * H + k] as number) + (biasIH[order.n * H + k] as number) + r * hn);
      s.r[k] = r; s.z[k] = z; s.n[k] = n; s.hn[k] = hn;
      next[k] = (1 - z) * n + z * (h[k] as number);
    }
    steps.push(s);
    h = next;
  }
  return steps;
}

/** log10 ||dL/dh_t|| of the GRU, t = 1..T. */
export function gruGradient(input: GruRunInput): Log10Series {
  const { stack, order, upstream: u } = input;
  const H = stack.cols;
  const T = u.length;
  const steps = forward(input, gruInputs(input.seed, T, H));
  const sw = productScaled(stack);
  const ls = sw.log10Scale;
  const top = Math.max(ls === -Infinity ? 0 : ls, 0);
  const fw = ls === -Infinity ? 0 : 10 ** (ls - top);
  const fd = 10 ** -top;
  const da = new Float64Array(3 * H);
  const viaW = new Float64Array(H);
  const out = new Array<number | null>(T);
  let g: ScaledVec | undefined;
  for (let t = T - 1; t >= 0; t--) {
    const ut = u[t] as ScaledVec;
    g = g === undefined ? { log10Scale: ut.log10Scale, v: Float64Array.from(ut.v) } : addScaled(ut, g);
    out[t] = toLog10(g.log10Scale);
    if (t === 0) break;
    const s = steps[t] as Step;
    const raw = new Float64Array(H);
    for (let k = 0; k < H; k++) {
      const v = g.v[k] as number;
      const r = s.r[k] as number, z = s.z[k] as number, n = s.n[k] as number;
      const dan = v * (1 - z) * (1 - n * n);
      da[order.r * H + k] = dan * ((s.hn[k] as number) * r * (1 - r));
      da[order.z * H + k] = v * ((s.hPrev[k] as number) - n) * z * (1 - z);
      da[order.n * H + k] = dan * r;
      raw[k] = v * z * fd;
    }
    if (fw !== 0) {
      mulT(sw.unit, da, viaW);
      for (let k = 0; k < H; k++) raw[k] = (raw[k] as number) + (viaW[k] as number) * fw;
    }
    g = g.log10Scale === -Infinity ? { log10Scale: -Infinity, v: raw.fill(0) } : normalise(raw, g.log10Scale + top);
  }
  return out;
}
