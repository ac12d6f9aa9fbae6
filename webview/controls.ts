/**
 * The controls: native range sliders (label + aria-valuetext) and @vscode-elements dropdowns and
 * buttons. Sliders fire on every `input`, so the charts follow the thumb; `commit` fires on `change`
 * (release) for the things that go to the host (saved state, longer horizons).
 */
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { PanelControls } from '../src/panelProtocol';
import { fmt } from './format';
import * as l10n from '@vscode/l10n';
import { LIMITS } from './state';

type ValueElement = HTMLElement & { value: string };

export interface ControlsView {
  readonly element: HTMLElement;
  set(c: PanelControls): void;
}

export interface ControlEvents {
  readonly input: (c: PanelControls) => void;
  readonly commit: (c: PanelControls) => void;
  /** Scale that brings ρ to 0.99, or null when ρ is unknown or zero. */
  readonly rescaleTarget: () => number | null;
}

interface Slider {
  readonly input: HTMLInputElement;
  readonly output: HTMLOutputElement;
}

let uid = 0;

/** A labelled row of the controls; the caller adds the control that carries `id`. */
export function controlRow(parent: HTMLElement, label: string): { row: HTMLDivElement; id: string } {
  const id = `ctl-${++uid}`;
  const row = document.createElement('div');
  row.className = 'control';
  const lab = document.createElement('label');
  lab.htmlFor = id;
  lab.textContent = label;
  row.append(lab);
  parent.append(row);
  return { row, id };
}

export function slider(parent: HTMLElement, label: string, min: number, max: number, step: number): Slider {
  const { row, id } = controlRow(parent, label);
  const input = document.createElement('input');
  input.type = 'range';
  input.id = id;
  input.min = String(min);
  input.max = String(max);
  input.step = String(step);
  const output = document.createElement('output');
  output.htmlFor.add(id);
  row.append(input, output);
  return { input, output };
}

function select(parent: HTMLElement, label: string, options: readonly [string, string][]): ValueElement {
  const { row, id } = controlRow(parent, label);
  const sel = document.createElement('vscode-single-select') as ValueElement;
  sel.id = id;
  sel.setAttribute('aria-label', label);
  for (const [value, text] of options) {
    const o = document.createElement('vscode-option');
    o.setAttribute('value', value);
    o.textContent = text;
    sel.append(o);
  }
  row.append(sel);
  return sel;
}

export function createControls(initial: PanelControls, ev: ControlEvents): ControlsView {
  const element = document.createElement('section');
  element.className = 'controls';
  element.setAttribute('aria-label', l10n.t('Controls'));
  let c = initial;

  const horizon = slider(element, l10n.t('Horizon T'), LIMITS.horizon.min, LIMITS.horizon.max, 1);
  const tau = slider(element, l10n.t('Clipping threshold τ'), LIMITS.tau.min, LIMITS.tau.max, 0.05);
  const scale = slider(element, l10n.t('Scale factor on W'), LIMITS.scale.min, LIMITS.scale.max, 0.001);
  const bias = slider(element, l10n.t('LSTM forget-gate bias b_f'), LIMITS.forgetBias.min, LIMITS.forgetBias.max, 0.1);
  const mode = select(element, l10n.t('Recurrence'), [
    ['linear', l10n.t('Linear (eq. 1)')],
    ['tanh', l10n.t('tanh RNN')],
  ]);
  const lossAt = select(element, l10n.t('Loss'), [
    ['every-step', l10n.t('At every step')],
    ['last-step', l10n.t('Only at the end')],
  ]);
  const buttons = document.createElement('div');
  buttons.className = 'control buttons';
  const rescale = document.createElement('vscode-button');
  rescale.id = 'rescale';
  rescale.textContent = l10n.t('Rescale to ρ = 0.99');
  const reset = document.createElement('vscode-button');
  reset.setAttribute('secondary', '');
  reset.textContent = l10n.t('Scale 1');
  buttons.append(rescale, reset);
  element.append(buttons);

  const show = (): void => {
    horizon.input.value = String(c.horizon);
    horizon.output.value = `T = ${c.horizon}`;
    horizon.input.setAttribute('aria-valuetext', l10n.t('{0} steps', c.horizon));
    tau.input.value = String(Math.log10(c.clipTau));
    tau.output.value = `τ = ${fmt(c.clipTau)}`;
    tau.input.setAttribute('aria-valuetext', `τ = ${fmt(c.clipTau)}`);
    scale.input.value = String(Math.log10(Math.abs(c.scale)));
    scale.output.value = `× ${fmt(c.scale, 4)}`;
    scale.input.setAttribute('aria-valuetext', l10n.t('W times {0}', fmt(c.scale, 4)));
    bias.input.value = String(c.forgetBias);
    bias.output.value = `b_f = ${fmt(c.forgetBias)}`;
    bias.input.setAttribute('aria-valuetext', `b_f = ${fmt(c.forgetBias)}`);
    if (mode.value !== c.mode) mode.value = c.mode;
    if (lossAt.value !== c.lossAt) lossAt.value = c.lossAt;
  };

  const change = (next: Partial<PanelControls>, commit: boolean): void => {
    c = { ...c, ...next };
    show();
    ev.input(c);
    if (commit) ev.commit(c);
  };
  const round = (x: number): number => Number(x.toPrecision(4));
  const onSlider = (s: Slider, read: () => Partial<PanelControls>): void => {
    s.input.addEventListener('input', () => change(read(), false));
    s.input.addEventListener('change', () => change(read(), true));
  };
  onSlider(horizon, () => ({ horizon: Math.round(Number(horizon.input.value)) }));
  onSlider(tau, () => ({ clipTau: round(10 ** Number(tau.input.value)) }));
  onSlider(scale, () => ({ scale: round(10 ** Number(scale.input.value)) }));
  onSlider(bias, () => ({ forgetBias: round(Number(bias.input.value)) }));
  mode.addEventListener('change', () => change({ mode: mode.value === 'tanh' ? 'tanh' : 'linear' }, true));
  lossAt.addEventListener('change', () => change({ lossAt: lossAt.value === 'last-step' ? 'last-step' : 'every-step' }, true));
  rescale.addEventListener('click', () => {
    const s = ev.rescaleTarget();
    if (s !== null) change({ scale: s }, true);
  });
  reset.addEventListener('click', () => change({ scale: 1 }, true));

  show();
  return {
    element,
    set(next) {
      c = next;
      show();
    },
  };
}
