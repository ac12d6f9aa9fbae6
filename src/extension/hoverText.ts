/** The hover's markdown for one analysed matrix. Pure: the provider wraps it in a MarkdownString. */
import * as l10n from '@vscode/l10n';
import type { MatrixReport, Verdict } from '../core/report';
import { fmt, leadingRadius, pow10 } from './findings';

export function verdictLabel(v: Verdict): string {
  switch (v) {
    case 'exploding':
      return l10n.t('exploding');
    case 'vanishing':
      return l10n.t('vanishing');
    case 'transient-growth':
      return l10n.t('transient growth');
    case 'stable':
      return l10n.t('stable');
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
  lines.push(`**${title}** · ${m.shape[0]}×${m.shape[1]} · ${m.role} · **${verdictLabel(m.verdict)}**`);
  lines.push('');
  const rows: string[] = [];
  if (r) rows.push(r.gate !== undefined ? l10n.t('ρ (spectral radius, gate {0}): {1}', r.gate, fmt(r.rho)) : l10n.t('ρ (spectral radius): {0}', fmt(r.rho)));
  if (m.spectralNorm !== null) rows.push(l10n.t('σ_max (spectral norm): {0}', fmt(m.spectralNorm)));
  rows.push(l10n.t('growth over T = {0}: ‖W^T‖ = {1}', horizon, pow10(m.log10GrowthAtHorizon)));
  if (m.verdict === 'transient-growth') rows.push(l10n.t('peak ‖W^k‖ = {0} at k = {1}', pow10(m.peakPowerNorm.log10), m.peakPowerNorm.k));
  for (const g of m.gates ?? []) rows.push(l10n.t('gate {0}: ρ = {1}, σ_max = {2}', g.gate, fmt(g.spectralRadius), fmt(g.spectralNorm)));
  if (!m.eigenvaluesConverged) rows.push(l10n.t('the eigenvalue iteration did not converge: ρ is a bound'));
  lines.push(...rows.map((x) => `- ${x}`));
  if (links.length > 0) {
    lines.push('');
    lines.push(links.map((l) => `[${l.title}](${l.href})`).join(' · '));
  }
  return lines.join('\n');
}

/** The CodeLens title: "ρ 1.04 · exploding · Analyze". */
export function lensTitle(m: MatrixReport): string {
  const r = leadingRadius(m);
  const rho = r ? `ρ ${r.rho.toFixed(2)}` : 'ρ ?';
  return `${r?.gate !== undefined ? `${r.gate}: ` : ''}${rho} · ${verdictLabel(m.verdict)} · ${l10n.t('Analyze')}`;
}

/** A `command:` URI with JSON arguments, as VS Code expects in trusted markdown. */
export function commandHref(command: string, args: readonly unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}
