/**
 * Heatmap of W's entries (a gate stack shows its gates as horizontal bands). Large matrices are
 * shown as block means on at most MAX_CELLS x MAX_CELLS cells, so a 1024 x 1024 W stays responsive.
 * Colour: diverging around 0, normalised by the largest |entry| (so a scale factor leaves it unchanged).
 */
import { Chart, type Scale, type ScriptableContext } from 'chart.js';
import type { MatrixData } from '../../src/panelProtocol';
import { fmt } from '../format';
import * as l10n from '@vscode/l10n';
import { withAlpha, type Palette } from '../theme';
import { baseOptions, createFigure, refreshTable, type ChartView } from './view';

const MAX_CELLS = 64;

interface Cell {
  x: number;
  y: number;
  v: number;
}

export function blockMeans(m: MatrixData, maxCells = MAX_CELLS): { cells: Cell[]; bx: number; by: number; nx: number; ny: number } {
  const bx = Math.ceil(m.cols / maxCells);
  const by = Math.ceil(m.rows / maxCells);
  const nx = Math.ceil(m.cols / bx);
  const ny = Math.ceil(m.rows / by);
  const cells: Cell[] = [];
  for (let Y = 0; Y < ny; Y++) {
    for (let X = 0; X < nx; X++) {
      let s = 0;
      let c = 0;
      for (let i = Y * by; i < Math.min(m.rows, (Y + 1) * by); i++) {
        for (let j = X * bx; j < Math.min(m.cols, (X + 1) * bx); j++) {
          s += m.values[i * m.cols + j]!;
          c++;
        }
      }
      cells.push({ x: X, y: Y, v: c ? s / c : 0 });
    }
  }
  return { cells, bx, by, nx, ny };
}

