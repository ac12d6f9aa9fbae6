import { strict as assert } from 'node:assert';
import { findMatrixLiterals, literalAt, literalLanguage } from '../../src/core/literals';

describe('matrix literals', () => {
  it('finds np.array and torch.tensor literals in Python, with their callee and spans', () => {
    const src = 'import numpy as np\nW = np.array([[0.5, -1.0], [2e-1, .25]])\nU = torch.tensor([[1, 0], [0, 1]], dtype=torch.float32)\n';
    const found = findMatrixLiterals(src, 'python');
    assert.equal(found.length, 2);
    const [a, b] = found;
    assert.deepEqual(a?.rows, [[0.5, -1], [0.2, 0.25]]);
    assert.equal(a?.callee, 'np.array');
    assert.equal(src.slice(a!.span.start, a!.span.end), '[[0.5, -1.0], [2e-1, .25]]');
    assert.equal(src.slice(a!.exprSpan.start, a!.exprSpan.end), 'np.array([[0.5, -1.0], [2e-1, .25]]');
    assert.equal(b?.callee, 'torch.tensor');
    assert.deepEqual(b?.rows, [[1, 0], [0, 1]]);
  });

  it('reads multi-line literals with comments between rows and a trailing comma', () => {
    const src = [
      'W_hh = [',
      '    [1.0, 2.0, 3.0],  # first row [9, 9, 9]',
      '    # [[7, 7], [7, 7]] commented out',
      '    [4.0, 5.0, 6.0],',
      '    [7.0, 8.0, -9.0],',
      ']',
    ].join('\n');
    const found = findMatrixLiterals(src, 'python');
    assert.equal(found.length, 1);
    assert.deepEqual(found[0]?.rows, [[1, 2, 3], [4, 5, 6], [7, 8, -9]]);
    assert.equal(found[0]?.callee, undefined);
  });

  it('reads TypeScript literals and ignores // and /* */ comments', () => {
    const src = [
      '// const a = [[1, 2], [3, 4]];',
      '/* const b = [[5, 6],',
      '   [7, 8]]; */',
      'const w: number[][] = [',
      '  [0.9, 0.1], // row one',
      '  /* row two */ [-0.1, 0.9],',
      '];',
    ].join('\n');
    const found = findMatrixLiterals(src, 'js');
    assert.equal(found.length, 1);
    assert.deepEqual(found[0]?.rows, [[0.9, 0.1], [-0.1, 0.9]]);
    assert.equal(src.slice(found[0]!.span.start, found[0]!.span.start + 1), '[');
    assert.ok(src.slice(found[0]!.span.start, found[0]!.span.end).endsWith(']'));
  });

  it('treats # as code in JS and // as floor division in Python', () => {
    assert.equal(findMatrixLiterals('x = 7 // 2\nW = [[1, 2], [3, 4]]', 'python').length, 1);
    assert.equal(findMatrixLiterals('class A { #w = [[1, 2], [3, 4]]; }', 'js').length, 1);
  });

  it('skips matrices inside strings, docstrings and template literals', () => {
    assert.equal(findMatrixLiterals('s = "[[1, 2], [3, 4]]"\nt = \'[[1]]\'', 'python').length, 0);
    assert.equal(findMatrixLiterals('"""\nExample: [[1, 2], [3, 4]]\n"""\n', 'python').length, 0);
    assert.equal(findMatrixLiterals('const s = `[[1, 2],\n[3, 4]]`;', 'js').length, 0);
  });

  it('rejects ragged lists, strings, names, complex numbers, empty and 1-D lists', () => {
    const notMatrices = [
      '[[1, 2], [3]]',
      '[["a", "b"], ["c", "d"]]',
      '[[x, 1], [2, 3]]',
      '[[1j, 0], [0, 1]]',
      '[[]]',
      '[]',
      '[1, 2, 3]',
      '[[1, 2], 3]',
      '[[1, 2] [3, 4]]',
      '[[1, 2], [3, 4]',
    ];
    for (const src of notMatrices) assert.deepEqual(findMatrixLiterals(src, 'python'), [], src);
  });

  it('reads the 2-D slices of a 3-D list as matrices of their own', () => {
    const found = findMatrixLiterals('[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]', 'python');
    assert.deepEqual(found.map((f) => f.rows), [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
  });

  it('keeps scanning after a failed candidate', () => {
    const found = findMatrixLiterals('a = [[1, "x"]]\nb = [[1.5e3, -2], [+3, 4_0]]', 'python');
    assert.equal(found.length, 1);
    assert.deepEqual(found[0]?.rows, [[1500, -2], [3, 40]]);
  });

  it('locates the literal under an offset, callee included', () => {
    const src = 'W = np.array([[1, 2], [3, 4]])';
    const found = findMatrixLiterals(src, 'python');
    assert.equal(literalAt(found, src.indexOf('np')), found[0]);
    assert.equal(literalAt(found, src.indexOf('3')), found[0]);
    assert.equal(literalAt(found, 0), undefined);
  });

  it('maps editor language ids', () => {
    assert.equal(literalLanguage('python'), 'python');
    assert.equal(literalLanguage('typescriptreact'), 'js');
    assert.equal(literalLanguage('json'), undefined);
  });

  it('survives an unterminated comment or string without hanging', () => {
    assert.deepEqual(findMatrixLiterals('/* [[1, 2], [3, 4]]', 'js'), []);
    assert.deepEqual(findMatrixLiterals('"""[[1, 2], [3, 4]]', 'python'), []);
    const long = '['.repeat(10000) + '1';
    assert.deepEqual(findMatrixLiterals(long, 'python'), []);
  });
});
