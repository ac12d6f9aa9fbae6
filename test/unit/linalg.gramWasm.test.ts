import { strict as assert } from 'node:assert';
import { gramProducts } from '../../src/core/linalg/gramWasm';
import { normArena } from '../../src/core/linalg/normLanczos';
import { gaussianData } from '../../src/core/random';

function vectors(count: number, n: number, seed: number): Float64Array[] {
  const data = gaussianData(count, n, seed);
  return Array.from({ length: count }, (_, i) => data.slice(i * n, (i + 1) * n));
}

/** The plain loops: each dot adds its products in order. */
function loopedGram(u: readonly Float64Array[], h: readonly Float64Array[]): Float64Array {
  const T = u.length;
  const dot = (a: Float64Array, b: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
    return s;
  };
  const K = new Float64Array(T * T);
  for (let s = 0; s < T; s++)
    for (let t = s; t < T; t++) {
      K[s * T + t] = dot(u[s]!, u[t]!) * dot(h[s]!, h[t]!);
      K[t * T + s] = K[s * T + t]!;
    }
  return K;
}

describe('WebAssembly Gram products and max |entry|', () => {
  for (const [count, n] of [[1, 1], [7, 3], [60, 64], [13, 101]] as const) {
    it(`gram of ${count} pairs of length ${n}: the same bits as the plain loops`, () => {
      const u = vectors(count, n, 11 + n);
      const h = vectors(count, n, 29 + count);
      const k = gramProducts(u, h);
      assert.ok(k !== null, 'Node 20 has WebAssembly SIMD: the kernel must be used');
      assert.deepEqual(Array.from(k), Array.from(loopedGram(u, h)));
    });
  }

  it('gram refuses vectors of unequal lengths and empty lists (the caller loops)', () => {
    assert.equal(gramProducts([], []), null);
    assert.equal(gramProducts([new Float64Array(3), new Float64Array(2)], [new Float64Array(3), new Float64Array(3)]), null);
  });

  it('maxAbs: the largest |x|, negative entries and NaN passed over as the loop `v > m` does', () => {
    const arena = normArena(8, 1, 8);
    assert.ok(arena !== null);
    const at = arena.matrix(0);
    const x = [0.5, -3.25, 2, Number.NaN, -0, 3.125, -1e-300, 1];
    arena.f.set(x, at / 8);
    assert.equal(arena.kernels.maxAbs(at, 8 * x.length), 3.25);
    arena.f.set([Number.NaN, Number.NaN], at / 8);
    assert.equal(arena.kernels.maxAbs(at, 16), 0);
    arena.release();
  });
});
