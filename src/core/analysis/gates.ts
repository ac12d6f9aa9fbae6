/**
 * Gate stacks: splitting a gH x H recurrent stack into its square blocks, naming their roles, and
 * resolving the forget (LSTM) or update (GRU) gate bias: option, else the file, else the default.
 */
import type { Matrix } from '../matrix';
import type { NamedMatrix } from '../weightFile';

/** Bias of the forget/update gate when neither the options nor the file give one: sigma(1) = 0.731. */
export const DEFAULT_FORGET_BIAS = 1;

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** PyTorch order when the reader did not name the gates. */
export function gateNames(m: NamedMatrix): readonly string[] {
  if (m.gates !== undefined) return m.gates;
  return m.role === 'gru' ? ['r', 'z', 'n'] : ['i', 'f', 'g', 'o'];
}

/**
 * The H x H block of each gate, in stack order: views of the stack's rows, not copies (a
 * 4096 x 1024 stack would otherwise take another 32 MB); nothing that analyses a block writes to it.
 */
export function gateBlocks(stack: Matrix, count: number): Matrix[] {
  const h = stack.cols;
  if (stack.rows !== count * h) throw new RangeError(`a ${count}-gate stack must be ${count * h} x ${h}, got ${stack.rows} x ${h}`);
  return Array.from({ length: count }, (_, k) => ({ rows: h, cols: h, data: stack.data.subarray(k * h * h, (k + 1) * h * h) }));
}

/** Index of a gate by any of its names (Keras calls the LSTM candidate `c`, the GRU one `h`). */
export function gateIndex(names: readonly string[], ...aliases: string[]): number {
  const i = names.findIndex((g) => aliases.includes(g));
  if (i < 0) throw new RangeError(`gate stack has no ${aliases.join('/')} gate (gates: ${names.join(', ')})`);
  return i;
}

/** biasHH + biasIH elementwise (either may be absent); undefined when the file has neither. */
export function combinedBias(m: NamedMatrix): Float64Array | undefined {
  const a = m.biasHH;
  const b = m.biasIH;
  if (a === undefined && b === undefined) return undefined;
  const len = (a ?? b as Float64Array).length;
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) out[i] = (a?.[i] ?? 0) + (b?.[i] ?? 0);
  return out;
}

export interface ResolvedBias {
  readonly value: number;
  readonly source: 'option' | 'file' | 'default';
}

/** Mean of block `gate` of a stacked bias vector. */
export function blockMean(bias: Float64Array, gate: number, h: number): number {
  let s = 0;
  for (let i = gate * h; i < (gate + 1) * h; i++) s += bias[i] as number;
  return s / h;
}

/** The forget/update gate bias: option, else the mean of the file's block, else DEFAULT_FORGET_BIAS. */
export function resolveGateBias(option: number | undefined, bias: Float64Array | undefined, gate: number, h: number): ResolvedBias {
  if (option !== undefined) return { value: option, source: 'option' };
  if (bias !== undefined && bias.length >= (gate + 1) * h) return { value: blockMean(bias, gate, h), source: 'file' };
  return { value: DEFAULT_FORGET_BIAS, source: 'default' };
}

/**
 * log10 || prod_{k=t+1}^{T} diag(f_k) ||_2 for t = 1..T with a constant gate value f:
 * (T - t) log10 f — the gradient carried from c_T back to c_t along the gated path alone.
 */
export function gatePathLog10(gateValue: number, T: number): (number | null)[] {
  const l = Math.log10(gateValue);
  return Array.from({ length: T }, (_, idx) => {
    const steps = T - 1 - idx;
    if (steps === 0) return 0;
    return l === -Infinity ? null : steps * l;
  });
}
