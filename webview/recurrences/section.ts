/**
 * The modern-recurrences part of the panel: the Δ scale slider and kind picker, the table of
 * layers, the layers that were not analysed, and the selected layer's pictures (built on demand).
 */
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import './recurrences.css';
import * as l10n from '@vscode/l10n';
import type { AnalysisReport } from '../../src/core/report';
import { RECURRENCE_KINDS, type RecurrenceKind } from '../../src/core/recurrences/types';
import { controlRow, slider as sliderControl } from '../controls';
import { fmt } from '../format';
import type { Palette } from '../theme';
import { createLayerDetail, type LayerDetail } from './detail';
import { layerView, type LayerView } from './layer';
import { renderLayerTable, renderUnrecognised } from './table';

/** The Δ scale slider moves log2 s over this range (s from 1/8 to 8). */
const LOG2_SCALE = { min: -3, max: 3, step: 0.05 } as const;

export interface RecurrenceEvents {
  /** The user picked a kind to read every layer as (null: by tensor names); absent when the host cannot. */
  readonly kind?: (kind: RecurrenceKind | null) => void;
}

export interface RecurrenceSection {
  readonly element: HTMLElement;
  /** Shows a report's layers against the horizon T; keeps the selected layer and the scale. */
  update(report: AnalysisReport, horizon: number, palette: Palette, kind: RecurrenceKind | null): void;
  /** The layers as shown (after the scale), for tests. */
  views(): readonly LayerView[];
  readonly detail: LayerDetail;
}

/** The `--kind` picker: read every layer as one kind, matching names loosely. */
export function kindRow(parent: HTMLElement, pick: (k: RecurrenceKind | null) => void): { row: HTMLElement; select: HTMLElement & { value: string } } {
  const { row, id } = controlRow(parent, l10n.t('Read layers as'));
  row.classList.add('rec-kind');
  const select = document.createElement('vscode-single-select') as HTMLElement & { value: string };
  select.id = id;
  select.setAttribute('aria-label', l10n.t('Read layers as'));
  for (const [value, text] of [['', l10n.t('Found by tensor names')], ...RECURRENCE_KINDS.map((k) => [k, k])] as const) {
    const o = document.createElement('vscode-option');
    o.setAttribute('value', value);
    o.textContent = text;
    select.append(o);
  }
  select.addEventListener('change', () => pick(select.value === '' ? null : (select.value as RecurrenceKind)));
  row.append(select);
  return { row, select };
}

export function createRecurrenceSection(events: RecurrenceEvents): RecurrenceSection {
  const element = document.createElement('section');
  element.className = 'recurrences';
  element.setAttribute('aria-label', l10n.t('Modern recurrent layers'));
  const title = document.createElement('h2');
  title.textContent = l10n.t('Modern recurrent layers');
  const intro = document.createElement('p');
  intro.className = 'rec-intro';
  const controls = document.createElement('div');
  controls.className = 'rec-controls';
  const slider = sliderControl(controls, l10n.t('Step Δ × s (decay rate × s for kinds without a step)'), LOG2_SCALE.min, LOG2_SCALE.max, LOG2_SCALE.step);
  slider.input.value = '0';
  const kind = events.kind ? kindRow(controls, events.kind) : null;
  const tableSlot = document.createElement('div');
  const unrecognisedSlot = document.createElement('div');
  const detail = createLayerDetail();
  element.append(title, intro, controls, tableSlot, unrecognisedSlot, detail.element);

  let report: AnalysisReport | null = null;
  let horizon = 1;
  let palette: Palette | null = null;
  let scale = 1;
  let selected: string | null = null;
  let views: LayerView[] = [];

  const draw = (): void => {
    if (!report || !palette) return;
    views = report.recurrences.map((r) => layerView(r, scale, horizon));
    if (selected !== null && !views.some((v) => v.layer === selected)) selected = null;
    tableSlot.replaceChildren(renderLayerTable(views, selected, pick));
    const view = views.find((v) => v.layer === selected);
    const source = report.recurrences.find((r) => r.layer === selected);
    if (view && source) detail.show(source, view, palette);
    else detail.hide();
  };
  const pick = (layer: string): void => {
    selected = selected === layer ? null : layer;
    draw();
    if (selected !== null) detail.element.scrollIntoView({ block: 'nearest' });
  };
  const showScale = (): void => {
    const text = l10n.t('Δ × {0}', fmt(scale, 3));
    slider.output.value = text;
    slider.input.setAttribute('aria-valuetext', text);
  };
  slider.input.addEventListener('input', () => {
    // Whole steps of log2 land on exact powers of two (× 2, × 0.5).
    scale = 2 ** Number(slider.input.value);
    showScale();
    draw();
  });
  showScale();

  return {
    element,
    detail,
    views: () => views,
    update(next, T, p, k) {
      report = next;
      horizon = T;
      palette = p;
      intro.textContent = l10n.t('{0} layers with a diagonal transition; half-lives and verdicts against T = {1}. Click a layer for its eigenvalues, half-lives and gain.', next.recurrences.length, T);
      if (kind && kind.select.value !== (k ?? '')) kind.select.value = k ?? '';
      unrecognisedSlot.replaceChildren(...[renderUnrecognised(next.unrecognisedRecurrences)].filter((x): x is HTMLElement => x !== null));
      draw();
    },
  };
}
