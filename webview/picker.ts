/**
 * The matrix picker: one entry per analysed tensor of the file, each with its verdict and radius
 * (a gate stack: its largest gate's), so a many-layer checkpoint can be judged before choosing.
 * Every number is already in the report: nothing is recomputed.
 */
import * as l10n from '@vscode/l10n';
import type { MatrixReport } from '../src/core/report';
import { verdictTitle } from './cards';
import { fmt } from './format';

/** ρ as the entry shows it: `ρ = 0.97`, `ρ ≤ 0.97` when unconverged, `gate g: ρ = 0.77` for a stack. */
function radiusText(m: MatrixReport): string | undefined {
  const rel = m.eigenvaluesConverged ? '=' : '≤';
  if (m.spectralRadius !== null) return `ρ ${rel} ${fmt(m.spectralRadius)}`;
  const top = (m.gates ?? []).reduce<{ gate: string; spectralRadius: number } | undefined>((a, g) => (a === undefined || g.spectralRadius > a.spectralRadius ? g : a), undefined);
  return top && l10n.t('gate {0}: {1}', top.gate, `ρ ${rel} ${fmt(top.spectralRadius)}`);
}

/** `weight_hh_l1 · Vanishing · ρ = 0.58` */
export function pickerLabel(m: MatrixReport): string {
  const name = m.name === '' ? l10n.t('(unnamed array)') : m.name;
  return [name, verdictTitle(m.verdict), radiusText(m)].filter((s) => s !== undefined).join(' · ');
}

export function fillPicker(select: HTMLElement & { value: string }, matrices: readonly MatrixReport[], selected: string): void {
  select.hidden = matrices.length < 2;
  select.replaceChildren(
    ...matrices.map((m) => {
      const o = document.createElement('vscode-option');
      o.setAttribute('value', m.name);
      o.textContent = pickerLabel(m);
      return o;
    }),
  );
  select.value = selected;
}
