import { strict as assert } from 'node:assert';
import { gaussianData } from '../../src/core/random';
import { hessenbergInPlace } from '../../src/core/linalg/hessenberg';
import { hessenbergBlocked } from '../../src/core/linalg/hessenbergBlocked';
import { frobeniusNorm } from '../../src/core/linalg';
import { simdKernels, simdMatrix } from '../../src/core/linalg/simdKernels';
import { NB } from '../../src/core/linalg/tuning';

type Path = 'kernel memory' | 'ordinary array (spare copy)' | 'TypeScript loops';

/** h reduced along one path (blocked from 2 NB, the smallest size the panels take). */
function reduce(a: Float64Array, n: number, path: Path): Float64Array {
  if (path === 'kernel memory') {
    const h = simdMatrix(n);
    h.set(a);
    hessenbergBlocked(h, n, 2 * NB);
    return Float64Array.from(h);
  }
  const h = Float64Array.from(a);
  hessenbergBlocked(h, n, 2 * NB, path !== 'TypeScript loops');
  return h;
}

const maxDiff = (x: Float64Array, y: Float64Array): number => x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!)), 0);
const trace = (a: Float64Array, n: number): number => {
  let t = 0;
  for (let i = 0; i < n; i++) t += a[i * n + i]!;
  return t;
};
/** trace(A^2) = sum of the squared eigenvalues, kept by any similarity. */
const traceOfSquare = (a: Float64Array, n: number): number => {
  let t = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t += a[i * n + j]! * a[j * n + i]!;
  return t;
};

/** Structured inputs: the reflectors of some columns are the identity (tau = 0) or tiny. */
function structured(kind: string, n: number): Float64Array {
  const a = gaussianData(n, n, 40 + n);
  if (kind === 'zero columns') for (let i = 0; i < n; i++) for (const j of [0, 5, NB - 1, NB, NB + 1]) a[i * n + j] = 0;
  if (kind === 'already Hessenberg') for (let i = 2; i < n; i++) a.fill(0, i * n, i * n + i - 1);
  if (kind === 'diagonal') for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) a[i * n + j] = 0;
  if (kind === 'graded') for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j]! *= 2 ** (-(i + j) / 4);
  return a;
}

describe('linalg: the blocked Hessenberg reduction on every path', () => {
  it('has the kernels on this engine (so the kernel paths below are exercised)', () => {
    assert.ok(simdKernels());
  });

  // Sizes around panel boundaries: the last panel is narrower than NB, or one or two columns wide.
  for (const n of [32, 33, 34, 35, 47, 48, 49, 64, 65, 66, 67, 95, 96, 97, 98, 99, 127, 128, 129, 130, 131, 161, 200]) {
    it(`n=${n}: all three paths give the plain reduction's matrix, Hessenberg, with A's trace and ||A||_F`, () => {
      const a = gaussianData(n, n, 1300 + n);
      const plain = Float64Array.from(a);
      hessenbergInPlace(plain, n);
      const fa = frobeniusNorm({ rows: n, cols: n, data: a });
      for (const path of ['kernel memory', 'ordinary array (spare copy)', 'TypeScript loops'] as const) {
        const h = reduce(a, n, path);
        assert.ok(maxDiff(h, plain) <= 1e-12 * fa, `${path}: max difference ${maxDiff(h, plain)}`);
        for (let i = 2; i < n; i++) for (let j = 0; j < i - 1; j++) assert.equal(h[i * n + j], 0, `${path}: (${i}, ${j})`);
        assert.ok(Math.abs(frobeniusNorm({ rows: n, cols: n, data: h }) - fa) <= 1e-13 * fa, path);
        assert.ok(Math.abs(trace(h, n) - trace(a, n)) <= 1e-12 * fa, path);
      }
    });
  }

  for (const kind of ['zero columns', 'already Hessenberg', 'diagonal', 'graded']) {
    it(`${kind} (n=133): the kernel paths give a Hessenberg similar matrix (trace, trace of the square, ||A||_F)`, () => {
      const n = 133;
      const a = structured(kind, n);
      const fa = frobeniusNorm({ rows: n, cols: n, data: a });
      for (const path of ['kernel memory', 'ordinary array (spare copy)'] as const) {
        const h = reduce(a, n, path);
        for (let i = 2; i < n; i++) for (let j = 0; j < i - 1; j++) assert.equal(h[i * n + j], 0, `${path}: (${i}, ${j})`);
        assert.ok(Math.abs(frobeniusNorm({ rows: n, cols: n, data: h }) - fa) <= 1e-13 * fa, path);
        assert.ok(Math.abs(trace(h, n) - trace(a, n)) <= 1e-12 * fa, path);
        assert.ok(Math.abs(traceOfSquare(h, n) - traceOfSquare(a, n)) <= 1e-12 * fa * fa, path);
        // With several zero columns the reduction meets columns of rounding-error size, whose
        // reflectors are arbitrary, so only the invariants above are compared there.
        if (kind === 'zero columns') continue;
        const plain = Float64Array.from(a);
        hessenbergInPlace(plain, n);
        assert.ok(maxDiff(h, plain) <= 1e-12 * fa, `${path}: max difference ${maxDiff(h, plain)}`);
        if (kind !== 'graded') assert.ok(maxDiff(h, a) <= 1e-15 * fa, `${path}: a Hessenberg input is left as it is`);
      }
    });
  }

  it('reducing an ordinary array leaves the current kernel-memory matrix as it was', () => {
    const held = simdMatrix(150);
    held.set(gaussianData(150, 150, 9));
    const before = Float64Array.from(held);
    const other = gaussianData(300, 300, 10);
    hessenbergBlocked(other, 300);
    assert.deepEqual(held, before);
    for (let i = 2; i < 300; i++) for (let j = 0; j < i - 1; j++) assert.equal(other[i * 300 + j], 0);
  });
});
