/**
 * The editor's words for modern recurrent layers (report.recurrences): Problems-panel findings,
 * the status bar's worst layer, CodeLens titles and hover markdown. Pure (no vscode): strings go
 * through @vscode/l10n. The verdict and its thresholds are the core's (recurrences/stats.ts).
 */
import * as l10n from '@vscode/l10n';
import type { RecurrenceReport } from '../../core/report';
import { SHORT_MEMORY_FACTOR, type RecurrenceVerdict } from '../../core/recurrences/stats';
import { pow10, significant, type Finding } from './findings';
import { codeSpan, type HoverLink } from './hoverText';

export function recurrenceVerdictLabel(v: RecurrenceVerdict): string {
  switch (v) {
    case 'non-decaying':
      return l10n.t('non-decaying');
    case 'short-memory':
      return l10n.t('short memory');
    case 'within-horizon':
      return l10n.t('within the horizon');
  }
}

/** ρ with enough digits that a radius just above 1 does not print as 1. */
const rhoText = (rho: number): string => significant(rho, 6);

/** log10 of ρ^T, the gain of the slowest channel over the horizon (floored like the core's bands). */
function log10GainAtHorizon(r: RecurrenceReport): number {
  const perStep = r.gain.log10PerStep[r.gain.log10PerStep.length - 1] ?? Math.log10(r.spectralRadius);
  return r.horizon * perStep;
}

/** "backbone.layers.2.mixer (mamba)". */
export const layerTitle = (r: RecurrenceReport): string => `${r.layer || l10n.t('(top level)')} (${r.kind})`;

/**
 * Findings about one layer: channels that do not decay (|λ| ≥ 1), or memory far shorter than T
 * (every half-life below T / SHORT_MEMORY_FACTOR); none when the memory lies within the horizon.
 */
export function recurrenceFindings(r: RecurrenceReport): Finding[] {
  const title = layerTitle(r);
  switch (r.verdict) {
    case 'non-decaying': {
      const message =
        r.spectralRadius > 1
          ? l10n.t('{0}: {1} of {2} channels do not decay (|λ| ≥ 1, ρ = {3}): gradients through them grow ×{4} over T = {5}', title, r.nonDecaying, r.channels, rhoText(r.spectralRadius), pow10(log10GainAtHorizon(r)), r.horizon)
          : l10n.t('{0}: {1} of {2} channels do not decay (|λ| = 1): their state and gradients do not fade over T = {3}', title, r.nonDecaying, r.channels, r.horizon);
      return [{ kind: 'nonDecaying', message }];
    }
    case 'short-memory': {
      const longest = r.halfLife?.max ?? 0;
      const message = l10n.t(
        '{0}: memory far shorter than T = {1}: the longest half-life is {2} steps (< T/{3} = {4}); gradients from T steps back shrink ×{5}',
        title,
        r.horizon,
        significant(longest, 3),
        SHORT_MEMORY_FACTOR,
        significant(r.horizon / SHORT_MEMORY_FACTOR, 3),
        pow10(log10GainAtHorizon(r)),
      );
      return [{ kind: 'shortMemory', message }];
    }
    case 'within-horizon':
      return [];
  }
}

const SEVERITY: Record<RecurrenceVerdict, number> = { 'non-decaying': 2, 'short-memory': 1, 'within-horizon': 0 };

/**
 * The layer to show first: non-decaying before short memory before within the horizon; among
 * equals the largest ρ, or for short memory the shortest longest half-life.
 */
export function worstRecurrence(layers: readonly RecurrenceReport[]): RecurrenceReport | undefined {
  const key = (r: RecurrenceReport): number => (r.verdict === 'short-memory' ? -(r.halfLife?.max ?? 0) : r.spectralRadius);
  let worst: RecurrenceReport | undefined;
  for (const r of layers) {
    if (!worst || SEVERITY[r.verdict] > SEVERITY[worst.verdict] || (SEVERITY[r.verdict] === SEVERITY[worst.verdict] && key(r) > key(worst))) worst = r;
  }
  return worst;
}

