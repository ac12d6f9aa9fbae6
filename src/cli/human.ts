/**
 * The default, human-readable rendering of an AnalysisReport: aligned label/value lines that fit
 * an 80-column terminal (long values wrap under their value column).
 */
import type { AnalysisReport, AsymptoticClass, GateReport, MatrixReport, SparseSummary, TrajectoryReport } from '../core/report';
import { fmtFactor, fmtNum, fmtPow10, leadingEigenvalues } from './numbers';
import { PLAIN, type Style } from './style';
import { formatRecurrences } from './recurrences';

export const WIDTH = 80;
const INDENT = '  ';
const LABEL_WIDTH = 22;

/** Greedy word wrap: the first line gets `width` columns, the others `width - hang.length` after `hang`. */
export function wrap(text: string, width: number, hang: string): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(' ')) {
    const limit = lines.length === 0 ? width : width - hang.length;
    if (cur !== '' && cur.length + 1 + word.length > limit) {
      lines.push(cur);
      cur = word;
    } else {
      cur = cur === '' ? word : `${cur} ${word}`;
    }
  }
  lines.push(cur);
  return lines.map((l, i) => (i === 0 ? l : hang + l));
}

/** `  label ........ value`, the value wrapped under itself. `paint` styles the value only. */
function field(label: string, value: string, paint: (s: string) => string = (s) => s): string[] {
  const head = INDENT + label.padEnd(LABEL_WIDTH);
  const hang = ' '.repeat(head.length);
  return wrap(value, WIDTH - head.length, '').map((l, i) => (i === 0 ? head + paint(l) : hang + paint(l)));
}

/** A free sentence (notes, skipped tensors), continuation lines indented two more columns. */
function sentence(text: string, indent = INDENT): string[] {
  return wrap(text, WIDTH - indent.length, '  ').map((l) => indent + l);
}

const ASYMPTOTIC: Record<AsymptoticClass, string> = {
  vanishing: 'ρ < 1: ‖W^k‖ → 0 as k → ∞',
  exploding: 'ρ > 1: ‖W^k‖ → ∞ as k → ∞',
  marginal: 'ρ ≈ 1: no geometric growth or decay as k → ∞',
};

/** For a gate stack the class comes from the seeded cell's per-step gain, not from a ρ. */
const ASYMPTOTIC_STACK: Record<AsymptoticClass, string> = {
  vanishing: 'the cell’s per-step gain is < 1',
  exploding: 'the cell’s per-step gain is > 1',
  marginal: 'the cell’s per-step gain is ≈ 1',
};

function verdictWord(v: MatrixReport['verdict']): string {
  return v === 'transient-growth' ? 'TRANSIENT GROWTH' : v.toUpperCase();
}

