/**
 * The gradient story of a diagonal recurrence with the layer's own numbers: the BPTT product is
 * diag(λ)^(T−t), the half-lives against T, and the state's sensitivity to λ as |λ| → 1
 * (Zucchet & Orvieto 2024). Only numbers formatted by tex.ts enter TeX.
 */
import * as l10n from '@vscode/l10n';
import { fmt, fmtLog10 } from '../format';
import type { Equation } from '../formulas';
import { texLog10, texNum } from '../tex';
import type { LayerView } from './layer';

/** The largest |λ| below 1, from ln|λ| (null when no channel decays). */
function slowestDecaying(v: LayerView): number | null {
  let best: number | null = null;
  for (const l of v.logModulus) if (Math.exp(l) < 1 && (best === null || l > best)) best = l;
  return best === null ? null : Math.exp(best);
}

export function recurrenceEquations(v: LayerView): Equation[] {
  const T = v.horizon;
  const top = v.gain.log10Gain[v.gain.log10Gain.length - 1]?.[0] ?? null;
  const mid = v.gain.log10Gain[2]?.[0] ?? null;
  const h = v.halfLife;
  const slow = slowestDecaying(v);
  const m = v.memory;

  const halfMeaning =
    v.verdict === 'non-decaying'
      ? l10n.t('{0} of {1} channels have |λ| ≥ 1: they never forget, and their gradient does not decay with distance.', v.nonDecaying, v.channels)
      : v.verdict === 'short-memory'
        ? l10n.t('Every half-life is below T / 10 = {0}: the layer forgets long before the end of the sequence, so distant steps get almost no gradient.', fmt(T / 10))
        : l10n.t('The longest half-life, {0} steps, reaches past T / 10 = {1}: some channels carry information (and gradient) across the sequence.', fmt(h?.max ?? null, 4), fmt(T / 10));

  return [
    {
      id: 'rec-eq1',
      tag: '(1)',
      title: l10n.t('Backpropagation through a diagonal recurrence'),
      tex: [
        `h_t = \\lambda \\odot h_{t-1} + B x_t, \\qquad \\frac{\\partial h_T}{\\partial h_t} = \\operatorname{diag}(\\lambda)^{T-t}, \\qquad \\Big\\|\\frac{\\partial h_T}{\\partial h_1}\\Big\\| = \\rho^{T-1} = ${texNum(v.spectralRadius)}^{${T - 1}} = ${texLog10(top)}`,
      ],
      meaning: l10n.t('Each channel carries its own gradient, multiplied by its λ at every step back: over T − 1 = {0} steps the slowest channel keeps ×{1} and the median channel ×{2}.', T - 1, fmtLog10(top), fmtLog10(mid)),
    },
    {
      id: 'rec-eq2',
      tag: '(2)',
      title: l10n.t('Half-lives against the horizon'),
      tex: [
        h === null
          ? `t_{1/2} = \\frac{\\ln 2}{-\\ln|\\lambda|}, \\qquad |\\lambda| \\ge 1 \\text{ for every channel}`
          : `t_{1/2} = \\frac{\\ln 2}{-\\ln|\\lambda|}: \\quad \\min = ${texNum(h.min)},\\ \\operatorname{median} = ${texNum(h.median)},\\ \\max = ${texNum(h.max)} \\quad (T = ${T})`,
      ],
      meaning: halfMeaning,
    },
    {
      id: 'rec-eq3',
      tag: '(3)',
      title: l10n.t('Sensitivity to λ as |λ| → 1'),
      tex: [
        m === null || slow === null
          ? `\\mathbb{E}|h|^2 = \\frac{1}{1-|\\lambda|^2}, \\qquad \\mathbb{E}\\Big|\\frac{\\partial h}{\\partial \\lambda}\\Big|^2 = \\frac{1+|\\lambda|^2}{(1-|\\lambda|^2)^3}`
          : `\\mathbb{E}|h|^2 = \\frac{1}{1-|\\lambda|^2} = ${texLog10(m.log10StateVariance.max)}, \\qquad \\mathbb{E}\\Big|\\frac{\\partial h}{\\partial \\lambda}\\Big|^2 = \\frac{1+|\\lambda|^2}{(1-|\\lambda|^2)^3} = ${texLog10(m.log10Sensitivity.max)} \\quad (|\\lambda| = ${texNum(slow)})`,
      ],
      meaning:
        m === null
          ? l10n.t('No channel decays, so the state\'s variance is unbounded for unit inputs.')
          : l10n.t('As |λ| → 1 the state grows like 1/(1 − |λ|²) but its sensitivity to λ like 1/(1 − |λ|²)³: at the slowest decaying channel ×{0} against ×{1} (median channel: ×{2}). This is why these models normalise their inputs (Zucchet & Orvieto 2024).', fmtLog10(m.log10Sensitivity.max), fmtLog10(m.log10StateVariance.max), fmtLog10(m.log10Sensitivity.median)),
    },
  ];
}
