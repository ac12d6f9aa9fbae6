/**
 * LSTM, lecture eq. (6). A seeded forward pass of the real cell (PyTorch equations)
 *   a_t = W_hh h_{t-1} + b + x_t,  i, f, o = sigma(a_i, a_f, a_o),  g = tanh(a_g),
 *   c_t = f * c_{t-1} + i * g,     h_t = o * tanh(c_t),
 * with x_t (standing for W_ih x_t) i.i.d. N(0, LSTM_INPUT_STD^2) per entry, then the exact
 * backward pass through (h, c) for the upstream u_t, in log space (one scale for dh and dc).
 */
import type { Matrix } from '../matrix';
import type { Log10Series } from '../report';
import { addScaled, log10Norm2, mulT, mul, normalise, productScaled, timesScale, type ScaledVec } from './logspace';
import { gaussianVectors, STREAM, streamSeed } from './streams';
import { sigmoid } from './gates';

export const LSTM_INPUT_STD = 0.5;

/** Positions of the four gates in the stack (PyTorch i,f,g,o; Keras i,f,c,o). */
export interface LstmGateOrder {
  readonly i: number;
  readonly f: number;
  readonly g: number;
  readonly o: number;
}

interface Step {
  readonly i: Float64Array;
  readonly f: Float64Array;
  readonly g: Float64Array;
  readonly o: Float64Array;
  readonly tc: Float64Array; // tanh(c_t)
  readonly cPrev: Float64Array;
}

function forward(stack: Matrix, order: LstmGateOrder, bias: Float64Array, inputs: readonly Float64Array[]): Step[] {
  const H = stack.cols;
  const sw = productScaled(stack);
  const scale = sw.log10Scale === -Infinity ? 0 : 10 ** sw.log10Scale;
  const pre = new Float64Array(4 * H);
  let h = new Float64Array(H);
  let c = new Float64Array(H);
  const steps: Step[] = [];
  const act = (gate: number, k: number, x: Float64Array): number => {
    const r = gate * H + k;
    // unit*h is bounded by H; scaled it may reach +-Infinity, where the activations saturate.
    return timesScale(pre[r] as number, scale) + (bias[r] as number) + (x[r] as number);
  };
  for (const x of inputs) {
    mul(sw.unit, h, pre);
    const s: Step = {
      i: new Float64Array(H), f: new Float64Array(H), g: new Float64Array(H), o: new Float64Array(H),
      tc: new Float64Array(H), cPrev: c,
    };
    const cNext = new Float64Array(H);
    const hNext = new Float64Array(H);
    for (let k = 0; k < H; k++) {
      const i = sigmoid(act(order.i, k, x));
      const f = sigmoid(act(order.f, k, x));
      const g = Math.tanh(act(order.g, k, x));
      const o = sigmoid(act(order.o, k, x));
      const cn = f * (c[k] as number) + i * g;
      const tc = Math.tanh(cn);
      s.i[k] = i; s.f[k] = f; s.g[k] = g; s.o[k] = o; s.tc[k] = tc;
      cNext[k] = cn;
      hNext[k] = o * tc;
    }
    steps.push(s);
    c = cNext;
    h = hNext;
  }
  return steps;
}

/**
 * Backward pass. The state [dh; dc] (length 2H) is one scaled vector; u_t enters dh.
 * Returns log10 ||dL/dh_t||, t = 1..T.
 */
function backward(stack: Matrix, order: LstmGateOrder, steps: readonly Step[], u: readonly ScaledVec[]): Log10Series {
  const H = stack.cols;
  const T = u.length;
  const sw = productScaled(stack);
  const out = new Array<number | null>(T);
  const da = new Float64Array(4 * H);
  const rawH = new Float64Array(H);
  let state: ScaledVec | undefined;
  const embed = (x: ScaledVec): ScaledVec => {
    const v = new Float64Array(2 * H);
    v.set(x.v, 0);
    return { log10Scale: x.log10Scale, v };
  };
  for (let t = T - 1; t >= 0; t--) {
    const ut = embed(u[t] as ScaledVec);
    state = state === undefined ? ut : addScaled(ut, state);
    const dhNorm = log10Norm2(state.v.subarray(0, H));
    out[t] = state.log10Scale === -Infinity || dhNorm === -Infinity ? null : state.log10Scale + dhNorm;
    if (t === 0) break;
    // Through step t (0-based): from [dh_t; dc_t(carried)] to [dh_{t-1}; dc_{t-1}].
    const s = steps[t] as Step;
    const rawC = new Float64Array(2 * H);
    for (let k = 0; k < H; k++) {
      const dh = state.v[k] as number;
      const i = s.i[k] as number, f = s.f[k] as number, g = s.g[k] as number, o = s.o[k] as number, tc = s.tc[k] as number;
      const dc = (state.v[H + k] as number) + dh * o * (1 - tc * tc);
      da[order.i * H + k] = dc * g * i * (1 - i);
      da[order.f * H + k] = dc * (s.cPrev[k] as number) * f * (1 - f);
      da[order.g * H + k] = dc * i * (1 - g * g);
      da[order.o * H + k] = dh * tc * o * (1 - o);
      rawC[H + k] = dc * f;
    }
    // dh_{t-1} = W_hh^T da carries the matrix scale 10^ls; dc_{t-1} = dc * f does not.
    const ls = sw.log10Scale;
    if (ls === -Infinity) rawH.fill(0);
    else mulT(sw.unit, da, rawH);
    const top = Math.max(ls, 0);
    const fh = ls === -Infinity ? 0 : 10 ** (ls - top);
    const fc = 10 ** (0 - top);
    for (let k = 0; k < H; k++) {
      rawC[k] = (rawH[k] as number) * fh;
      rawC[H + k] = (rawC[H + k] as number) * fc;
    }
    state = state.log10Scale === -Infinity ? { log10Scale: -Infinity, v: rawC.fill(0) } : normalise(rawC, state.log10Scale + top);
  }
  return out;
}

export interface LstmRunInput {
  readonly stack: Matrix;
  readonly order: LstmGateOrder;
  /** Stacked biases (4H), forget block already set to the resolved forget bias when overridden. */
  readonly bias: Float64Array;
  /** Projected upstream u_t (length H), t = 1..T. */
  readonly upstream: readonly ScaledVec[];
  readonly seed: number;
}

/** The seeded inputs of the LSTM forward pass (4H per step). */
export function lstmInputs(seed: number, T: number, H: number): Float64Array[] {
  return gaussianVectors(streamSeed(seed, STREAM.lstmInput), T, 4 * H, LSTM_INPUT_STD);
}

/** log10 ||dL/dh_t|| of the real LSTM, t = 1..T. */
export function lstmGradient(input: LstmRunInput): Log10Series {
  const H = input.stack.cols;
  const steps = forward(input.stack, input.order, input.bias, lstmInputs(input.seed, input.upstream.length, H));
  return backward(input.stack, input.order, steps, input.upstream);
}