function parseColor(c: string): [number, number, number] {
  const m = /^#([0-9a-f]{6})$/i.exec(c.trim());
  if (m) {
    const n = parseInt(m[1]!, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const r = /rgba?\((\d+)[ ,]+(\d+)[ ,]+(\d+)/.exec(c);
  return r ? [Number(r[1]), Number(r[2]), Number(r[3])] : [128, 128, 128];
}

/** Colour for u in [-1, 1]: background at 0, the theme's negative/positive colours at the ends. */
export function divergingColor(u: number, p: Palette): string {
  const bg = parseColor(p.background);
  const end = parseColor(u < 0 ? p.negative : p.positive);
  const a = Math.min(1, Math.abs(u)) ** 0.7;
  const mix = bg.map((b, i) => Math.round(b + (end[i]! - b) * a));
  return `rgb(${mix[0]}, ${mix[1]}, ${mix[2]})`;
}

type HeatChart = Chart<'matrix'> & { $rglBands?: { y: number; label: string }[]; $rglLine?: string };

/** Lines between the gate blocks of a stack, and the gate names at their left. */
const gateBands = {
  id: 'rglGateBands',
  afterDatasetsDraw(chart: Chart) {
    const c = chart as unknown as HeatChart;
    const bands = c.$rglBands;
    const area = chart.chartArea;
    const y = chart.scales.y;
    if (!bands || bands.length === 0 || !area || !y) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = c.$rglLine ?? '#888';
    ctx.lineWidth = 2;
    for (const b of bands.slice(1)) {
      const py = y.getPixelForValue(b.y);
      ctx.beginPath();
      ctx.moveTo(area.left, py);
      ctx.lineTo(area.right, py);
      ctx.stroke();
    }
    ctx.restore();
  },
};

export function createHeatmap(p: Palette, font: string): ChartView {
  const v = createFigure(
    'heatmap',
    l10n.t('Heatmap of W'),
    l10n.t('Heatmap of the entries of the recurrent matrix W: blue negative, red positive.'),
    l10n.t('Rows are outputs h_t, columns inputs h_(t-1). Large matrices are shown as block means.'),
  );
  const opts = baseOptions(p, font);
  v.chart = new Chart(v.canvas, {
    type: 'matrix',
    data: { datasets: [] },
    options: {
      ...opts,
      parsing: false,
      scales: {
        x: { type: 'linear', position: 'top', offset: false, grid: { display: false }, ticks: { color: p.foreground } },
        y: { type: 'linear', reverse: true, offset: false, grid: { display: false }, ticks: { color: p.foreground } },
      },
      plugins: { ...opts.plugins, legend: { display: false } },
    },
    plugins: [gateBands],
  });
  return v;
}

export function updateHeatmap(v: ChartView, m: MatrixData | null, gates: readonly string[] | undefined, p: Palette): void {
  const c = v.chart as HeatChart | null;
  if (!c) return;
  // Without the entries (a matrix too large to send) there is nothing to draw.
  v.figure.hidden = m === null;
  if (!m) {
    c.data.datasets = [];
    c.update('none');
    return;
  }
  const { cells, bx, by, nx, ny } = blockMeans(m);
  const maxAbs = Math.max(1e-300, ...cells.map((q) => Math.abs(q.v)));
  const gateRows = gates && gates.length > 0 ? m.rows / gates.length : 0;
  c.data.datasets = [
    {
      label: 'W',
      data: cells,
      backgroundColor: (ctx: ScriptableContext<'matrix'>) => divergingColor(((ctx.raw as Cell | undefined)?.v ?? 0) / maxAbs, p),
      borderWidth: 0,
      width: ({ chart }) => (chart.chartArea?.width ?? 0) / nx,
      height: ({ chart }) => (chart.chartArea?.height ?? 0) / ny,
      anchorX: 'left',
      anchorY: 'top',
    },
  ];
  const scales = c.options.scales as Record<string, { min?: number; max?: number; ticks?: { callback?: (v: number | string) => string } }>;
  const label = (cellsPer: number) => (val: number | string) => String(Math.round(Number(val) * cellsPer));
  if (scales.x) Object.assign(scales.x, { min: 0, max: nx });
  if (scales.y) Object.assign(scales.y, { min: 0, max: ny });
  if (scales.x?.ticks) scales.x.ticks.callback = label(bx);
  if (scales.y?.ticks) scales.y.ticks.callback = label(by);
  // A stack: gate names on the y axis, one per block, and lines between the blocks.
  const bands = gateRows > 0 && gates ? gates.map((g, k) => ({ y: (k * gateRows) / by, label: g })) : [];
  c.$rglBands = bands;
  c.$rglLine = withAlpha(p.foreground, 0.85);
  const yScale = scales.y as { afterBuildTicks?: (scale: Scale) => void };
  yScale.afterBuildTicks =
    bands.length > 0 ? (scale: Scale) => void (scale.ticks = bands.map((b) => ({ value: b.y + gateRows / by / 2 }))) : undefined;
  if (bands.length > 0 && scales.y?.ticks) {
    const names = new Map(bands.map((b) => [b.y + gateRows / by / 2, b.label]));
    scales.y.ticks.callback = (val: number | string) => names.get(Number(val)) ?? '';
  }
  const plugins = c.options.plugins as { tooltip?: { callbacks?: Record<string, unknown> } };
  plugins.tooltip = {
    callbacks: {
      title: () => '',
      label: (ctx: { raw: unknown }) => {
        const q = ctx.raw as Cell;
        const row = q.y * by;
        const gate = gateRows > 0 && gates ? ` (${gates[Math.floor(row / gateRows)] ?? ''})` : '';
        const where = bx === 1 && by === 1 ? `W[${q.y}, ${q.x}]` : `W[${row}…${row + by - 1}, ${q.x * bx}…${q.x * bx + bx - 1}]`;
        return `${where}${gate} = ${fmt(q.v, 4)}`;
      },
    },
  };
  c.update('none');
  v.table = () => {
    const rows: string[][] = [];
    for (let y = 0; y < ny; y++) rows.push([String(y * by), ...cells.slice(y * nx, (y + 1) * nx).map((q) => fmt(q.v, 3))]);
    return { columns: ['row', ...Array.from({ length: nx }, (_, x) => String(x * bx))], rows };
  };
  refreshTable(v);
}
