import { strict as assert } from 'node:assert';
import { fromRows, toRows, transpose } from '../../src/core/matrix';
import type { AnalysisReport, MatrixReport } from '../../src/core/report';
import type { NamedMatrix, WeightFile } from '../../src/core/weightFile';
import { fmt4, isNotAWeightsFile, matrixFindings, pow10, refusalFinding } from '../../src/extension/pure/findings';
import { codeSpan, commandHref, gaveUpMarkdown, hoverMarkdown, lensTitle } from '../../src/extension/pure/hoverText';
import { gaveUpFinding, gaveUpMessage, partialLines } from '../../src/extension/pure/gaveUpText';
import type { PartialReport } from '../../src/core/progress';
import { rescaledCopy, rescaledName } from '../../src/extension/pure/rescaledCopy';

/** A report with only the fields the editor reads filled in meaningfully. */
function report(over: Partial<MatrixReport>): MatrixReport {
  return {
    name: 'W_hh',
    role: 'rnn',
    layout: 'pytorch',
    dtype: 'text',
    shape: [2, 2],
    spectralRadius: 1.0431,
    spectralNorm: 1.2,
    frobeniusNorm: 1.5,
    eigenvalues: [],
    eigenvaluesConverged: true,
    singularValues: [],
    log10PowerNorms: [],
    powerNormMethod: { method: 'exact', maxLog10Error: 0, note: '' },
    peakPowerNorm: { k: 100, log10: 1.92 },
    verdict: 'exploding',
    asymptotic: 'exploding',
    log10GrowthAtHorizon: Math.log10(83),
    trajectory: { T: 100, lossAt: 'every-step', upstream: 'default', log10GradNorm: [], log10Bound: [] },
    notes: [],
    scale: 1,
    ...over,
  };
}

describe('editor findings', () => {
  it('formats growth factors without forming the power, carrying 9.96 into the exponent', () => {
    assert.equal(pow10(Math.log10(83)), '8.3e+01');
    assert.equal(pow10(Math.log10(9.96)), '1.0e+01');
    assert.equal(pow10(-5.8146), '1.5e-06');
    assert.equal(pow10(1234.5), '3.2e+1234');
    assert.equal(pow10(null), '0');
    assert.equal(fmt4(1.04312), '1.043');
    assert.equal(fmt4(2e-7), '2.000e-07');
  });

  it('words each verdict with its numbers', () => {
    assert.deepEqual(matrixFindings(report({}), 100, false), [
      { kind: 'exploding', matrix: 'W_hh', message: 'ρ = 1.043: gradients grow ×8.3e+01 over T = 100' },
    ]);
    const v = matrixFindings(report({ verdict: 'vanishing', spectralRadius: 0.8, log10GrowthAtHorizon: -9.7 }), 100, true);
    assert.equal(v[0]?.message, 'W_hh: ρ = 0.800: gradients shrink ×2.0e-10 over T = 100');
    const t = matrixFindings(report({ verdict: 'transient-growth', spectralRadius: 0.9, peakPowerNorm: { k: 9, log10: Math.log10(23) } }), 60, false);
    assert.equal(t[0]?.kind, 'transientGrowth');
    assert.match(t[0]?.message ?? '', /^ρ = 0\.900 < 1, yet ‖W\^k‖ peaks at ×2\.3e\+01 at k = 9/);
    assert.deepEqual(matrixFindings(report({ verdict: 'stable' }), 60, false), []);
  });

  it('adds the tanh condition only when σ_max < 1/γ guarantees vanishing', () => {
    const tanh = (sufficientForVanishing: boolean) => ({ gamma: 1, sufficientForVanishing, necessaryForExploding: !sufficientForVanishing, seed: 1, log10GradNorm: [] });
    const base = report({ verdict: 'vanishing', spectralRadius: 0.5, spectralNorm: 0.7 });
    const yes = matrixFindings({ ...base, trajectory: { ...base.trajectory, tanh: tanh(true) } }, 60, false);
    assert.deepEqual(yes.map((f) => f.kind), ['vanishing', 'tanhCondition']);
    assert.match(yes[1]?.message ?? '', /^σ_max = 0\.7 < 1\/γ = 1: with tanh/);
    const no = matrixFindings({ ...base, trajectory: { ...base.trajectory, tanh: tanh(false) } }, 60, false);
    assert.deepEqual(no.map((f) => f.kind), ['vanishing']);
  });

  it('quotes the largest gate for a gate stack', () => {
    const stack = report({
      role: 'lstm',
      spectralRadius: null,
      spectralNorm: null,
      gates: [
        { gate: 'i', spectralRadius: 0.5, spectralNorm: 0.6, frobeniusNorm: 1, eigenvalues: [], log10PowerNorms: [], verdict: 'vanishing' },
        { gate: 'f', spectralRadius: 1.2, spectralNorm: 1.3, frobeniusNorm: 1, eigenvalues: [], log10PowerNorms: [], verdict: 'exploding' },
      ],
    });
    assert.equal(matrixFindings(stack, 60, false)[0]?.message, 'gate f: ρ = 1.200: gradients grow ×8.3e+01 over T = 60');
    assert.equal(lensTitle(stack), 'f: ρ 1.20 · exploding · Analyze');
  });

  it('sorts refusals into non-finite and unreadable, and spots files with no matrix at all', () => {
    assert.equal(refusalFinding('NaN is not valid JSON; the analysis needs finite entries').kind, 'nonFinite');
    assert.equal(refusalFinding('"abc" is not a number').kind, 'unreadable');
    assert.ok(isNotAWeightsFile('no square matrix or gate stack to analyse; found no numeric arrays'));
    assert.ok(!isNotAWeightsFile('the JSON ends early (a truncated file?)'));
  });
});

