/**
 * One chart on the page: a titled figure with an aria-labelled canvas, a one-line caption and a
 * <details> data table (the accessible alternative), built lazily when opened.
 */
import type { Chart } from 'chart.js';
import * as l10n from '@vscode/l10n';
import type { Palette } from '../theme';
import { renderTable, type TableData } from '../tables';

export interface ChartView {
  readonly id: string;
  readonly figure: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  chart: Chart | null;
  table: () => TableData;
}

export function createFigure(id: string, title: string, ariaLabel: string, caption: string): ChartView {
  const figure = document.createElement('figure');
  figure.className = 'chart';
  figure.id = `chart-${id}`;
  const head = document.createElement('div');
  head.className = 'chart-head';
  const h = document.createElement('h3');
  h.textContent = title;
  head.append(h);
  const box = document.createElement('div');
  box.className = 'canvas-box';
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', ariaLabel);
  canvas.tabIndex = 0;
  box.append(canvas);
  const cap = document.createElement('figcaption');
  cap.textContent = caption;
  const details = document.createElement('details');
  const summary = document.createElement('summary');
  summary.textContent = l10n.t('Data table');
  details.append(summary);
  figure.append(head, box, cap, details);
  const view: ChartView = { id, figure, canvas, chart: null, table: () => ({ columns: [], rows: [] }) };
  const fill = (): void => {
    details.querySelector('table')?.remove();
    if (details.open) details.append(renderTable(view.table(), title));
  };
  details.addEventListener('toggle', fill);
  figure.addEventListener('rgl-refresh-table', fill);
  // Double-click (or Enter on the focused canvas) resets the zoom; + and − zoom, arrows pan.
  type Zoomable = Chart & { resetZoom?: () => void; zoom?: (f: number) => void; pan?: (d: { x?: number; y?: number }) => void };
  const chart = (): Zoomable | null => view.chart as Zoomable | null;
  canvas.addEventListener('dblclick', () => chart()?.resetZoom?.());
  canvas.setAttribute('aria-keyshortcuts', 'Enter + - ArrowLeft ArrowRight ArrowUp ArrowDown');
  const keys: Record<string, () => void> = {
    Enter: () => chart()?.resetZoom?.(),
    Escape: () => chart()?.resetZoom?.(),
    '+': () => chart()?.zoom?.(1.25),
    '=': () => chart()?.zoom?.(1.25),
    '-': () => chart()?.zoom?.(0.8),
    ArrowLeft: () => chart()?.pan?.({ x: 40 }),
    ArrowRight: () => chart()?.pan?.({ x: -40 }),
    ArrowUp: () => chart()?.pan?.({ y: 40 }),
    ArrowDown: () => chart()?.pan?.({ y: -40 }),
  };
  canvas.addEventListener('keydown', (e) => {
    const act = keys[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  });
  return view;
}

/** Re-renders an open table after the data changed. */
export function refreshTable(view: ChartView): void {
  view.figure.dispatchEvent(new Event('rgl-refresh-table'));
}

/** Shared options: theme colours, no animation, zoom with Ctrl+wheel / pinch and drag to pan. */
export function baseOptions(p: Palette, font: string) {
  return {
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
    color: p.foreground,
    font: { family: font },
    interaction: { mode: 'nearest' as const, intersect: false },
    plugins: {
      legend: { labels: { color: p.foreground, boxWidth: 14, boxHeight: 2 } },
      tooltip: { enabled: true },
      zoom: {
        zoom: { wheel: { enabled: true, modifierKey: 'ctrl' as const }, pinch: { enabled: true }, mode: 'xy' as const },
        pan: { enabled: true, mode: 'xy' as const },
      },
    },
  };
}

/** What a chart shows, for tests and the bench: its label, x range and each dataset's y values. */
export function chartSnapshot(v: ChartView) {
  return {
    id: v.id,
    ariaLabel: v.canvas.getAttribute('aria-label'),
    x: v.chart ? [v.chart.scales.x?.min, v.chart.scales.x?.max] : null,
    datasets: (v.chart?.data.datasets ?? []).map((ds) => ({
      label: ds.label ?? '',
      color: typeof ds.borderColor === 'string' ? ds.borderColor : null,
      data: (ds.data as unknown[]).map((p) => (typeof p === 'object' && p !== null && 'y' in p ? (p as { y: number | null }).y : null)),
      size: ds.data.length,
    })),
  };
}
