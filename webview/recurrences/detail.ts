/**
 * The selected layer's pictures, built only when a layer is picked: its tensors and assumption,
 * the equations with its numbers, the eigenvalue plane (with the zoom near |λ| = 1), the half-life
 * histogram and the gain bands. Another layer replaces the charts; a new scale updates them.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import * as l10n from '@vscode/l10n';
import type { RecurrenceReport } from '../../src/core/report';
import type { ChartView } from '../charts/view';
import { fmt } from '../format';
import { createFormulas, renderEquations } from '../formulas';
import type { Palette } from '../theme';
import { recurrenceEquations } from './formulas';
import type { LayerView } from './layer';
import { createGainChart, createHalfLifeChart, updateGainChart, updateHalfLifeChart } from './memory';
import { createPlaneChart, updatePlaneChart, type PlaneView } from './plane';

export interface LayerDetail {
  readonly element: HTMLElement;
  show(source: RecurrenceReport, view: LayerView, palette: Palette): void;
  hide(): void;
  /** The charts on screen (none until a layer is picked). */
  charts(): readonly ChartView[];
}

interface Built {
  readonly layer: string;
  readonly plane: PlaneView;
  readonly halfLife: ChartView;
  readonly gain: ChartView;
  readonly formulas: HTMLElement;
  readonly toggle: HTMLElement;
}

function describe(source: RecurrenceReport): HTMLElement {
  const box = document.createElement('div');
  box.className = 'rec-about';
  const p = document.createElement('p');
  p.className = 'rec-assumption';
  p.textContent = `${l10n.t('Assumption')}: ${source.assumption}`;
  const ul = document.createElement('ul');
  ul.className = 'rec-tensors';
  for (const t of source.tensors) {
    const li = document.createElement('li');
    const code = document.createElement('code');
    code.textContent = t.name;
    li.append(code, document.createTextNode(` ${t.role} [${t.shape.join(', ')}] ${t.dtype}`));
    ul.append(li);
  }
  for (const n of source.notes) {
    const li = document.createElement('li');
    li.textContent = n;
    ul.append(li);
  }
  if (source.blocks) {
    const li = document.createElement('li');
    li.textContent = source.blocks.map((b) => `${l10n.t('head {0}, gate {1}', b.head, b.gate)}: ρ = ${fmt(b.spectralRadius, 4)}`).join(' · ');
    ul.append(li);
  }
  box.append(p, ul);
  return box;
}

export function createLayerDetail(): LayerDetail {
  const element = document.createElement('section');
  element.className = 'rec-detail';
  element.hidden = true;
  let built: Built | null = null;
  let last: { view: LayerView; palette: Palette } | null = null;

  const destroy = (): void => {
    if (!built) return;
    for (const c of [built.plane, built.halfLife, built.gain]) c.chart?.destroy();
    built = null;
    element.replaceChildren();
  };
  const drawPlane = (): void => {
    if (!built || !last) return;
    updatePlaneChart(built.plane, last.view, last.palette);
    built.toggle.textContent = built.plane.mode === 'plane' ? l10n.t('Zoom near |λ| = 1') : l10n.t('Complex plane');
  };
  const build = (source: RecurrenceReport, palette: Palette): Built => {
    const font = getComputedStyle(document.body).fontFamily || 'sans-serif';
    const title = document.createElement('h3');
    title.textContent = l10n.t('Layer {0} ({1}, {2} channels)', source.layer || l10n.t('(top level)'), source.kind, source.channels);
    const formulas = createFormulas();
    const plane = createPlaneChart(palette, font);
    const toggle = document.createElement('vscode-button');
    toggle.setAttribute('secondary', '');
    toggle.className = 'rec-zoom';
    toggle.addEventListener('click', () => {
      plane.mode = plane.mode === 'plane' ? 'gap' : 'plane';
      drawPlane();
    });
    plane.figure.querySelector('.chart-head')?.append(toggle);
    const halfLife = createHalfLifeChart(palette, font);
    const gain = createGainChart(palette, font);
    gain.figure.classList.add('wide');
    const grid = document.createElement('div');
    grid.className = 'chart-grid';
    grid.append(plane.figure, halfLife.figure, gain.figure);
    element.replaceChildren(title, describe(source), grid, formulas);
    return { layer: source.layer, plane, halfLife, gain, formulas, toggle };
  };

  return {
    element,
    show(source, view, palette) {
      if (built?.layer !== source.layer) {
        destroy();
        built = build(source, palette);
      }
      element.hidden = false;
      last = { view, palette };
      renderEquations(built.formulas, recurrenceEquations(view));
      drawPlane();
      updateHalfLifeChart(built.halfLife, view, palette);
      updateGainChart(built.gain, view, palette);
    },
    hide() {
      destroy();
      last = null;
      element.hidden = true;
    },
    charts: () => (built ? [built.plane, built.halfLife, built.gain] : []),
  };
}