describe('editor: did not converge and gave up', () => {
  const partial: PartialReport = {
    tool: 'rnn-gradient-lens',
    incomplete: true,
    file: 'w.json',
    horizon: 60,
    activity: 'power-norms',
    activityMatrix: 'W_[hh]',
    matrices: [
      { name: 'W_ok', role: 'rnn', shape: [2, 2], complete: true, stages: ['spectrum', 'power-norms', 'norms', 'trajectory'], spectralRadius: 0.5, spectralNorm: 0.6, frobeniusNorm: 0.7, verdict: 'vanishing' },
      { name: 'W_[hh]', role: 'rnn', shape: [2, 2], complete: false, stages: ['spectrum'], spectralRadius: 1.25, eigenvaluesConverged: true },
    ],
  };

  it('finds "did not converge" where the report says so, and shows it in the hover and the lens', () => {
    const m = report({ eigenvaluesConverged: false, spectralRadius: 1.5 });
    const f = matrixFindings(m, 100, false).find((x) => x.kind === 'notConverged');
    assert.equal(f?.message, 'the eigenvalue iteration did not converge: ρ ≤ 1.5 is an upper bound, not the spectral radius');
    assert.equal(matrixFindings(report({}), 100, false).find((x) => x.kind === 'notConverged'), undefined);
    assert.match(hoverMarkdown(m, 100, []), /\*\*did not converge\*\*/);
    assert.equal(lensTitle(m), 'ρ ≤ 1.50 · did not converge · exploding · Analyze');
    assert.equal(lensTitle(report({})), 'ρ 1.04 · exploding · Analyze');
  });

  it('says what a give-up was computing, with the numbers it had', () => {
    assert.equal(gaveUpMessage('5', partial), 'analysis gave up after 5 s while computing ‖W^k‖ (the power norms) of W_[hh]');
    assert.equal(gaveUpMessage('5', undefined), 'analysis gave up after 5 s');
    assert.equal(gaveUpMessage('0.5', { ...partial, activity: 'reading', matrices: [] }), 'analysis gave up after 0.5 s while reading the file');
    assert.deepEqual(partialLines(partial), ['W_ok (complete): ρ = 0.5, σ_max = 0.6, ‖W‖_F = 0.7', 'W_[hh] (incomplete): ρ = 1.25']);
    const lines = partialLines({ ...partial, matrices: [{ ...partial.matrices[1]!, eigenvaluesConverged: false }] });
    assert.deepEqual(lines, ['W_[hh] (incomplete): ρ ≤ 1.25 (did not converge)']);
    const finding = gaveUpFinding({ budgetMs: 5000, seconds: '5', partial });
    assert.equal(finding.kind, 'gaveUp');
    assert.match(finding.message, /^analysis gave up after 5 s while computing .* computed so far: W_ok \(complete\).*; W_\[hh\] \(incomplete\): ρ = 1\.25 \(setting rnnGradientLens\.timeBudget\.hoverSeconds\)$/);
  });

  it('escapes file text in the give-up hover and keeps only the given links', () => {
    const md = gaveUpMarkdown({ budgetMs: 5000, seconds: '5', partial }, [{ title: 'Open analysis', href: 'command:x' }]);
    assert.match(md, /W\\_\\\[hh\\\]/, 'brackets and underscores in names are inert');
    assert.match(md, /Computed before it stopped \(incomplete\):/);
    assert.equal((md.match(/\]\(/g) ?? []).length, 1, 'one link: the one given');
  });
});

