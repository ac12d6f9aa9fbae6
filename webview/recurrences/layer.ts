/**
 * One layer's numbers as the panel shows them: the report's, or recomputed in the page for a Δ
 * scale s and horizon T. Scaling the step multiplies ln λ by s (λ = exp(Δ·A) → exp(s·Δ·A)), so
 * |λ| → |λ|^s and arg λ → s·arg λ; the report carries ln|λ| and the unwrapped phase for this.
 */
import type { RecurrenceReport } from '../../src/core/report';
import { layerStats, type LayerStats } from '../../src/core/recurrences/stats';

export interface LayerView extends LayerStats {
  readonly layer: string;
  readonly kind: RecurrenceReport['kind'];
  readonly scale: number;
  /** ln|λ| per channel after the scale. */
  readonly logModulus: Float64Array;
  /** [re, im] of λ per channel after the scale. */
  readonly eigenvalues: readonly (readonly [number, number])[];
}

/** Kinds whose λ is exp(Δ·A) with a step Δ: the slider scales Δ. Others scale the decay rate. */
export const STEP_KINDS: ReadonlySet<string> = new Set(['mamba', 'mamba2', 's4d']);

export function layerView(r: RecurrenceReport, scale: number, horizon: number): LayerView {
  const n = r.logModulus.length;
  const logModulus = new Float64Array(n);
  for (let i = 0; i < n; i++) logModulus[i] = scale * (r.logModulus[i] as number);
  const stats = layerStats(Float64Array.from(r.logModulus), horizon, scale);
  const eigenvalues =
    scale === 1
      ? r.eigenvalues
      : Array.from(logModulus, (l, i): [number, number] => {
          const mod = Math.exp(l);
          // Real λ keeps its sign; complex λ turns by s times its unwrapped phase.
          if (r.phase === null) return [(r.eigenvalues[i]?.[0] ?? 1) < 0 ? -mod : mod, 0];
          const phase = scale * (r.phase[i] as number);
          return [mod * Math.cos(phase), mod * Math.sin(phase)];
        });
  return { ...stats, layer: r.layer, kind: r.kind, scale, logModulus, eigenvalues };
}

/** log10(1 − |λ|) from ln|λ| without losing digits near |λ| = 1; null when |λ| ≥ 1. */
export function log10Gap(l: number): number | null {
  const gap = -Math.expm1(l);
  return gap > 0 ? Math.log10(gap) : null;
}

/** Half-life ln 2 / −ln|λ| in steps; null when |λ| ≥ 1. */
export function halfLifeOf(l: number): number | null {
  return Math.exp(l) < 1 ? Math.LN2 / -l : null;
}
