/**
 * How `track` prints a run: one compact table per matrix or layer (human), or one CSV line per
 * checkpoint and matrix, gate or layer. A modern layer's table gives its half-lives (min, median,
 * max) and its memory verdict, and marks where that changed. Pure: summaries in, text out.
 */
import { verdictChanges, type CheckpointSummary, type MatrixSummary, type RecurrenceSummary } from '../core/run';
import type { RecurrenceVerdict } from '../core/recurrences/stats';
import type { Verdict } from '../core/report';
import { fmtNum } from './numbers';
import { PLAIN, type Style } from './style';

/** The lines of one table: a matrix (its gates as columns) or a recurrent layer, across the run. */
interface Group {
  readonly title: string;
  readonly columns: readonly string[];
  /** verdict: a matrix's, or a modern layer's memory verdict, coloured as `tone`. */
  readonly rows: { index: number; cells: string[]; verdict: string | null; tone: Verdict | null }[];
  /** A stack's gates: each gate's own verdict per checkpoint (index-aligned with the run). */
  readonly gates?: Map<string, (Verdict | null)[]>;
}

const num = (x: number | null | undefined, digits = 4): string => (x === null || x === undefined ? '-' : fmtNum(x, digits));
const stepText = (c: CheckpointSummary, i: number): string => (c.step === null ? `#${i + 1}` : String(c.step));

function matrixCells(m: MatrixSummary): { columns: string[]; cells: string[] } {
  if (!m.gates) return { columns: ['ρ', 'σ_max', 'log10‖W^T‖'], cells: [num(m.spectralRadius), num(m.spectralNorm), num(m.log10NormAtHorizon, 3)] };
  const sigma = Math.max(...m.gates.map((g) => g.spectralNorm ?? 0));
  return {
    columns: [...m.gates.map((g) => `ρ[${g.gate}]`), 'σ_max'],
    cells: [...m.gates.map((g) => num(g.spectralRadius)), num(sigma)],
  };
}

const RECURRENCE_COLUMNS = ['ρ', 'half-life min', 'median', 'max', 'non-decaying'];

function recurrenceCells(r: RecurrenceSummary): string[] {
  const h = r.halfLife;
  return [num(r.spectralRadius, 6), num(h?.min ?? null, 4), num(h?.median ?? null, 4), num(h?.max ?? null, 4), String(r.nonDecaying)];
}

/** A memory verdict in the colour of the matrix verdict it resembles. */
const memoryTone = (m: RecurrenceVerdict | null): Verdict | null => (m === 'non-decaying' ? 'exploding' : m === 'short-memory' ? 'vanishing' : m === null ? null : 'stable');

/** Tables in order of first appearance; a checkpoint without the matrix has no row in its table. */
function groups(run: readonly CheckpointSummary[]): Group[] {
  const out = new Map<string, Group>();
  run.forEach((c, index) => {
    for (const m of c.matrices) {
      const { columns, cells } = matrixCells(m);
      const key = `m:${m.name}`;
      const title = `${m.name === '' ? '(unnamed)' : m.name}  ${m.role}, ${m.shape.join('×')}`;
      if (!out.has(key)) out.set(key, { title, columns, rows: [], ...(m.gates ? { gates: new Map() } : {}) });
      const g = out.get(key) as Group;
      g.rows.push({ index, cells, verdict: m.verdict, tone: m.verdict });
      for (const gate of m.gates ?? []) {
        const list = g.gates?.get(gate.gate) ?? new Array<Verdict | null>(run.length).fill(null);
        list[index] = gate.verdict;
        g.gates?.set(gate.gate, list);
      }
    }
    for (const r of c.recurrences) {
      const key = `r:${r.layer}`;
      if (!out.has(key)) out.set(key, { title: `${r.layer}  ${r.kind}, ${r.channels} channels`, columns: RECURRENCE_COLUMNS, rows: [] });
      out.get(key)?.rows.push({ index, cells: recurrenceCells(r), verdict: r.memory, tone: memoryTone(r.memory) });
    }
  });
  return [...out.values()];
}