function gatesTable(gates: readonly GateReport[], st: Style): string[] {
  const head = ['gate', 'ρ', 'σ_max', '‖W‖_F', 'verdict', 'bias'];
  const rows = gates.map((g) => [
    g.gate,
    fmtNum(g.spectralRadius, 6),
    fmtNum(g.spectralNorm, 6),
    fmtNum(g.frobeniusNorm, 6),
    g.verdict,
    g.meanBias === undefined ? '' : fmtNum(g.meanBias, 3),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => INDENT + INDENT + cells.map((x, c) => x.padEnd(widths[c] ?? 0)).join('  ').trimEnd();
  return [
    st.dim(line(head)),
    ...rows.map((r, i) => {
      const g = gates[i];
      const text = line(r);
      return g ? text.replace(g.verdict, st.verdict(g.verdict, g.verdict)) : text;
    }),
  ];
}

function trajectoryLines(t: TrajectoryReport, seed: number | undefined, sigmaMax: number | null, stack: boolean): string[] {
  const first = t.log10GradNorm[0] ?? null;
  const last = t.log10GradNorm[t.T - 1] ?? null;
  const bound = t.log10Bound[0] ?? null;
  const source = t.upstream === 'given' ? 'given dL/do (--upstream)' : `default dL/do${seed === undefined ? '' : ` (seed ${seed})`}`;
  const lossAt = t.lossAt === 'every-step' ? 'loss at every step' : 'loss at the last step';
  const out = [
    ...field(stack ? 'BPTT (seeded cell)' : 'BPTT (eq. 1)', `T = ${t.T}, ${lossAt}, ${source}`),
    ...field('‖dL/dh_t‖', `t = T: ${fmtPow10(last)}  →  t = 1: ${fmtPow10(first)}`),
  ];
  // An all-null bound means "not defined here" (gate stacks); a real bound is never all zero (its k = t term is ‖dL/do_t‖).
  if (t.log10Bound.some((x) => x !== null)) {
    const norm = sigmaMax === null ? '' : ` with ‖W‖ = σ_max = ${fmtNum(sigmaMax)}, ‖W_qh‖ = 1 (identity)`;
    out.push(...field('bound eq. (2)-(4)', `‖dL/dh_1‖ ≤ Σ_k ‖W‖^(k−1)·‖W_qh‖·‖dL/do_k‖ = ${fmtPow10(bound)}${norm}`));
  }
  const c = t.clipping;
  if (c) {
    const state = c.clipped ? `clipped: coef ${fmtPow10(c.log10Coef)} (d2l/TF form ${fmtPow10(c.log10CoefD2l)})` : 'below τ, not clipped';
    out.push(
      ...field(
        `clipping (eq. 5)`,
        `τ = ${fmtNum(c.tau)}, PyTorch clip_grad_norm_: ‖∇W_hh‖ = ${fmtPow10(c.log10TotalNorm)}, ${state}; ` +
          `direction kept (cos ${c.directionCosine.toFixed(6)}); ${c.vanishedStepsUnchanged} vanished steps stay vanished`,
      ),
    );
  }
  const th = t.tanh;
  if (th) {
    const cond = th.sufficientForVanishing
      ? `σ_max < 1/γ = ${fmtNum(1 / th.gamma)}: vanishing is guaranteed`
      : th.necessaryForExploding
        ? `σ_max > 1/γ = ${fmtNum(1 / th.gamma)}: exploding is possible`
        : `σ_max = 1/γ: on the boundary`;
    const tf = th.log10GradNorm[0] ?? null;
    out.push(...field(`tanh RNN (γ = ${fmtNum(th.gamma)})`, `${cond}; seeded forward pass gives ‖dL/dh_1‖ = ${fmtPow10(tf)}`));
  }
  const l = t.lstm;
  if (l) {
    // Index 0 is t = 1: the product over the whole horizon, like ‖dL/dh_1‖.
    const cell = l.cellPathLog10[0] ?? null;
    // A GRU's direct path runs through its update gate z instead of an LSTM's forget gate f.
    const gru = l.gate === 'z';
    const [label, bias, g, cellName] = gru ? ['GRU z path', 'update-gate bias', 'z', 'GRU'] : ['LSTM (eq. 6)', 'forget bias', 'f', 'LSTM'];
    out.push(
      ...field(
        label,
        `${bias} b = ${fmtNum(l.forgetBias)} (${l.forgetBiasSource}), ${g} = σ(b) = ${fmtNum(l.forgetGate)}; ` +
          `${gru ? 'direct' : 'cell'} path ‖∏ diag(${g}_k)‖ over T: ${fmtPow10(cell)}` +
          (l.fullLog10GradNorm ? `; full ${cellName} ‖dL/dh_1‖ = ${fmtPow10(l.fullLog10GradNorm[0] ?? null)}` : ''),
      ),
    );
    if (l.whatIf && l.whatIf.length > 0) {
      const items = l.whatIf.map((w) => `b = ${fmtNum(w.forgetBias)} → ${fmtPow10(w.cellPathLog10[0] ?? null)}`);
      out.push(...field('LSTM what-if', `cell path over T with ${items.join(', ')}`));
    }
  }
  return out;
}

/** nnz, density and how the eigenvalues were found, for a matrix read as sparse. */
function sparseLine(sp: SparseSummary): string {
  const head = `${sp.nnz} stored entries (density ${sp.density.toExponential(1)})`;
  if (sp.method === 'dense') return `${head}; small enough for the dense solver (all eigenvalues)`;
  if (sp.method === 'triangular') return `${head}; triangular up to a permutation: the eigenvalues are the diagonal entries, exactly`;
  const state = sp.converged ? `converged, residual ${(sp.residual ?? 0).toExponential(1)}` : 'NOT converged';
  return `${head}; ρ by Krylov–Schur (largest eigenvalues only, ${sp.products} products, ${sp.restarts} restarts): ${state}`;
}

/** One matrix's section. */
export function formatMatrix(m: MatrixReport, horizon: number, st: Style = PLAIN, seed?: number): string[] {
  const name = m.name === '' ? '(the file’s matrix)' : m.name;
  const out: string[] = [];
  out.push(st.bold(name) + st.dim(`  ${m.shape[0]}×${m.shape[1]} · ${m.role} · ${m.layout} · ${m.dtype}`));
  const stack = m.gates !== undefined && m.gates.length > 0;
  const asymptotic = (stack ? ASYMPTOTIC_STACK : ASYMPTOTIC)[m.asymptotic];
  const why = m.verdict === 'uncertain' ? ` (‖W^k‖ is bounded within ±${m.powerNormMethod.maxLog10Error.toPrecision(2)} in log10 and that interval straddles a threshold)` : '';
  out.push(...field('verdict', `${verdictWord(m.verdict)} over T = ${horizon}${why}; ${asymptotic}`, (s) => s.replace(verdictWord(m.verdict), st.verdict(m.verdict, verdictWord(m.verdict)))));
  const rho = m.spectralRadius === null ? '— (gate stack: see the gates)' : fmtNum(m.spectralRadius, 8);
  const unconverged = m.sparse?.method === 'krylov-schur' ? ' (Krylov–Schur did not converge: see notes)' : ' (QR did not converge: see notes)';
  out.push(...field('spectral radius ρ', rho + (m.eigenvaluesConverged ? '' : unconverged)));
  if (m.sparse !== undefined) out.push(...field('sparse', sparseLine(m.sparse)));
  out.push(...field('spectral norm σ_max', m.spectralNorm === null ? '— (gate stack)' : fmtNum(m.spectralNorm, 8)));
  out.push(...field('Frobenius ‖W‖_F', fmtNum(m.frobeniusNorm, 8)));
  if (m.eigenvalues.length > 0) out.push(...field('leading eigenvalues', leadingEigenvalues(m.eigenvalues, 4).join(', ')));
  // For a stack the power-norm series is the seeded cell's end-to-end gain over k steps.
  const [peakLabel, growthLabel] = stack ? ['peak gain over k', 'gain over T'] : ['peak ‖W^k‖', 'growth ‖W^T‖'];
  out.push(...field(peakLabel, `${fmtPow10(m.peakPowerNorm.log10)} at k = ${m.peakPowerNorm.k}` + (m.powerNormMethod.method === 'exact' ? '' : ` (${m.powerNormMethod.note})`)));
  out.push(...field(growthLabel, `${fmtFactor(m.log10GrowthAtHorizon)} over T = ${horizon}`));
  if (m.scale !== 1) out.push(...field('what-if scale', `W multiplied by ${fmtNum(m.scale)} before analysis`));
  if (m.gates && m.gates.length > 0) {
    out.push(INDENT + 'gates (stack order)');
    out.push(...gatesTable(m.gates, st));
  }
  out.push(...trajectoryLines(m.trajectory, seed, m.spectralNorm, stack));
  for (const note of m.notes) out.push(...sentence(`note: ${note}`));
  return out;
}

/** The whole report as printed by `rnn-gradient-lens analyze FILE`. */
export function formatReport(r: AnalysisReport, st: Style = PLAIN, seed?: number): string {
  const layers = r.recurrences.length;
  const count = `${r.matrices.length} ${r.matrices.length === 1 ? 'matrix' : 'matrices'}` + (layers > 0 ? `, ${layers} recurrent ${layers === 1 ? 'layer' : 'layers'}` : '');
  const out: string[] = [st.bold(r.file) + st.dim(`  (${r.format}, ${count}, horizon T = ${r.horizon})`)];
  for (const note of r.notes ?? []) out.push(...sentence(`note: ${note}`));
  for (const m of r.matrices) out.push('', ...formatMatrix(m, r.horizon, st, seed));
  const recurrences = formatRecurrences(r, st, WIDTH);
  if (recurrences.length > 0) out.push('', ...recurrences);
  if (r.skipped.length > 0) {
    out.push('', st.dim('other tensors in the file (not analysed):'));
    for (const s of r.skipped) out.push(...sentence(`${s.name} [${s.shape.join('×')}]: ${s.reason}`));
  }
  return out.join('\n') + '\n';
}