/** "min/median/max" half-lives in steps, or "—" when nothing decays. */
export function halfLifeText(r: RecurrenceReport): string {
  const h = r.halfLife;
  return h ? `${significant(h.min, 3)}/${significant(h.median, 3)}/${significant(h.max, 3)}` : '—';
}

/** "ρ 0.9990 · non-decaying (4)": a layer's radius and verdict, with the count that does not decay. */
export function recurrenceShort(r: RecurrenceReport): string {
  const count = r.verdict === 'non-decaying' ? ` (${r.nonDecaying})` : '';
  return `ρ ${rhoText(r.spectralRadius)} · ${recurrenceVerdictLabel(r.verdict)}${count}`;
}

/** The status bar for a file of modern layers: "3 layers · worst ρ 1 · non-decaying (4)". */
export function recurrenceStatus(layers: readonly RecurrenceReport[]): { text: string; tooltip: string; warn: boolean } | undefined {
  const worst = worstRecurrence(layers);
  if (!worst) return undefined;
  const text = l10n.t('{0} layers · worst {1}', layers.length, recurrenceShort(worst));
  const tooltip = l10n.t('RNN Gradient Lens: worst layer {0}, half-life {1} steps against T = {2} — click to open the analysis', layerTitle(worst), halfLifeText(worst), worst.horizon);
  return { text, tooltip, warn: worst.verdict !== 'within-horizon' };
}

/** The CodeLens title above a layer's first tensor: "mamba · 32 λ · ρ 0.999 · within the horizon · Analyze". */
export function recurrenceLensTitle(r: RecurrenceReport): string {
  return `${r.kind} · ${l10n.t('{0} λ', r.channels)} · ${recurrenceShort(r)} · ${l10n.t('Analyze')}`;
}

/** The hover over any tensor of a layer: its λ summary and verdict with the rule behind it. */
export function recurrenceHoverMarkdown(r: RecurrenceReport, links: readonly HoverLink[]): string {
  const lines = [`**${codeSpan(r.layer || l10n.t('(top level)'))}** · ${r.kind} · **${recurrenceVerdictLabel(r.verdict)}**`, ''];
  const rows = [
    l10n.t('channels (eigenvalues λ): {0}', r.channels),
    l10n.t('ρ = max |λ|: {0}', rhoText(r.spectralRadius)),
    l10n.t('half-life (ln 2 / −ln|λ|, min/median/max): {0} steps', halfLifeText(r)),
    l10n.t('channels with |λ| ≥ 1: {0}', r.nonDecaying),
    l10n.t('gain of the slowest channel over T = {0}: ρ^T = {1}', r.horizon, pow10(log10GainAtHorizon(r))),
    verdictRule(r),
  ];
  lines.push(...rows.map((x) => `- ${x}`));
  lines.push('', l10n.t('λ is read at zero input; the analysis states the assumption and shows the Δ what-if.'));
  if (links.length > 0) lines.push('', links.map((l) => `[${l.title}](${l.href})`).join(' · '));
  return lines.join('\n');
}

/** The verdict's rule in words, with this layer's numbers. */
function verdictRule(r: RecurrenceReport): string {
  const tenth = significant(r.horizon / SHORT_MEMORY_FACTOR, 3);
  switch (r.verdict) {
    case 'non-decaying':
      return l10n.t('non-decaying: some |λ| ≥ 1, so those channels never forget');
    case 'short-memory':
      return l10n.t('short memory: every half-life is below T/{0} = {1}', SHORT_MEMORY_FACTOR, tenth);
    case 'within-horizon':
      return l10n.t('within the horizon: the longest half-life reaches T/{0} = {1} or beyond, and every |λ| < 1', SHORT_MEMORY_FACTOR, tenth);
  }
}
