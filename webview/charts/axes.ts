/**
 * "Log axes" that stay readable from 1e-40 to 1e+40: the data are log10 values on a linear axis,
 * ticks fall on whole decades (thinned to at most ~8) and are written as 1e±N.
 */
import type { Scale, Tick } from 'chart.js';
import type { Log10Series } from '../../src/core/report';
import { fmtTick } from '../format';

function decadeStep(min: number, max: number): number {
  const span = Math.max(1, Math.ceil(max) - Math.floor(min));
  for (const s of [1, 2, 5, 10, 20, 25, 50, 100]) if (span / s <= 8) return s;
  return Math.ceil(span / 8);
}

/** A plain linear axis with a title, in the theme's colours (`range` fixes its ends). */
export function linearAxis(title: string, p: { readonly foreground: string; readonly grid: string }, range?: { min: number; max: number }) {
  return {
    type: 'linear' as const,
    ...(range ?? {}),
    title: { display: true, text: title, color: p.foreground },
    grid: { color: p.grid },
    ticks: { color: p.foreground },
  };
}

/** Options for a y axis of log10 values. */
export function log10Axis(title: string, color: string, grid: string) {
  return {
    type: 'linear' as const,
    title: { display: true, text: title, color },
    grid: { color: grid },
    ticks: { color, callback: (v: number | string) => fmtTick(Number(v)) },
    afterBuildTicks: (scale: Scale) => {
      const step = decadeStep(scale.min, scale.max);
      const ticks: Tick[] = [];
      for (let v = Math.ceil(scale.min / step) * step; v <= scale.max + 1e-9; v += step) ticks.push({ value: v });
      scale.ticks = ticks;
    },
  };
}

/** A Log10Series as chart points starting at x0; null (exact zero) leaves a gap. */
export function seriesPoints(s: Log10Series, x0: number): { x: number; y: number | null }[] {
  return s.map((y, i) => ({ x: x0 + i, y }));
}
