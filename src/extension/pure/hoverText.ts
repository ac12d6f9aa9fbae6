/** The hover's markdown for one analysed matrix. Pure: the provider wraps it in a MarkdownString. */
import * as l10n from '@vscode/l10n';
import type { PartialReport } from '../../core/progress';
import type { AsymptoticClass, MatrixReport, Verdict } from '../../core/report';
import { fmt4, leadingRadius, pow10 } from './findings';
import { gaveUpMessage, partialLines, type GaveUp } from './gaveUpText';

/** The verdict as a word inside a sentence ("exploding"). */
export function verdictWord(v: Verdict): string {
  switch (v) {
    case 'exploding':
      return l10n.t('exploding');
    case 'vanishing':
      return l10n.t('vanishing');
    case 'transient-growth':
      return l10n.t('transient growth');
    case 'stable':
      return l10n.t('stable');
    case 'uncertain':
      return l10n.t('uncertain');
  }
}

/** Text as a markdown code span: tensor names cannot inject links, HTML or formatting. */
export function codeSpan(text: string): string {
  const t = text.replace(/`/g, "'").replace(/[\r\n]+/g, ' ');
  return `\`${t}\``;
}

export interface HoverLink {
  readonly title: string;
  /** A `command:` URI to one of this extension's commands. */
  readonly href: string;
}

export function hoverMarkdown(m: MatrixReport, horizon: number, links: readonly HoverLink[]): string {
  const r = leadingRadius(m);
  const lines: string[] = [];
  const title = m.name === '' ? l10n.t('Recurrent matrix') : codeSpan(m.name);
  lines.push(`**${title}** · ${m.shape[0]}×${m.shape[1]} · ${m.role} · **${verdictWord(m.verdict)}**`);
  lines.push('');
  const rows: string[] = [];
  if (r) rows.push(r.gate !== undefined ? l10n.t('ρ (spectral radius, gate {0}): {1}', r.gate, fmt4(r.rho)) : l10n.t('ρ (spectral radius): {0}', fmt4(r.rho)));
  if (m.spectralNorm !== null) rows.push(l10n.t('σ_max (spectral norm): {0}', fmt4(m.spectralNorm)));
  rows.push(l10n.t('growth over T = {0}: ‖W^T‖ = {1}', horizon, pow10(m.log10GrowthAtHorizon)));
  if (m.verdict === 'transient-growth') rows.push(l10n.t('peak ‖W^k‖ = {0} at k = {1}', pow10(m.peakPowerNorm.log10), m.peakPowerNorm.k));
  for (const g of m.gates ?? []) rows.push(l10n.t('gate {0}: ρ = {1}, σ_max = {2}', g.gate, fmt4(g.spectralRadius), fmt4(g.spectralNorm)));
  if (!m.eigenvaluesConverged) rows.push(`**${l10n.t('did not converge')}**: ${l10n.t('the eigenvalue iteration did not converge: ρ is a bound')}`);
  lines.push(...rows.map((x) => `- ${x}`));
  return withLinks(lines, links);
}

function withLinks(lines: string[], links: readonly HoverLink[]): string {
  if (links.length > 0) {
    lines.push('');
    lines.push(links.map((l) => `[${l.title}](${l.href})`).join(' · '));
  }
  return lines.join('\n');
}

/** The hover of an analysis that ran past its time budget: the give-up and the numbers it had. */
export function gaveUpMarkdown(g: GaveUp, links: readonly HoverLink[]): string {
  const lines = [`**${l10n.t('RNN Gradient Lens')}** · ${escapeText(gaveUpMessage(g.seconds, g.partial))}`];
  const partial = partialLines(g.partial);
  if (partial.length > 0) {
    lines.push('', l10n.t('Computed before it stopped (incomplete):'));
    lines.push(...partial.map((x) => `- ${escapeText(x)}`));
  }
  lines.push('', l10n.t('The time budget is the setting {0}.', codeSpan('rnnGradientLens.timeBudget.hoverSeconds')));
  return withLinks(lines, links);
}

/** Plain text in markdown: names from files cannot add links or formatting. */
function escapeText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~-]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}

/** "ρ 1.04", or "ρ ≤ 1.04 · did not converge" when the radius is only a bound. */
export function rhoShort(m: MatrixReport): string {
  const r = leadingRadius(m);
  if (!r) return 'ρ ?';
  return m.eigenvaluesConverged ? `ρ ${r.rho.toFixed(2)}` : `ρ ≤ ${r.rho.toFixed(2)} · ${l10n.t('did not converge')}`;
}

/** The CodeLens title: "ρ 1.04 · exploding · Analyze". */
export function lensTitle(m: MatrixReport): string {
  const gate = leadingRadius(m)?.gate;
  return `${gate !== undefined ? `${gate}: ` : ''}${rhoShort(m)} · ${verdictWord(m.verdict)} · ${l10n.t('Analyze')}`;
}

/** A `command:` URI with JSON arguments, as VS Code expects in trusted markdown. */
export function commandHref(command: string, args: readonly unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/** The long-run class of ρ, as the hover words it. */
function asymptoticWord(a: AsymptoticClass): string {
  return a === 'marginal' ? l10n.t('marginal') : verdictWord(a);
}

/** True once every matrix of the partial report has ρ (or its gates), σ_max and its long-run class. */
export function hasFirstNumbers(p: PartialReport): boolean {
  const all = p.matrixCount ?? p.matrices.length;
  const ready = p.matrices.filter((m) => (m.gates !== undefined && m.gates.length > 0) || (m.spectralNorm !== undefined && m.asymptotic !== undefined));
  return all > 0 && ready.length >= all;
}

/**
 * The hover of a file still being analysed: ρ, σ_max and the long-run class of each matrix (the
 * first numbers the worker has); ‖W^k‖ and the verdict over T follow in the next hover.
 */
export function firstNumbersMarkdown(p: PartialReport, links: readonly HoverLink[]): string {
  const lines = [`**${l10n.t('RNN Gradient Lens')}** · ${l10n.t('‖W^k‖ and the verdict over T are still being computed; hover again, or open the analysis.')}`, ''];
  for (const m of p.matrices) {
    const title = m.name === '' ? l10n.t('Recurrent matrix') : codeSpan(m.name);
    const parts = [`**${title}** · ${m.shape[0]}×${m.shape[1]}`];
    if (m.spectralRadius != null) parts.push(l10n.t('ρ (spectral radius): {0}', fmt4(m.spectralRadius)));
    if (m.spectralNorm != null) parts.push(l10n.t('σ_max (spectral norm): {0}', fmt4(m.spectralNorm)));
    if (m.asymptotic !== undefined) parts.push(l10n.t('in the long run: {0}', asymptoticWord(m.asymptotic)));
    for (const g of m.gates ?? []) parts.push(l10n.t('gate {0}: ρ = {1}, σ_max = {2}', g.gate, fmt4(g.spectralRadius), fmt4(g.spectralNorm)));
    lines.push(`- ${parts.join(' · ')}`);
  }
  return withLinks(lines, links);
}
