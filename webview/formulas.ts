/**
 * The lecture's equations with this matrix's numbers, each rendered with katex.render (CSSOM styles,
 * allowed by the CSP; never renderToString + innerHTML) and followed by one sentence of meaning.
 * No text from the file enters TeX: only numbers formatted by tex.ts.
 */
import katex from 'katex';
import type { Derived } from './derive';
import { fmt, fmtLog10 } from './format';
import * as l10n from '@vscode/l10n';
import type { Model } from './state';
import { texLog10, texNum } from './tex';

export interface Equation {
  readonly id: string;
  readonly tag: string;
  readonly title: string;
  readonly tex: readonly string[];
  readonly meaning: string;
}

const KATEX_OPTIONS = { displayMode: true, output: 'htmlAndMathml', trust: false, throwOnError: false, strict: 'ignore' } as const;

function maxOf(s: readonly (number | null)[]): number | null {
  let m: number | null = null;
  for (const v of s) if (v !== null && (m === null || v > m)) m = v;
  return m;
}

function equations(model: Model, d: Derived): Equation[] {
  const T = d.T;
  const c = model.controls;
  const rho = d.rho;
  const sigma = d.sigma;
  const boundAt1 = d.bound[0] ?? null;
  const g1 = d.linear[0] ?? null;
  const growth = d.growth;

  // A gate stack has no single ρ or σ_max: its largest gate's stand in, named in the text.
  const top = (pick: (g: Derived['gates'][number]) => number): { v: number; gate: string } | null =>
    d.gates.reduce<{ v: number; gate: string } | null>((b, g) => (b === null || pick(g) > b.v ? { v: pick(g), gate: g.gate } : b), null);
  const rhoTop = top((g) => g.rho);
  const sigmaTop = top((g) => g.sigma);
  const role = model.selected.role.toUpperCase();

  const eq1Meaning = d.stack
    ? l10n.t('In a gate stack the gradient passes through the gates: the seeded {0} carries the loss at step T back to h_1 with gain {1}, and here ‖∂L/∂h_1‖ = {2}.', role, fmtLog10(d.powerNorms[T - 1] ?? null), fmtLog10(g1))
    : growth === null
      ? l10n.t('Each step back multiplies by W_hhᵀ once; the term k = T is scaled by ‖W^{0}‖.', T)
      : l10n.t('Each step back multiplies by W_hhᵀ once: the loss at step T reaches h_1 scaled by up to ‖W^{0}‖ = {1}, and here ‖∂L/∂h_1‖ = {2}.', T - 1, fmtLog10(d.powerNorms[T - 1] ?? null), fmtLog10(g1));

  let boundMeaning: string;
  if (sigma === null) boundMeaning = l10n.t('A gate stack has no single ‖W_hh‖: each gate is bounded on its own (see the gate table).');
  else if (sigma < 1) boundMeaning = l10n.t('‖W_hh‖ = {0} < 1: the bound shrinks geometrically, so gradients from distant steps must vanish.', fmt(sigma));
  else boundMeaning = l10n.t('‖W_hh‖ = {0} ≥ 1: the bound grows to {1} at t = 1 and proves nothing about vanishing; only ρ decides the long run.', fmt(sigma), fmtLog10(boundAt1));

  const rhoS = rho === null ? '—' : fmt(rho);
  const sigS = sigma === null ? '—' : fmt(sigma);
  let condMeaning: string;
  if (rho === null || sigma === null)
    condMeaning =
      rhoTop && sigmaTop
        ? l10n.t('Largest gate radius ρ = {0} (gate {1}), largest σ_max = {2} (gate {3}); each gate\'s verdict is in the gate table.', fmt(rhoTop.v), rhoTop.gate, fmt(sigmaTop.v), sigmaTop.gate)
        : l10n.t('For a gate stack, ρ and σ_max are given per gate.');
  else if (rho < 1 && sigma > 1)
    condMeaning = l10n.t('ρ = {0} < 1 < σ_max = {1}: the two disagree because W is non-normal; ‖W^k‖ can grow (peak {2} at k = {3}) before it decays like ρ^k.', rhoS, sigS, fmtLog10(d.peak.log10), d.peak.k);
  else if (rho > 1) condMeaning = l10n.t('ρ = {0} > 1: some direction grows by ρ per step, so gradients explode as T grows, whatever the norm says.', rhoS);
  else if (rho < 1) condMeaning = l10n.t('ρ = {0} and σ_max = {1} are both below 1: every gradient vanishes, at least as fast as σ_max^k.', rhoS, sigS);
  else condMeaning = l10n.t('ρ = {0} is at the edge: gradients neither vanish nor explode exponentially.', rhoS);

  const peakG = maxOf(d.linear);
  const clipMeaning =
    d.clipped.length === 0
      ? l10n.t('With τ = {0}, a step gradient larger than τ is scaled down to τ; the report has no clipped curve for this gate stack.', c.clipTau)
      : peakG !== null && peakG > Math.log10(c.clipTau)
      ? l10n.t('With τ = {0}, the largest step gradient {1} is scaled down to τ; clipping keeps the direction and cannot revive a vanished gradient. PyTorch adds 1e-6 to ‖g‖; the d2l/TF form does not.', c.clipTau, fmtLog10(peakG))
      : l10n.t('With τ = {0}, no step gradient exceeds τ here, so clipping changes nothing (both forms agree).', c.clipTau);

  const f = 1 / (1 + Math.exp(-c.forgetBias));
  const cellT = (T - 1) * Math.log10(f);
  const lstmMeaning = l10n.t('With forget bias b_f = {0}, f = σ(b_f) = {1}: the cell path carries the gradient over T − 1 = {2} steps scaled by f^{2} = {3} — no matrix power, so no explosion.', c.forgetBias, fmt(f), T - 1, fmtLog10(cellT));

  return [
    {
      id: 'eq1',
      tag: '(1)',
      title: l10n.t('Backpropagation through time'),
      tex: [`\\frac{\\partial L}{\\partial h_t} = \\sum_{k=t}^{T} \\left(W_{hh}^{\\top}\\right)^{k-t} W_{qh}^{\\top}\\,\\frac{\\partial L}{\\partial o_k}, \\qquad T = ${T}`],
      meaning: eq1Meaning,
    },
    {
      id: 'eq2',
      tag: '(2)–(4)',
      title: l10n.t('The norm bound'),
      tex: [
        `\\left\\|\\frac{\\partial L}{\\partial h_t}\\right\\| \\le \\sum_{k=t}^{T} \\|W_{hh}\\|^{k-t}\\,\\|W_{qh}\\|\\,\\left\\|\\frac{\\partial L}{\\partial o_k}\\right\\|`,
        sigma === null
          ? sigmaTop
            ? `\\max_{\\text{gates}} \\|W\\|_2 = ${texNum(sigmaTop.v)}`
            : `\\|W_{hh}\\|_2 \\text{ per gate}`
          : `\\|W_{hh}\\|_2 = ${texNum(sigma)} \\;\\Rightarrow\\; \\sum_{j=0}^{${T - 1}} ${texNum(sigma)}^{\\,j} = ${texLog10(boundAt1)}`,
      ],
      meaning: boundMeaning,
    },
    {
      id: 'eq-cond',
      tag: 'ρ, σ',
      title: l10n.t('Vanishing or exploding'),
      tex: [
        `\\|W_{hh}\\| < 1 \\Rightarrow \\text{vanish}, \\quad \\rho(W_{hh}) > 1 \\Rightarrow \\text{explode}, \\quad \\rho^k \\le \\|W^k\\| \\le \\sigma_{\\max}^k`,
        d.stack && rhoTop && sigmaTop
          ? `\\max_{\\text{gates}} \\rho = ${texNum(rhoTop.v)}, \\quad \\max_{\\text{gates}} \\sigma_{\\max} = ${texNum(sigmaTop.v)}`
          : `\\rho = ${rho === null ? '\\text{—}' : texNum(rho)}, \\quad \\sigma_{\\max} = ${sigma === null ? '\\text{—}' : texNum(sigma)}, \\quad \\max_k \\|W^k\\| = ${texLog10(d.peak.log10)} \\;(k = ${d.peak.k})`,
      ],
      meaning: condMeaning,
    },
    {
      id: 'eq5',
      tag: '(5)',
      title: l10n.t('Gradient clipping'),
      tex: [
        `g \\leftarrow g \\cdot \\min\\!\\left(1, \\frac{\\tau}{\\|g\\| + 10^{-6}}\\right) \\quad \\text{(PyTorch)}, \\qquad g \\leftarrow \\frac{g}{\\max(1, \\|g\\|/\\tau)} \\quad \\text{(d2l, TF)}, \\qquad \\tau = ${texNum(c.clipTau)}`,
      ],
      meaning: clipMeaning,
    },
    {
      id: 'eq6',
      tag: '(6)',
      title: l10n.t('The LSTM cell'),
      tex: [
        `c_t = f_t \\odot c_{t-1} + i_t \\odot \\tilde{c}_t, \\qquad \\frac{\\partial c_t}{\\partial c_{t-1}} = \\operatorname{diag}(f_t), \\qquad f = \\sigma(${texNum(c.forgetBias)}) = ${texNum(f)}`,
      ],
      meaning: lstmMeaning,
    },
  ];
}

