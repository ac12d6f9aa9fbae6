/**
 * λ of each kind from its parameters, as the reference model code computes it at zero input
 * (sources in docs/analysis.md). Each kind gives ln|λ| and the phase arg λ directly from the
 * parameters, so half-lives near |λ| = 1 keep their digits (no log of a rounded modulus).
 */
import type { RecurrentLayerData, RecurrenceKind } from './types';
import { forgetBias } from './xlstm';

/** ln|λ| and arg λ per channel, in channel order (row-major over the parameter's shape). */
export interface LogEigen {
  readonly logModulus: Float64Array;
  /** Null for kinds whose λ is real and positive. */
  readonly phase: Float64Array | null;
  /** Set when a channel's λ is undefined (0 · ∞): the layer is then refused with this reason. */
  readonly undefinedAt?: { readonly index: number; readonly why: string };
}

/** softplus(x) = ln(1 + e^x), written as numpy's logaddexp(0, x) evaluates it. */
export function softplus(x: number): number {
  if (x === 0) return Math.LN2;
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** ln sigmoid(x) = −softplus(−x). */
export const logSigmoid = (x: number): number => -softplus(-x);

/** e^(−1/2): RWKV-7's decay is exp(−e^(−0.5) · sigmoid(w)). */
export const RWKV7_DECAY_SCALE = Math.exp(-0.5);

const data = (l: RecurrentLayerData, role: string): Float64Array => {
  const t = l.tensors[role];
  if (t === undefined) throw new RangeError(`${l.layer}: tensor '${role}' missing`);
  return t.data;
};

function mambaLike(l: RecurrentLayerData, dtRole: string): LogEigen {
  const a = data(l, 'A');
  const dt = data(l, dtRole);
  const perRow = a.length / dt.length;
  const storedA = l.variant === 'A';
  const out = new Float64Array(a.length);
  for (let d = 0; d < dt.length; d++) {
    const delta = softplus(dt[d] as number);
    for (let n = 0; n < perRow; n++) {
      const i = d * perRow + n;
      const A = storedA ? (a[i] as number) : -Math.exp(a[i] as number);
      out[i] = delta * A;
    }
  }
  return withUndefined({ logModulus: out, phase: null }, 'Δ = softplus(dt bias) is 0 while A is infinite');
}

function s4d(l: RecurrentLayerData): LogEigen {
  const logDt = data(l, 'log_dt');
  const re = data(l, 'log_A_real');
  const im = data(l, 'A_imag');
  const m = re.length / logDt.length;
  const logModulus = new Float64Array(re.length);
  const phase = new Float64Array(re.length);
  for (let h = 0; h < logDt.length; h++) {
    const dt = Math.exp(logDt[h] as number);
    for (let n = 0; n < m; n++) {
      const i = h * m + n;
      logModulus[i] = dt * -Math.exp(re[i] as number);
      phase[i] = dt * (im[i] as number);
    }
  }
  return withUndefined({ logModulus, phase }, 'Δ · A is 0 · ∞');
}

function lru(l: RecurrentLayerData): LogEigen {
  const nu = data(l, 'nu_log');
  const theta = data(l, 'theta_log');
  return {
    logModulus: nu.map((x) => -Math.exp(x)),
    phase: theta.map((x) => Math.exp(x)),
  };
}

/** The channels' ln|λ| and phases, or a refusal reason for a channel whose λ is undefined. */
export function logEigen(l: RecurrentLayerData): LogEigen {
  const kind: RecurrenceKind = l.kind;
  switch (kind) {
    case 'mamba':
    case 'mamba2':
      return mambaLike(l, 'dt');
    case 's4d':
      return s4d(l);
    case 'lru':
      return lru(l);
    case 'rwkv':
      return { logModulus: data(l, 'time_decay').map((x) => -Math.exp(x)), phase: null };
    case 'rwkv7':
      return { logModulus: data(l, 'w0').map((x) => -RWKV7_DECAY_SCALE * (1 / (1 + Math.exp(-x)))), phase: null };
    case 'xlstm':
      return { logModulus: forgetBias(l).map(logSigmoid), phase: null };
  }
}

function withUndefined(e: LogEigen, why: string): LogEigen {
  let bad = -1;
  for (let i = 0; i < e.logModulus.length && bad < 0; i++) if (Number.isNaN(e.logModulus[i])) bad = i;
  return bad < 0 ? e : { ...e, undefinedAt: { index: bad, why } };
}

/** λ = e^(c · (ln|λ| + i φ)) for every channel: c = 1 is the file's λ, other c the Δ-scale what-if. */
export function eigenFrom(e: LogEigen, scale = 1): { re: Float64Array; im: Float64Array } {
  const n = e.logModulus.length;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = Math.exp(scale * (e.logModulus[i] as number));
    const p = e.phase === null ? 0 : scale * (e.phase[i] as number);
    re[i] = p === 0 ? r : r * Math.cos(p);
    im[i] = p === 0 ? 0 : r * Math.sin(p);
  }
  return { re, im };
}
