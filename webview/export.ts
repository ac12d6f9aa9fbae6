/** Exports: the report as Markdown or JSON, a chart as PNG (canvas) or SVG (drawn from the chart's geometry). */
import type { Chart } from 'chart.js';
import type { Derived } from './derive';
import { verdictTitle } from './cards';
import { meanings } from './formulas';
import { fmt, fmtLog10 } from './format';
import * as l10n from '@vscode/l10n';
import type { Model } from './state';
import type { AnalysisReport } from '../src/core/report';
import { layerCells, layerColumns } from './recurrences/table';

/** Markdown table cells cannot carry pipes or newlines from file-provided names. */
const mdCell = (s: string): string => s.replace(/[\r\n]+/g, ' ').replace(/([\\|`*_[\]<>])/g, '\\$1');

export function toMarkdown(model: Model, d: Derived): string {
  const m = model.selected;
  const c = model.controls;
  const rows: [string, string][] = [
    [l10n.t('File'), model.report.file],
    [l10n.t('Tensor'), m.name],
    [l10n.t('Shape'), `${m.shape[0]} × ${m.shape[1]}`],
    [l10n.t('Role'), m.role],
    [l10n.t('Scale factor on W'), fmt(c.scale, 4)],
    ['ρ(W)', fmt(d.rho, 6)],
    ['σ_max = ‖W‖₂', fmt(d.sigma, 6)],
    ['‖W‖_F', fmt(d.frobenius, 6)],
    [l10n.t('Peak ‖W^k‖'), `${fmtLog10(d.peak.log10)} (k = ${d.peak.k})`],
    [l10n.t('Growth over the horizon'), d.growth === null ? '—' : `×${fmtLog10(d.growth)} (T = ${d.T})`],
    [l10n.t('Verdict'), verdictTitle(d.verdict)],
    [l10n.t('Clipping threshold τ'), fmt(c.clipTau)],
    ['‖∂L/∂h_1‖', fmtLog10(d.linear[0] ?? null)],
  ];
  const lines = [
    `# ${l10n.t('RNN Gradient Lens report')}`,
    '',
    `| ${l10n.t('Quantity')} | ${l10n.t('Value')} |`,
    '|---|---|',
    ...rows.map(([k, v]) => `| ${mdCell(k)} | ${mdCell(v)} |`),
    '',
    `## ${l10n.t('What it means for this matrix')}`,
    '',
    ...meanings(model, d).map((e) => `- **${mdCell(`${e.tag} ${e.title}`)}**: ${mdCell(e.meaning)}`),
    '',
    ...m.notes.map((n) => `- ${mdCell(n)}`),
    '',
    ...recurrencesMarkdown(model.report),
  ];
  return lines.join('\n');
}

const mdRow = (cells: readonly string[]): string => `| ${cells.map(mdCell).join(' | ')} |`;

/** The modern recurrent layers as a Markdown table, as the panel's table shows them; none when there are none. */
function recurrencesMarkdown(report: AnalysisReport): string[] {
  if (report.recurrences.length === 0) return [];
  const head = layerColumns();
  return [
    `## ${l10n.t('Recurrent layers: eigenvalues λ, half-lives in steps, verdict against T')} (T = ${report.horizon})`,
    '',
    mdRow(head),
    `|${head.map(() => '---|').join('')}`,
    ...report.recurrences.map((r) => mdRow(layerCells(r))),
    '',
  ];
}

/** The report of a file whose only recurrences are modern layers (their page has no matrix). */
export function recurrencePageMarkdown(report: AnalysisReport): string {
  return [
    `# ${l10n.t('RNN Gradient Lens report')}`,
    '',
    `| ${l10n.t('Quantity')} | ${l10n.t('Value')} |`,
    '|---|---|',
    mdRow([l10n.t('File'), report.file]),
    mdRow([l10n.t('Format'), report.format]),
    '',
    ...recurrencesMarkdown(report),
  ].join('\n');
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

interface Box {
  x: number;
  y: number;
  width?: number;
  height?: number;
  options?: { backgroundColor?: unknown };
}

/** An SVG drawing of a chart: axes with their ticks, lines, points and heatmap cells, in CSS pixels. */
export function chartToSvg(chart: Chart, title: string, background: string, foreground: string): string {
  const w = chart.width;
  const h = chart.height;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="11">`,
    `<title>${esc(title)}</title>`,
    `<rect width="100%" height="100%" fill="${esc(background)}"/>`,
  ];
  const area = chart.chartArea;
  for (const scale of Object.values(chart.scales)) {
    const horizontal = scale.isHorizontal();
    for (const tick of scale.ticks) {
      const p = scale.getPixelForValue(tick.value);
      const label = esc(String(scale.getLabelForValue(tick.value) === '' ? '' : (tick.label ?? '')));
      if (horizontal) {
        out.push(`<line x1="${p}" y1="${area.top}" x2="${p}" y2="${area.bottom}" stroke="${esc(foreground)}" stroke-opacity="0.15"/>`);
        out.push(`<text x="${p}" y="${area.bottom + 14}" text-anchor="middle" fill="${esc(foreground)}">${label}</text>`);
      } else {
        out.push(`<line x1="${area.left}" y1="${p}" x2="${area.right}" y2="${p}" stroke="${esc(foreground)}" stroke-opacity="0.15"/>`);
        out.push(`<text x="${area.left - 4}" y="${p + 4}" text-anchor="end" fill="${esc(foreground)}">${label}</text>`);
      }
    }
  }
  chart.data.datasets.forEach((ds, i) => {
    const meta = chart.getDatasetMeta(i);
    if (meta.hidden) return;
    const color = typeof ds.borderColor === 'string' ? ds.borderColor : foreground;
    const els = meta.data as unknown as Box[];
    if (meta.type === 'matrix') {
      for (const e of els) {
        const fill = typeof e.options?.backgroundColor === 'string' ? e.options.backgroundColor : foreground;
        out.push(`<rect x="${e.x}" y="${e.y}" width="${e.width ?? 0}" height="${e.height ?? 0}" fill="${esc(fill)}"/>`);
      }
      return;
    }
    const showLine = meta.type === 'line' || (ds as { showLine?: boolean }).showLine === true;
    if (showLine) {
      const segs: string[][] = [[]];
      els.forEach((e, j) => {
        const raw = (ds.data[j] as { y?: number | null } | undefined)?.y;
        if (raw === null || !Number.isFinite(e.y)) segs.push([]);
        else segs[segs.length - 1]!.push(`${e.x.toFixed(1)},${e.y.toFixed(1)}`);
      });
      for (const s of segs) if (s.length > 1) out.push(`<polyline fill="none" stroke="${esc(color)}" stroke-width="2" points="${s.join(' ')}"/>`);
    } else {
      for (const e of els) out.push(`<circle cx="${e.x.toFixed(1)}" cy="${e.y.toFixed(1)}" r="3" fill="${esc(color)}"/>`);
    }
    out.push(`<text x="${area.left + 8}" y="${area.top + 14 + 14 * i}" fill="${esc(color)}">${esc(ds.label ?? '')}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

/** The chart as PNG on the theme's background (a transparent PNG of a dark chart is unreadable elsewhere). */
export function chartToPng(chart: Chart, background: string): string {
  const src = chart.canvas;
  const out = document.createElement('canvas');
  out.width = src.width;
  out.height = src.height;
  const ctx = out.getContext('2d');
  if (!ctx) return chart.toBase64Image('image/png', 1);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(src, 0, 0);
  return out.toDataURL('image/png');
}

/** A safe default file name from a (possibly hostile) tensor name. */
export function suggestedName(base: string, ext: string): string {
  const clean = base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 80) || 'report';
  return `${clean}.${ext}`;
}