/** Each equation's title and its sentence for this matrix (for the Markdown export). */
export function meanings(model: Model, d: Derived): { readonly tag: string; readonly title: string; readonly meaning: string }[] {
  return equations(model, d).map(({ tag, title, meaning }) => ({ tag, title, meaning }));
}

export function createFormulas(): HTMLElement {
  const section = document.createElement('section');
  section.className = 'formulas';
  section.setAttribute('aria-label', l10n.t('Equations'));
  return section;
}

/** What each equation box shows now, so an unchanged equation is not typeset again. */
const drawn = new WeakMap<HTMLElement, string>();

function equationBox(e: Equation): HTMLElement {
  const box = document.createElement('article');
  box.className = 'equation';
  box.id = e.id;
  const head = document.createElement('h3');
  const tag = document.createElement('span');
  tag.className = 'tag';
  tag.textContent = e.tag;
  head.append(tag, document.createTextNode(` ${e.title}`));
  box.append(head);
  for (const tex of e.tex) {
    const math = document.createElement('div');
    math.className = 'math';
    katex.render(tex, math, KATEX_OPTIONS);
    box.append(math);
  }
  const p = document.createElement('p');
  p.className = 'meaning';
  p.textContent = e.meaning;
  box.append(p);
  return box;
}

export function renderFormulas(section: HTMLElement, model: Model, d: Derived): void {
  renderEquations(section, equations(model, d));
}

/** Typesets the equations into `section`, leaving the boxes whose content did not change. */
export function renderEquations(section: HTMLElement, eqs: readonly Equation[]): void {
  eqs.forEach((e, i) => {
    const key = JSON.stringify(e);
    const old = section.children[i] as HTMLElement | undefined;
    if (old && drawn.get(old) === key) return;
    const box = equationBox(e);
    drawn.set(box, key);
    if (old) old.replaceWith(box);
    else section.append(box);
  });
  while (section.children.length > eqs.length) section.lastElementChild?.remove();
}
