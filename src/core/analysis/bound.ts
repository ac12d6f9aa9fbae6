/**
 * The bound of lecture eqs. (2)-(4): ||dL/dh_t|| <= sum_{k=t}^{T} ||W||^(k-t) ||W_qh|| ||dL/do_k||,
 * evaluated as log10 with a log-sum-exp recurrence B_t = log10(a_t + ||W|| 10^B_{t+1}).
 */
import type { Log10Series, LossAt } from '../report';
import { log10Add, log10Norm2, toLog10 } from './logspace';

export interface BoundInput {
  /** log10 ||W||_2 (-Infinity for the zero matrix). */
  readonly log10SpectralNorm: number;
  /** log10 ||W_qh||_2 (0 for the identity). */
  readonly log10OutputNorm: number;
  readonly upstream: readonly ArrayLike<number>[];
  readonly lossAt: LossAt;
}

/** log10 of the bound for t = 1..T (null where it is exactly zero). */
export function boundSeries(input: BoundInput): Log10Series {
  const T = input.upstream.length;
  const out = new Array<number>(T);
  let next = -Infinity;
  for (let t = T - 1; t >= 0; t--) {
    const used = input.lossAt === 'every-step' || t === T - 1;
    const a = used ? input.log10OutputNorm + log10Norm2(input.upstream[t] as ArrayLike<number>) : -Infinity;
    const carried = next === -Infinity ? -Infinity : input.log10SpectralNorm + next;
    next = log10Add(a, Number.isNaN(carried) ? -Infinity : carried);
    out[t] = next;
  }
  return out.map(toLog10);
}
