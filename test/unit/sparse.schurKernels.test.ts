import { strict as assert } from 'node:assert';
import { gaussianData } from '../../src/core/random';
import { francisQR } from '../../src/core/linalg/francis';
import { hessenbergBlocked } from '../../src/core/linalg/hessenbergBlocked';
import { smallNumber } from '../../src/core/linalg/tuning';
import { schurKernels } from '../../src/core/sparse/schurKernels';
import { sortedSchur } from '../../src/core/sparse/smallSchur';

/** Every double equal, signed zeros and NaNs included. */
const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
const identity = (m: number): Float64Array => {
  const z = new Float64Array(m * m);
  for (let i = 0; i < m; i++) z[i * m + i] = 1;
  return z;
};

/** sortedSchur by the TypeScript and by the kernels on copies: everything it leaves must be the same bits. */
function assertSameSchur(t0: Float64Array, zt0: Float64Array, m: number, from: number, label: string): void {
  const run = (wasm: boolean): [Float64Array, Float64Array, Float64Array, Float64Array, string] => {
    const t = Float64Array.from(t0);
    const zt = Float64Array.from(zt0);
    const wr = new Float64Array(m);
    const wi = new Float64Array(m);
    const r = sortedSchur(t, m, from, zt, wr, wi, wasm);
    return [t, zt, wr, wi, JSON.stringify(r)];
  };
  const ts = run(false);
  const wasm = run(true);
  assert.equal(wasm[4], ts[4], `${label}: converged / refused swaps`);
  ['T', 'Z^T', 'real parts', 'imaginary parts'].forEach((what, i) => assert.ok(sameBits(wasm[i] as Float64Array, ts[i] as Float64Array), `${label}: ${what} differ`));
}

/**
 * A Krylov–Schur restart's Rayleigh quotient: the kept p x p quasi-triangular Schur block (its
 * leading `from` columns locked: zero coupling), the coupling row p, Arnoldi's Hessenberg columns after.
 */
function restartMatrix(m: number, p: number, from: number, seed: number): [Float64Array, Float64Array] {
  const schur = Float64Array.from(gaussianData(p, p, seed));
  hessenbergBlocked(schur, p);
  francisQR(schur, p, new Float64Array(p), new Float64Array(p), { wantT: true });
  const t = new Float64Array(m * m);
  for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) t[r * m + c] = schur[r * p + c]!;
  const g = gaussianData(m, m, seed + 1);
  for (let c = from; c < p; c++) t[p * m + c] = 1e-3 * g[c]!;
  for (let c = p; c < m; c++) for (let r = 0; r <= Math.min(c + 1, m - 1); r++) t[r * m + c] = g[r * m + c]!;
  // Z^T of an earlier step: any orthogonal-ish rows (only the arithmetic is compared).
  return [t, Float64Array.from(gaussianData(m, m, seed + 2))];
}

describe('sparse: the small Schur problem compiled to WebAssembly', () => {
  it('is available on this engine (so the comparisons below exercise it)', () => {
    assert.ok(schurKernels(8));
  });

  it('dense matrices, m = 1 to 80: the same Schur form, vectors and eigenvalues bit for bit as the TypeScript', () => {
    for (const m of [1, 2, 3, 4, 5, 8, 13, 30, 48, 64, 80]) {
      for (let seed = 1; seed <= 3; seed++) {
        assertSameSchur(Float64Array.from(gaussianData(m, m, 31 * seed + m)), identity(m), m, 0, `dense m=${m} seed ${seed}`);
        const ints = gaussianData(m, m, 7 * seed + m).map((x) => Math.round(2 * x));
        assertSameSchur(ints, identity(m), m, 0, `integers m=${m} seed ${seed}`);
      }
    }
  });

  it('restart matrices (kept Schur block, coupling row, Arnoldi columns; locked leading columns): the same bits', () => {
    for (const [m, p, from] of [[48, 16, 0], [48, 17, 6], [48, 30, 12], [64, 32, 0], [20, 10, 9], [80, 40, 20]] as const) {
      for (let seed = 1; seed <= 3; seed++) {
        const [t, zt] = restartMatrix(m, p, from, 101 * seed + m + p);
        assertSameSchur(t, zt, m, from, `m=${m} p=${p} from=${from} seed ${seed}`);
      }
    }
  });

  it('the QR step stopped by its sweep cap (0, 1, 3, 7 sweeps): the same partial state as francisQR', () => {
    const m = 40;
    for (const maxIterations of [0, 1, 3, 7]) {
      const h = Float64Array.from(gaussianData(m, m, 5));
      hessenbergBlocked(h, m);
      const zt = Float64Array.from(gaussianData(m, m, 6));
      const k = schurKernels(m)!;
      k.t.set(h);
      k.zt.set(zt);
      const got = k.schur(0, maxIterations, smallNumber(m));
      const want = francisQR(h, m, new Float64Array(m), new Float64Array(m), { wantT: true, zt, maxIterations });
      assert.equal(got.iterations, want.iterations, `cap ${maxIterations}: sweeps`);
      assert.equal(got.stop >= 0, !want.converged, `cap ${maxIterations}: converged`);
      assert.ok(sameBits(Float64Array.from(k.t), h) && sameBits(Float64Array.from(k.zt), zt), `cap ${maxIterations}: T or Z^T differ`);
    }
  });
});
