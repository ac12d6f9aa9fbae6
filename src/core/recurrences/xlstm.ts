/**
 * xLSTM (NX-AI/xlstm): the mLSTM forget gate is sigmoid(fgate) per head; the sLSTM keeps, per
 * head, a dense recurrent block for each gate i, f, z, o and a forget bias per unit. Stored forms
 * of the sLSTM `_recurrent_kernel_` (the state_dict holds the backend's internal layout):
 *   CUDA backend [NH, DH, 4·DH]  block (h, g): R[i][j] = K[h, i, g·DH + j]   bias order (NH, 4, DH)
 *   4-D external [NH, DH, 4, DH]  the same indexing                          bias order (NH, 4, DH)
 *   vanilla      [NH, 4·DH, DH]  block (h, g): R[i][j] = K[h, g·DH + j, i]   bias order (4, NH, DH)
 * R is used as y_{t−1} R, so the block in the orientation h_t = W h_{t−1} is Rᵀ (same eigenvalues).
 */
import { eigenvalues, spectralRadius } from '../linalg';
import type { RecurrentLayerData } from './types';

export const SLSTM_GATES = ['i', 'f', 'z', 'o'] as const;
const F_GATE = 1;

export type SlstmLayout = 'slstm-cuda' | 'slstm-ext' | 'slstm-vanilla';

/** The stored layout of an sLSTM kernel from its shape, with the head count and head size. */
export function slstmLayout(shape: readonly number[]): { layout: SlstmLayout; heads: number; dh: number } | undefined {
  const [nh, a, b, c] = shape;
  if (shape.length === 4 && nh !== undefined && a !== undefined && b === 4 && c === a && a > 0) return { layout: 'slstm-ext', heads: nh, dh: a };
  if (shape.length !== 3 || nh === undefined || a === undefined || b === undefined || a === 0 || b === 0) return undefined;
  if (b === 4 * a) return { layout: 'slstm-cuda', heads: nh, dh: a };
  if (a === 4 * b) return { layout: 'slstm-vanilla', heads: nh, dh: b };
  return undefined;
}

/** Index of R_{h,g}[i][j] in the stored kernel. */
function kernelIndex(layout: SlstmLayout, dh: number, h: number, g: number, i: number, j: number): number {
  return layout === 'slstm-vanilla' ? (h * 4 * dh + g * dh + j) * dh + i : (h * dh + i) * 4 * dh + g * dh + j;
}

/** The forget-gate biases, one per channel: (head, unit) for the sLSTM, a head for the mLSTM. */
export function forgetBias(l: RecurrentLayerData): Float64Array {
  const bias = l.tensors.bias?.data;
  const kernel = l.tensors.kernel;
  if (l.variant === 'mlstm' || kernel === undefined || bias === undefined) return l.tensors.forget_bias?.data ?? new Float64Array(0);
  const shape = slstmLayout(kernel.shape);
  if (!shape) return new Float64Array(0);
  const { heads, dh, layout } = shape;
  const out = new Float64Array(heads * dh);
  for (let h = 0; h < heads; h++) {
    for (let d = 0; d < dh; d++) {
      out[h * dh + d] = bias[layout === 'slstm-vanilla' ? (F_GATE * heads + h) * dh + d : (h * 4 + F_GATE) * dh + d] as number;
    }
  }
  return out;
}

export interface HeadGateRadius {
  readonly head: number;
  readonly gate: string;
  readonly spectralRadius: number;
}

/** Spectral radius of each head's dense recurrent block per gate (sLSTM only). */
export function slstmBlockRadii(l: RecurrentLayerData): HeadGateRadius[] {
  const kernel = l.tensors.kernel;
  const shape = kernel ? slstmLayout(kernel.shape) : undefined;
  if (!kernel || !shape) return [];
  const { heads, dh, layout } = shape;
  const out: HeadGateRadius[] = [];
  for (let h = 0; h < heads; h++) {
    SLSTM_GATES.forEach((gate, g) => {
      const block = new Float64Array(dh * dh);
      for (let i = 0; i < dh; i++) {
        for (let j = 0; j < dh; j++) block[i * dh + j] = kernel.data[kernelIndex(layout, dh, h, g, i, j)] as number;
      }
      out.push({ head: h, gate, spectralRadius: spectralRadius(eigenvalues({ rows: dh, cols: dh, data: block })) });
    });
  }
  return out;
}
