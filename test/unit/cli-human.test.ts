import { strict as assert } from 'node:assert';
import { formatReport, wrap, WIDTH } from '../../src/cli/human';
import { fmtNum, fmtPow10, leadingEigenvalues } from '../../src/cli/numbers';
import { ANSI, PLAIN, useColour } from '../../src/cli/style';
import type { GateReport } from '../../src/core/report';
import { analysisReport, matrixReport, trajectory } from './cliHelpers';

// eslint-disable-next-line no-control-regex
const ESC = /\x1b\[[0-9;]*m/g;

describe('cli: number formatting', () => {
  it('writes 10^l without forming it, even far beyond float64', () => {
    assert.equal(fmtPow10(Math.log10(3.2e7)), '3.2e+07');
    assert.equal(fmtPow10(1000.5), '3.2e+1000');
    assert.equal(fmtPow10(-700.25), '5.6e-701');
    assert.equal(fmtPow10(0), '1.0e+00');
    assert.equal(fmtPow10(null), '0');
  });
  it('carries a mantissa that rounds up to 10 into the exponent', () => {
    assert.equal(fmtPow10(Math.log10(9.97)), '1.0e+01');
  });
  it('trims trailing zeros and switches to exponent form for extremes', () => {
    assert.equal(fmtNum(1.1, 4), '1.1');
    assert.equal(fmtNum(2, 4), '2');
    assert.equal(fmtNum(2.5, 4), '2.5');
    assert.equal(fmtNum(0.95, 8), '0.95');
    assert.equal(fmtNum(1.234e-5, 4), '1.23e-05');
  });
  it('shows a conjugate pair once', () => {
    assert.deepEqual(leadingEigenvalues([[1.1, 0], [0.5, 0.25], [0.5, -0.25], [0.1, 0]], 3), ['1.1', '0.5 ± 0.25i', '0.1']);
  });
  it('wraps at the width with a hanging indent', () => {
    const lines = wrap('aaa bbb ccc ddd', 8, '  ');
    assert.deepEqual(lines, ['aaa bbb', '  ccc', '  ddd']);
  });
});

describe('cli: human report', () => {
  const horizon = 60;
  const exploding = matrixReport(32, 1.1, horizon);

  it('states the verdict, the asymptotic class and the growth factor over T', () => {
    const text = formatReport(analysisReport([exploding], horizon), PLAIN);
    assert.match(text, /verdict\s+EXPLODING over T = 60; ρ > 1/);
    const growth = exploding.log10GrowthAtHorizon;
    assert.ok(growth !== null);
    assert.ok(text.includes(`×${fmtPow10(growth)} over T = 60`), text);
    assert.match(text, /spectral radius ρ\s+1\.1\n/);
    assert.match(text, /rnn\.weight_hh_l0 {2}32×32 · rnn · pytorch · text/);
    assert.match(text, /leading eigenvalues\s+1\.1, 0\.5 ± 0\.25i, 0\.1/);
  });

  it('prints the eq. (2)-(4) bound and the trajectory ends', () => {
    const text = formatReport(analysisReport([exploding], horizon), PLAIN);
    const t = exploding.trajectory;
    assert.ok(text.includes(`= ${fmtPow10(t.log10Bound[0] ?? null)}`), text);
    assert.ok(text.includes(`t = T: ${fmtPow10(t.log10GradNorm[horizon - 1] ?? null)}  →  t = 1: ${fmtPow10(t.log10GradNorm[0] ?? null)}`), text);
  });

  it('fits every line in 80 columns, including clipping, tanh, LSTM, notes and gates', () => {
    const gate = (g: string, rho: number): GateReport => ({
      gate: g, spectralRadius: rho, spectralNorm: rho * 1.3, frobeniusNorm: rho * 4, eigenvalues: [[rho, 0]],
      log10PowerNorms: [0], verdict: 'vanishing', meanBias: g === 'f' ? 1 : 0,
    });
    const stack = matrixReport(16, 0.7, horizon, {
      name: 'lstm.weight_hh_l0_with_a_rather_long_name', role: 'lstm', shape: [64, 16], spectralRadius: null, spectralNorm: null,
      gates: [gate('i', 0.71), gate('f', 0.62), gate('g', 0.83), gate('o', 0.55)],
      notes: ['the forget-gate bias was read from bias_ih_l0 + bias_hh_l0 and averaged over the 16 units of the gate block; this note is long on purpose'],
      trajectory: trajectory(horizon, {
        clipping: { tau: 1, rule: 'pytorch', log10TotalNorm: 12.5, log10Coef: -12.5, log10CoefD2l: -12.5, log10GradNorm: [], directionCosine: 1, vanishedStepsUnchanged: 12, clipped: true },
        tanh: { gamma: 1, sufficientForVanishing: false, necessaryForExploding: true, seed: 1, log10GradNorm: [0.3] },
        lstm: { forgetBias: 1, forgetBiasSource: 'file', forgetGate: 0.7310585786300049, cellPathLog10: [-0.1, -8.2], fullLog10GradNorm: [-3.1],
          whatIf: [{ forgetBias: 0, forgetGate: 0.5, cellPathLog10: [-18.1] }, { forgetBias: 2, forgetGate: 0.88, cellPathLog10: [-3.3] }] },
      }),
    });
    const text = formatReport(analysisReport([exploding, stack], horizon, { skipped: [{ name: 'fc.weight', shape: [10, 64], reason: 'not square and not a gate stack' }] }), PLAIN);
    for (const line of text.split('\n')) assert.ok(line.length <= WIDTH, `${line.length} > ${WIDTH}: ${line}`);
    const flat = text.replace(/\n {3,}/g, ' ');
    assert.match(text, /gate\s+ρ\s+σ_max\s+‖W‖_F\s+verdict\s+bias\n\s+i\s+0\.71\s/);
    const order = ['i', 'f', 'g', 'o'].map((g) => text.search(new RegExp(`\\n\\s+${g}\\s+0\\.\\d+\\s`)));
    assert.deepEqual([...order].sort((a, b) => a - b), order, 'gates in stack order');
    assert.match(text, /spectral radius ρ\s+— \(gate stack/);
    assert.match(flat, /clipped: coef 3\.2e-13/);
    assert.match(flat, /12 vanished steps stay vanished/);
    assert.match(flat, /exploding is possible/);
    assert.match(flat, /b = 0 → 7\.9e-19/);
    assert.match(text, /other tensors in the file \(not analysed\):\n {2}fc\.weight \[10×64\]: not square/);
  });

  it('names a GRU stack’s update-gate path and the cell gain, not ‖W^k‖', () => {
    const gate = (g: string): GateReport => ({ gate: g, spectralRadius: 0.5, spectralNorm: 0.7, frobeniusNorm: 1.3, eigenvalues: [[0.5, 0]], log10PowerNorms: [0], verdict: 'vanishing' });
    const gru = matrixReport(8, 0.8, horizon, {
      name: 'gru.weight_hh_l0', role: 'gru', shape: [24, 8], spectralRadius: null, spectralNorm: null,
      gates: [gate('r'), gate('z'), gate('n')],
      trajectory: trajectory(horizon, { log10Bound: [], lstm: { forgetBias: 0.1, forgetBiasSource: 'file', gate: 'z', forgetGate: 0.525, cellPathLog10: [-16.5], fullLog10GradNorm: [0.08] } }),
    });
    const flat = formatReport(analysisReport([gru], horizon), PLAIN).replace(/\n {3,}/g, ' ');
    assert.match(flat, /verdict +VANISHING over T = 60; the cell’s per-step gain is < 1/);
    assert.match(flat, /peak gain over k +1\.0e\+00 at k = 0/);
    assert.match(flat, /BPTT \(seeded cell\)/);
    assert.match(flat, /GRU z path +update-gate bias b = 0\.1 \(file\), z = σ\(b\) = 0\.525; direct path ‖∏ diag\(z_k\)‖ over T: 3\.2e-17; full GRU ‖dL\/dh_1‖ = 1\.2e\+00/);
    assert.ok(!flat.includes('‖W^k‖') && !flat.includes('LSTM') && !flat.includes('bound eq.'), flat);
  });

  it('colours only with the ANSI style, and the text is otherwise identical', () => {
    const r = analysisReport([exploding], horizon);
    const plain = formatReport(r, PLAIN);
    const coloured = formatReport(r, ANSI);
    assert.ok(!ESC.test(plain));
    assert.ok(coloured.includes('\x1b[1;31mEXPLODING\x1b[0m'));
    assert.equal(coloured.replace(ESC, ''), plain);
  });

  it('uses colour for a TTY without NO_COLOR only', () => {
    assert.equal(useColour(true, {}), true);
    assert.equal(useColour(false, {}), false);
    assert.equal(useColour(undefined, {}), false);
    assert.equal(useColour(true, { NO_COLOR: '1' }), false);
  });
});