describe('editor hover text', () => {
  it('shows names as inert code spans and links only as given', () => {
    assert.equal(codeSpan('a`b\nc'), "`a'b c`");
    const md = hoverMarkdown(report({ name: '[x](command:evil) <b>' }), 100, [{ title: 'Open analysis', href: commandHref('rnnGradientLens.analyzeFile', ['u']) }]);
    assert.ok(md.startsWith('**`[x](command:evil) <b>`** · 2×2 · rnn · **exploding**'), md);
    assert.match(md, /- ρ \(spectral radius\): 1\.043\n- σ_max \(spectral norm\): 1\.2\n- growth over T = 100: ‖W\^T‖ = 8\.3e\+01/);
    assert.ok(md.endsWith(`[Open analysis](command:rnnGradientLens.analyzeFile?${encodeURIComponent('["u"]')})`));
  });
});

describe('rescaled copy', () => {
  const named = (name: string, rows: number[][], layout: 'pytorch' | 'keras'): NamedMatrix => {
    const stored = fromRows(rows);
    return { name, shape: [stored.rows, stored.cols], matrix: layout === 'keras' ? transpose(stored) : stored, role: 'rnn', layout, dtype: 'text', score: 1 };
  };
  const rep = (names: [string, number][]): AnalysisReport =>
    ({ matrices: names.map(([name, rho]) => report({ name, spectralRadius: rho })) }) as unknown as AnalysisReport;

  it('scales each matrix to the target radius under its own name, Keras kernels as stored', () => {
    const file: WeightFile = {
      format: 'json',
      matrices: [named('a', [[2, 0], [0, 1]], 'pytorch'), named('k', [[0, 4], [1, 0]], 'keras')],
      others: [],
    };
    const copy = rescaledCopy(file, rep([['a', 2], ['k', 2]]), 0.99);
    const out = JSON.parse(copy.json) as Record<string, number[][]>;
    assert.deepEqual(out.a, [[0.99, 0], [0, 0.495]]);
    assert.deepEqual(out.k, toRows(fromRows([[0, 1.98], [0.495, 0]])), 'the stored (untransposed) orientation');
    assert.deepEqual(copy.scaled.map((s) => [s.name, s.factor]), [['a', 0.495], ['k', 0.495]]);
  });

  it('skips a nilpotent matrix and keeps only the chosen names', () => {
    const file: WeightFile = { format: 'json', matrices: [named('', [[0, 1], [0, 0]], 'pytorch'), named('b', [[3, 0], [0, 3]], 'pytorch')], others: [] };
    assert.deepEqual(rescaledCopy(file, rep([['', 0], ['b', 3]]), 0.99).scaled.map((s) => s.name), ['b']);
    assert.deepEqual(rescaledCopy(file, rep([['', 0], ['b', 3]]), 0.99, ['']).scaled, []);
    assert.equal(rescaledName('weights.npy'), 'weights.rescaled.json');
    assert.equal(rescaledName('.hidden'), '.hidden.rescaled.json');
  });
});
