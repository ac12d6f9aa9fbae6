/**
 * The human rendering of `report.recurrences`: one row per layer (kind, channels, ρ, half-life
 * quantiles, verdict), then each kind's assumption once and the layers that were not recognised.
 */
import type { RecurrenceVerdict } from '../core/recurrences';
import type { AnalysisReport, RecurrenceReport, Verdict } from '../core/report';
import { fmtNum } from './numbers';
import type { Style } from './style';

const INDENT = '  ';
const LAYER_MAX = 24;

/** Colour of a recurrence verdict, borrowed from the matrix verdicts it resembles. */
const AS_VERDICT: Record<RecurrenceVerdict, Verdict> = { 'non-decaying': 'exploding', 'short-memory': 'vanishing', 'within-horizon': 'stable' };

const fit = (s: string, w: number): string => (s.length <= w ? s : '…' + s.slice(s.length - w + 1));
const steps = (x: number): string => (x >= 1e6 ? x.toExponential(1) : fmtNum(x, 3));

function row(r: RecurrenceReport): string[] {
  const h = r.halfLife;
  return [
    r.layer === '' ? '(top level)' : r.layer,
    r.kind,
    String(r.channels),
    fmtNum(r.spectralRadius, 5),
    h ? `${steps(h.min)}/${steps(h.median)}/${steps(h.max)}` : '—',
    r.nonDecaying > 0 ? `${r.verdict} (${r.nonDecaying})` : r.verdict,
  ];
}

/** The recurrences section, or nothing when the file has none. */
export function formatRecurrences(report: AnalysisReport, st: Style, width: number): string[] {
  const recs = report.recurrences;
  const out: string[] = [];
  if (recs.length > 0) {
    const T = report.horizon;
    out.push(st.bold(`modern recurrences (${recs.length} ${recs.length === 1 ? 'layer' : 'layers'}, horizon T = ${T})`));
    const head = ['layer', 'kind', 'λ', 'ρ', 'half-life', 'verdict'];
    // Long names lose their shared beginning (said once above the table) before anything is cut.
    const shared = recs.some((r) => r.layer.length > LAYER_MAX) ? sharedPrefix(recs.map((r) => r.layer)) : '';
    if (shared !== '') out.push(INDENT + st.dim(`layers under ${shared}`));
    const rows = recs.map((r) => row({ ...r, layer: r.layer.slice(shared.length) }));
    const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
    widths[0] = Math.min(widths[0] ?? 0, LAYER_MAX);
    const line = (cells: string[]): string => INDENT + cells.map((x, c) => (c === 0 ? fit(x, widths[0] ?? 0) : x).padEnd(widths[c] ?? 0)).join(' ').trimEnd();
    out.push(st.dim(line(head)));
    rows.forEach((r, i) => {
      const v = recs[i]?.verdict ?? 'within-horizon';
      out.push(line(r).replace(new RegExp(`${v}( \\(\\d+\\))?$`), (m) => st.verdict(AS_VERDICT[v], m)));
    });
    out.push(
      ...wrapLines(
        `λ: channels; half-life: min/median/max in steps (ln 2 / −ln|λ|, over |λ| < 1); verdict against T = ${T}: short-memory when every half-life < T/10, non-decaying (count) when some |λ| ≥ 1, else within-horizon.`,
        width,
      ),
    );
    const seen = new Set<string>();
    for (const r of recs) {
      const key = `${r.kind}/${r.variant ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(...wrapLines(`${r.kind}${r.variant ? ` (${r.variant})` : ''}: ${r.assumption}`, width));
    }
    for (const r of recs) for (const note of r.notes) out.push(...wrapLines(`${r.layer || '(top level)'}: ${note}`, width));
    if (recs.some((r) => r.deltaScale !== 1)) out.push(...wrapLines(`what-if: Δ multiplied by ${recs[0]?.deltaScale ?? 1} (λ → λ^c)`, width));
  }
  if (report.unrecognisedRecurrences.length > 0) {
    out.push('', st.dim('recurrent-looking layers not analysed:'));
    for (const u of report.unrecognisedRecurrences) out.push(...wrapLines(`${u.layer || '(top level)'}: ${u.reason}`, width));
  }
  return out;
}

/** The longest beginning, up to a dot, that every name shares (and is not all of any name). */
function sharedPrefix(names: readonly string[]): string {
  const first = names[0] ?? '';
  let end = first.length;
  for (const n of names) {
    let i = 0;
    while (i < end && i < n.length && n[i] === first[i]) i++;
    end = i;
  }
  const dot = first.lastIndexOf('.', end - 1);
  const p = dot < 0 ? '' : first.slice(0, dot + 1);
  return names.every((n) => n.length > p.length) ? p : '';
}

function wrapLines(text: string, width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(' ')) {
    if (cur !== '' && INDENT.length + cur.length + 1 + word.length > width) {
      lines.push(INDENT + cur);
      cur = '  ' + word;
    } else cur = cur === '' ? word : `${cur} ${word}`;
  }
  if (cur !== '') lines.push(INDENT + cur);
  return lines;
}
