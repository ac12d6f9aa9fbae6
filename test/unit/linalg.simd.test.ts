import { strict as assert } from 'node:assert';
import { gaussianData } from '../../src/core/random';
import { hessenbergBlocked } from '../../src/core/linalg/hessenbergBlocked';
import { eigenvalues, frobeniusNorm, sortEigenvalues } from '../../src/core/linalg';
import { francisQR } from '../../src/core/linalg/francis';
import { multishiftQR } from '../../src/core/linalg/multishift';
import { simdKernels, simdMatrix } from '../../src/core/linalg/simdKernels';
import { applyWindowTransform } from '../../src/core/linalg/aedUpdate';

/** Runs `solve` on a copy of h in ordinary memory and on one in the SIMD kernels' memory. */
function bothMemories(h: Float64Array, n: number, solve: (m: Float64Array, wr: Float64Array, wi: Float64Array) => boolean): {
  plain: Float64Array; simd: Float64Array; plainEig: [Float64Array, Float64Array]; simdEig: [Float64Array, Float64Array];
} {
  const plain = Float64Array.from(h);
  const simd = simdMatrix(n);
  simd.set(h);
  const pe: [Float64Array, Float64Array] = [new Float64Array(n), new Float64Array(n)];
  const se: [Float64Array, Float64Array] = [new Float64Array(n), new Float64Array(n)];
  assert.equal(solve(plain, pe[0], pe[1]), true);
  assert.equal(solve(simd, se[0], se[1]), true);
  return { plain, simd: Float64Array.from(simd), plainEig: pe, simdEig: se };
}

describe('linalg: two-lane WebAssembly kernels', () => {
  it('are available on this engine (so the tests below exercise them)', () => {
    assert.ok(simdKernels(), 'WebAssembly SIMD kernels failed to assemble or instantiate');
  });

  for (const n of [97, 130, 257, 331]) {
    it(`n=${n}: the blocked Hessenberg reduction gives the same matrix with and without the kernels (odd and even sizes)`, () => {
      const a = gaussianData(n, n, 900 + n);
      const plain = Float64Array.from(a);
      const simd = simdMatrix(n);
      simd.set(a);
      hessenbergBlocked(plain, n, 64, false);
      hessenbergBlocked(simd, n, 64);
      const fa = frobeniusNorm({ rows: n, cols: n, data: a });
      let diff = 0;
      for (let i = 0; i < n * n; i++) diff = Math.max(diff, Math.abs(plain[i]! - simd[i]!));
      assert.ok(diff <= 1e-13 * fa, `max entry difference ${diff}`);
      for (let i = 2; i < n; i++) for (let j = 0; j < i - 1; j++) assert.equal(simd[i * n + j], 0);
    });
  }

  for (const [nw, r0, c0] of [[37, 5, 200], [96, 0, 204], [2, 3, 100]] as const) {
    it(`the AED window transform (rows ${r0}..${c0 - 1}, window ${nw}) is the plain product, odd sizes included`, () => {
      const n = 300;
      const a = gaussianData(n, n, 5000 + nw);
      const zt = gaussianData(nw, nw, 6000 + nw);
      const h = simdMatrix(n);
      h.set(a);
      applyWindowTransform(h, n, r0, c0, zt, nw);
      let worst = 0;
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) {
        let want = a[r * n + c]!;
        if (r >= r0 && r < c0 && c >= c0 && c < c0 + nw) {
          want = 0;
          for (let p = 0; p < nw; p++) want += a[r * n + c0 + p]! * zt[(c - c0) * nw + p]!;
        }
        worst = Math.max(worst, Math.abs(h[r * n + c]! - want));
      }
      assert.ok(worst <= 1e-12, `largest difference ${worst}`);
    });
  }

  for (const [n, seed] of [[97, 1], [330, 2], [401, 3]] as const) {
    it(`n=${n}: the Francis sweeps give the same matrix and eigenvalues with and without the kernels`, () => {
      const h = gaussianData(n, n, 300 + seed);
      hessenbergBlocked(h, n, 64);
      const fa = frobeniusNorm({ rows: n, cols: n, data: h });
      // Forty sweeps, converged or not: the matrices after them are compared.
      const r = bothMemories(h, n, (m, wr, wi) => {
        francisQR(m, n, wr, wi, { maxIterations: 40 });
        return true;
      });
      let diff = 0;
      for (let i = 0; i < n * n; i++) diff = Math.max(diff, Math.abs(r.plain[i]! - r.simd[i]!));
      // Same operations in the same order: equal to rounding (in practice bit for bit).
      assert.ok(diff <= 1e-13 * fa, `max entry difference ${diff}`);
    });
  }

  it('n=600: multishift QR with AED agrees with and without the kernels, and the sum is the trace', () => {
    const n = 600;
    const a = gaussianData(n, n, 77);
    const h = Float64Array.from(a);
    hessenbergBlocked(h, n);
    const r = bothMemories(h, n, (m, wr, wi) => multishiftQR(m, n, wr, wi).converged);
    for (const e of [r.plainEig, r.simdEig]) sortEigenvalues(e[0], e[1]);
    const fa = frobeniusNorm({ rows: n, cols: n, data: a });
    for (let i = 0; i < n; i++) {
      const d = Math.hypot(r.plainEig[0][i]! - r.simdEig[0][i]!, r.plainEig[1][i]! - r.simdEig[1][i]!);
      assert.ok(d <= 1e-10 * fa, `λ${i} differs by ${d}`);
    }
    let tr = 0;
    for (let i = 0; i < n; i++) tr += a[i * n + i]!;
    assert.ok(Math.abs(r.simdEig[0].reduce((x, y) => x + y, 0) - tr) <= 1e-10 * fa);
  });

  it('never detaches an ArrayBuffer: a larger matrix gets a new memory and earlier views stay valid', () => {
    // A detached buffer would make V8 check every typed-array access in the process from then on.
    const small = simdMatrix(8);
    small.fill(3);
    const big = simdMatrix(1500);
    assert.equal(small.length, 64);
    assert.equal(small[63], 3);
    assert.notEqual(small.buffer, big.buffer);
    assert.equal(big.length, 1500 * 1500);
  });

  it('eigenvalues() leaves no trace between calls: a second, smaller solve reuses the memory correctly', () => {
    const big = gaussianData(500, 500, 5);
    const small = gaussianData(40, 40, 6);
    const e1 = eigenvalues({ rows: 500, cols: 500, data: big });
    const s1 = eigenvalues({ rows: 40, cols: 40, data: small });
    const e2 = eigenvalues({ rows: 500, cols: 500, data: big });
    const s2 = eigenvalues({ rows: 40, cols: 40, data: small });
    assert.deepEqual([...e1.re], [...e2.re]);
    assert.deepEqual([...s1.re], [...s2.re]);
    assert.ok(e1.converged && s1.converged);
  });
});