function formatGroup(g: Group, run: readonly CheckpointSummary[], st: Style): string[] {
  const steps = run.map((c) => c.step);
  const verdicts = new Array<string | null>(run.length).fill(null);
  for (const r of g.rows) verdicts[r.index] = r.verdict;
  const changes = verdictChanges(verdicts, steps);
  const changedAt = new Set(changes.map((c) => c.index));
  const first = changes[0];
  const stepW = Math.max(4, ...g.rows.map((r) => stepText(run[r.index] as CheckpointSummary, r.index).length));
  const widths = g.columns.map((h, k) => Math.max(h.length, ...g.rows.map((r) => (r.cells[k] ?? '').length)));
  const header = ['step'.padStart(stepW), ...g.columns.map((h, k) => h.padStart(widths[k] as number)), 'verdict'].join('  ');
  const lines = [st.bold(g.title), `  ${st.dim(header)}`];
  for (const r of g.rows) {
    const c = run[r.index] as CheckpointSummary;
    const verdict = r.verdict === null ? '-' : r.tone === null ? r.verdict : st.verdict(r.tone, r.verdict);
    const mark = changedAt.has(r.index) ? (r.index === first?.index ? '  ◀ first change' : '  ◀ changed') : '';
    lines.push(`  ${[stepText(c, r.index).padStart(stepW), ...r.cells.map((x, k) => x.padStart(widths[k] as number))].join('  ')}  ${verdict}${mark}`);
  }
  lines.push(
    first
      ? `  verdict changed at ${first.step === null ? `checkpoint #${first.index + 1}` : `step ${first.step}`}: ${first.from} → ${first.to}${changes.length > 1 ? ` (${changes.length} changes in all)` : ''}`
      : `  verdict unchanged over the run${g.rows[0]?.verdict ? ` (${g.rows[0].verdict})` : ''}`,
  );
  for (const [gate, list] of g.gates ?? []) {
    const c = verdictChanges(list, steps)[0];
    if (c) lines.push(`  gate ${gate} (its own ‖W^k‖): ${c.from} → ${c.to} at ${c.step === null ? `checkpoint #${c.index + 1}` : `step ${c.step}`}`);
  }
  return lines;
}

/** The human form: a header line, then one table per matrix or layer. */
export function formatRun(run: readonly CheckpointSummary[], where: string, st: Style = PLAIN): string {
  const bySource = new Set(run.map((c) => c.stepSource));
  const how = bySource.size === 1 && bySource.has('name') ? 'by the step in each file name' : bySource.has('mtime') ? 'by step where one is known, then by modification time' : 'by step (file name or a counter inside the checkpoint)';
  const out = [`${st.bold(`${run.length} checkpoint${run.length === 1 ? '' : 's'}`)} in ${where}, ordered ${how}`, ''];
  for (const g of groups(run)) out.push(...formatGroup(g, run, st), '');
  return out.join('\n');
}

export const CSV_HEADER = 'file,step,name,gate,kind,rows,cols,spectral_radius,spectral_norm,log10_norm_at_horizon,verdict,half_life_median,non_decaying,half_life_min,half_life_max';

/** RFC 4180 quoting where a field needs it. */
function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One checkpoint's CSV lines: a line per matrix (a stack's line carries its verdict, its gates
 * follow on lines of their own with `gate` set) and a line per recurrent layer.
 */
export function csvLines(c: CheckpointSummary): string[] {
  const line = (fields: (string | number | null | undefined)[]): string => fields.map(csvField).join(',');
  const out: string[] = [];
  for (const m of c.matrices) {
    const [rows, cols] = m.shape;
    out.push(line([c.file, c.step, m.name, '', m.role, rows, cols, m.spectralRadius, m.spectralNorm, m.log10NormAtHorizon, m.verdict, null, null, null, null]));
    for (const g of m.gates ?? []) {
      out.push(line([c.file, c.step, m.name, g.gate, m.role, cols, cols, g.spectralRadius, g.spectralNorm, g.log10NormAtHorizon, g.verdict, null, null, null, null]));
    }
  }
  for (const r of c.recurrences) {
    const h = r.halfLife;
    out.push(line([c.file, c.step, r.layer, '', r.kind, r.channels, null, r.spectralRadius, null, null, r.memory, h?.median ?? null, r.nonDecaying, h?.min ?? null, h?.max ?? null]));
  }
  return out;
}
