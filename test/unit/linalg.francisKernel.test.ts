import { strict as assert } from 'node:assert';
import { gaussianData, mulberry32 } from '../../src/core/random';
import { hessenbergBlocked } from '../../src/core/linalg/hessenbergBlocked';
import { francisQR, type FrancisOptions } from '../../src/core/linalg/francis';
import { SIMD_KERNELS, simdKernels, simdMatrix } from '../../src/core/linalg/simdKernels';
import { compileOrNull, instantiateFresh } from '../../src/core/linalg/wasmRuntime';

/** Every double equal, signed zeros and NaNs included. */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/**
 * francisQR on a copy in ordinary memory (the TypeScript sweeps) and on one in the kernels'
 * memory (the compiled iteration): everything it returns and leaves behind must be the same bits.
 */
function assertSameRun(h: Float64Array, n: number, opts: FrancisOptions, label: string): void {
  const plain = Float64Array.from(h);
  const inKernels = simdMatrix(n);
  inKernels.set(h);
  const want = [new Float64Array(n), new Float64Array(n)] as const;
  const got = [new Float64Array(n), new Float64Array(n)] as const;
  const r1 = francisQR(plain, n, want[0], want[1], opts);
  const r2 = francisQR(inKernels, n, got[0], got[1], opts);
  assert.deepEqual(r2, r1, `${label}: converged / sweeps`);
  assert.ok(sameBits(Float64Array.from(inKernels), plain), `${label}: the matrix after the sweeps differs`);
  // Eigenvalues are defined where they deflated: all of them, or rows hi+1.. wherever it stopped.
  if (r1.converged) {
    const lo = opts.lo ?? 0;
    const hi = opts.hi ?? n - 1;
    assert.ok(sameBits(got[0].subarray(lo, hi + 1), want[0].subarray(lo, hi + 1)), `${label}: real parts`);
    assert.ok(sameBits(got[1].subarray(lo, hi + 1), want[1].subarray(lo, hi + 1)), `${label}: imaginary parts`);
  }
}

function hessenbergOf(a: Float64Array, n: number): Float64Array {
  const h = Float64Array.from(a);
  hessenbergBlocked(h, n);
  return h;
}

describe('linalg: the QR iteration compiled to WebAssembly', () => {
  it('is available on this engine (so the comparisons below exercise it)', () => {
    assert.ok(simdKernels()?.francis, 'the kernels have no francis function');
  });

  const shapes: Record<string, (n: number, seed: number) => Float64Array> = {
    gaussian: (n, seed) => gaussianData(n, n, seed),
    // Small integers: exact ties between shifts and repeated eigenvalues.
    integers: (n, seed) => gaussianData(n, n, seed).map((x) => Math.round(2 * x)),
    // Entries from 2^-500 to 2^400: tiny bulges take the Math.hypot branch of the reflectors.
    graded: (n, seed) => gaussianData(n, n, seed).map((x, k) => x * 2 ** (7 * Math.floor(k / n) - 9 * (k % n))),
    // Two thirds zeros: exact zeros on the subdiagonal split the matrix at once.
    sparse: (n, seed) => gaussianData(n, n, seed).map((x, k) => (k % 3 === 0 ? x : 0)),
  };
  for (const [shape, make] of Object.entries(shapes)) {
    it(`${shape} matrices, n = 1 to 150: the same sweeps, matrix and eigenvalues bit for bit as the TypeScript`, () => {
      for (const n of [1, 2, 3, 4, 5, 8, 13, 30, 64, 100, 150]) {
        for (let seed = 1; seed <= 3; seed++) assertSameRun(hessenbergOf(make(n, 977 * seed + n), n), n, {}, `${shape} n=${n} seed ${seed}`);
      }
    });
  }

  it('a cyclic permutation (every shift exceptional before it deflates): the same bits', () => {
    for (const n of [6, 25, 64]) {
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) a[i * n + ((i + 1) % n)] = 1;
      assertSameRun(hessenbergOf(a, n), n, {}, `cycle n=${n}`);
    }
  });

  it('stopped by the sweep cap (0, 1, 3, 7 and 40 sweeps): the same partial state and count', () => {
    const n = 60;
    const h = hessenbergOf(gaussianData(n, n, 5), n);
    for (const maxIterations of [0, 1, 3, 7, 40]) assertSameRun(h, n, { maxIterations }, `cap ${maxIterations}`);
  });

  it('on an active block [lo, hi] inside a larger matrix (as the multishift driver calls it): the same bits', () => {
    const n = 90;
    const h = hessenbergOf(gaussianData(n, n, 11), n);
    // Split the matrix at rows 20 and 71 so [20, 70] is a block of its own.
    h[20 * n + 19] = 0;
    h[71 * n + 70] = 0;
    assertSameRun(h, n, { lo: 20, hi: 70 }, 'block 20..70');
  });

  it("its Math.hypot for the reflectors' extreme cases gives V8's bits", () => {
    const mod = compileOrNull(SIMD_KERNELS);
    assert.ok(mod);
    const made = instantiateFresh(mod, 4 * 65536);
    assert.ok(made);
    const hypot3 = made.exports.hypot3 as (a: number, b: number, c: number) => number;
    const rand = mulberry32(31);
    const specials = [0, -0, Number.MIN_VALUE, 2 ** -1022, 1e-300, 1e-140, 1, 3, 1e140, 1e300, Number.MAX_VALUE, Infinity, -Infinity, NaN];
    const pick = (): number => {
      if (rand() < 0.3) return specials[Math.floor(rand() * specials.length)]!;
      return (rand() - 0.5) * 2 ** Math.floor(rand() * 2000 - 1000);
    };
    for (let t = 0; t < 20000; t++) {
      const [a, b, c] = [pick(), pick(), pick()];
      assert.ok(Object.is(hypot3(a, b, c), Math.hypot(a, b, c)), `hypot(${a}, ${b}, ${c})`);
    }
  });
});
