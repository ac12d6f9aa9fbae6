/**
 * The run chart's powers in one memory (linalg/powerSpace.ts): the WebAssembly kernels and the
 * TypeScript loops must compute the same products, norms and matrix-vector products, against the
 * dense product and Jacobi's σ_max, at sizes with and without row padding (n % 4 != 0).
 */
import { strict as assert } from 'node:assert';
import { jacobiSingularValues } from '../../src/core/linalg';
import { matMul } from '../../src/core/linalg/dense';
import { hessenbergBlocked } from '../../src/core/linalg/hessenbergBlocked';
import { kernelSpace, typedSpace, type PowerSpace } from '../../src/core/linalg/powerSpace';
import { gaussianData } from '../../src/core/random';

/** The dense product (no band structure), the reference. */
const mul = (a: Float64Array, b: Float64Array, n: number): Float64Array => matMul({ rows: n, cols: n, data: a }, { rows: n, cols: n, data: b }).data;

const maxDiff = (a: Float64Array, b: Float64Array): number => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);

describe('powers of a Hessenberg form in one memory', () => {
  for (const n of [8, 30, 64, 101]) {
    it(`n=${n}: kernels and TypeScript agree on h^2, h^3, h^6 (bands 2, 3, 6), their σ_max and products with a vector`, () => {
      const h = gaussianData(n, n, 900 + n).map((x) => x / Math.sqrt(n));
      hessenbergBlocked(h, n);
      const kernels = kernelSpace(n, 4);
      assert.ok(kernels, 'Node 20 has WebAssembly SIMD: the kernels must be used');
      const spaces: [string, PowerSpace][] = [['kernels', kernels], ['typescript', typedSpace(n, 4)]];
      const h2 = mul(h, h, n);
      const h3 = mul(h2, h, n);
      const h6 = mul(h3, h3, n);
      const x = gaussianData(n, 1, 7);
      for (const [name, s] of spaces) {
        try {
          s.load(0, h);
          const m2 = s.multiply(0, 0, 1, 1, 1);
          const m3 = s.multiply(1, 0, 2, 2, 1);
          s.scale(2, 0.5);
          const m6 = s.multiply(2, 2, 3, 3, 3);
          const ref6 = h6.map((v) => v / 4);
          for (const [got, ref, m, what] of [[s.entries(1), h2, m2, 'h^2'], [s.entries(2), h3.map((v) => v / 2), m3 / 2, 'h^3 / 2'], [s.entries(3), ref6, m6, 'h^6 / 4']] as const) {
            const big = ref.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
            assert.ok(maxDiff(got, ref) <= 1e-13 * big, `${name} ${what}: ${maxDiff(got, ref)}`);
            assert.ok(Math.abs(m - big) <= 1e-13 * big, `${name} ${what}: largest entry ${m} vs ${big}`);
          }
          const sigma = jacobiSingularValues({ rows: n, cols: n, data: ref6 })[0]!;
          const r = s.norm(3, 6, 1e-13);
          assert.equal(r.converged, true, name);
          assert.ok(Math.abs(r.value - sigma) <= 1e-12 * sigma, `${name} σ_max ${r.value} vs ${sigma}`);
          const out = new Float64Array(n);
          s.matVec(3, 6, x, out);
          const want = Float64Array.from({ length: n }, (_, i) => ref6.subarray(i * n, (i + 1) * n).reduce((a, v, j) => a + v * x[j]!, 0));
          assert.ok(maxDiff(out, want) <= 1e-12 * Math.max(...want.map(Math.abs)), `${name} matVec`);
        } finally {
          s.release();
        }
      }
    });
  }
});
