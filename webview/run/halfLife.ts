/**
 * A modern layer over the run: its half-lives (ln 2 / −ln|λ| in steps over the decaying channels)
 * as a band from the shortest to the longest with the median as a line, and its memory verdict
 * (non-decaying, short memory, within the horizon) in the verdict band under the plot.
 */
import * as l10n from '@vscode/l10n';
import type { ChartDataset } from 'chart.js';
import type { RecurrenceVerdict } from '../../src/core/recurrences/stats';
import type { Verdict } from '../../src/core/report';
import type { LineVerdict, RunSeries } from '../../src/core/run/changes';
import type { RecurrenceSummary, SeriesPoint } from '../../src/core/run/summary';
import { verdictTitle } from '../cards';
import { fmt } from '../format';
import type { TableData } from '../tables';
import { withAlpha } from '../theme';
import type { RunModel } from './model';

const MEMORY: readonly RecurrenceVerdict[] = ['non-decaying', 'short-memory', 'within-horizon'];
const isMemory = (v: LineVerdict): v is RecurrenceVerdict => (MEMORY as readonly string[]).includes(v);

export function lineLabel(v: LineVerdict): string {
  if (!isMemory(v)) return verdictTitle(v);
  return v === 'non-decaying' ? l10n.t('Non-decaying') : v === 'short-memory' ? l10n.t('Short memory') : l10n.t('Memory within the horizon');
}

/** The matrix verdict whose colour a memory verdict takes (never decaying reads as growth). */
export function lineTone(v: LineVerdict): Verdict {
  if (!isMemory(v)) return v;
  return v === 'non-decaying' ? 'exploding' : v === 'short-memory' ? 'vanishing' : 'stable';
}

const halfLifeOf = (p: SeriesPoint | null): RecurrenceSummary['halfLife'] => (p !== null && 'halfLife' in p ? (p as RecurrenceSummary).halfLife : null);

export const isRecurrenceGroup = (lines: readonly RunSeries[]): boolean => lines.length > 0 && lines.every((l) => l.kind === 'recurrence');

export interface HalfLifePoint {
  readonly x: number;
  readonly y: number | null;
  readonly file: string;
  readonly verdict: LineVerdict | null;
}

/** Three datasets per layer: the longest half-life, the shortest (filled up to it), the median. */
export function halfLifeDatasets(line: RunSeries, model: RunModel, color: string): ChartDataset<'line', HalfLifePoint[]>[] {
  const pick = (q: 'min' | 'median' | 'max'): HalfLifePoint[] =>
    line.points.map((pt, i) => ({ x: model.x(i), y: halfLifeOf(pt)?.[q] ?? null, file: model.checkpoints[i]?.file ?? '', verdict: pt === null ? null : ((pt as RecurrenceSummary).memory ?? null) }));
  const edge = { borderColor: withAlpha(color, 0.5), borderWidth: 1, pointRadius: 0, pointHitRadius: 0 };
  return [
    { ...edge, label: l10n.t('{0}: longest half-life', line.id), data: pick('max'), fill: false },
    { ...edge, label: l10n.t('{0}: shortest half-life', line.id), data: pick('min'), fill: '-1', backgroundColor: withAlpha(color, 0.2) },
    { label: l10n.t('{0}: median half-life', line.id), data: pick('median'), borderColor: color, backgroundColor: color, borderWidth: 1.5, fill: false },
  ];
}

/** The layer's data table: per checkpoint its half-lives, non-decaying channels and memory verdict. */
export function halfLifeTable(lines: readonly RunSeries[], model: RunModel): TableData {
  return {
    columns: [l10n.t('step'), l10n.t('file'), ...lines.flatMap((l) => [`${l.id}: ${l10n.t('half-life min / median / max (steps)')}`, `${l.id}: ${l10n.t('non-decaying channels')}`, `${l.id}: ${l10n.t('verdict')}`])],
    rows: model.checkpoints.map((c, i) => [
      c.step === null ? '—' : String(c.step),
      c.file.slice(c.file.lastIndexOf('/') + 1),
      ...lines.flatMap((l) => {
        const pt = l.points[i] as RecurrenceSummary | null | undefined;
        const h = pt?.halfLife;
        return [h ? `${fmt(h.min)} / ${fmt(h.median)} / ${fmt(h.max)}` : '—', pt ? String(pt.nonDecaying) : '—', pt?.memory ? lineLabel(pt.memory) : '—'];
      }),
    ]),
  };
}
