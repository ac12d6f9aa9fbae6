import { strict as assert } from 'node:assert';
import { gaussianData, mulberry32 } from '../../src/core/random';
import { francisQR } from '../../src/core/linalg/francis';
import { hessenbergBlocked } from '../../src/core/linalg/hessenbergBlocked';
import { smallNumber } from '../../src/core/linalg/tuning';
import { swapBlocks } from '../../src/core/linalg/schurSwap';
import { compileOrNull, instantiateFresh } from '../../src/core/linalg/wasmRuntime';
import { SCHUR_KERNELS, schurKernels } from '../../src/core/sparse/schurKernels';
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

  it('one block swap of each shape (1+1, 1+2, 2+1, 2+2), stable or refused: the same bits and answer as swapBlocks', () => {
    const made = instantiateFresh(compileOrNull(SCHUR_KERNELS)!, 65536);
    assert.ok(made);
    const swap = made.exports.swap as (t: number, nt: number, zt: number, nz: number, j1: number, n1: number, n2: number, scr: number) => number;
    const swap1 = made.exports.swap1 as (t: number, nt: number, zt: number, nz: number, j1: number) => void;
    const nt = 7;
    const j1 = 2;
    const [tAt, ztAt, scrAt] = [8192, 16384, 1024];
    const mem = (at: number): Float64Array => new Float64Array(made.memory.buffer, at, nt * nt);
    const rand = mulberry32(77);
    let refused = 0;
    for (let trial = 0; trial < 200; trial++) {
      for (const [n1, n2] of [[1, 1], [1, 2], [2, 1], [2, 2]] as const) {
        const t = Float64Array.from(gaussianData(nt, nt, 1000 * trial + 10 * n1 + n2));
        for (let r = 0; r < nt; r++) for (let c = 0; c < r; c++) t[r * nt + c] = 0;
        // A 2x2 block [[a, b], [c, a]] with b c < 0 has a complex pair. Every other trial both are
        // far from normal (|b| / |c| up to 10^16) with eigenvalues 1e-6 apart: some swaps refused.
        const close = trial % 2 === 0;
        const s = close ? 10 ** (Math.floor(rand() * 17) - 8) : 1;
        const [b, c] = [s * (1 + rand()), -(0.5 + rand()) / s];
        const block = (at: number, a: number, bb: number, cc: number): void => {
          t[at * nt + at] = a;
          t[(at + 1) * nt + at + 1] = a;
          t[at * nt + at + 1] = bb;
          t[(at + 1) * nt + at] = cc;
        };
        const a1 = rand() - 0.5;
        if (n1 === 2) block(j1, a1, b, c);
        else t[j1 * nt + j1] = a1;
        const a2 = close ? a1 + 1e-6 : rand() - 0.5;
        if (n2 === 2) block(j1 + n1, a2, close ? b * (1 + 1e-6) : 1 + rand(), close ? c : -(0.5 + rand()));
        else t[(j1 + n1) * nt + j1 + n1] = a2;
        const zt = Float64Array.from(gaussianData(nt, nt, trial + 5));
        mem(tAt).set(t);
        mem(ztAt).set(zt);
        const want = swapBlocks(t, nt, zt, nt, j1, n1, n2);
        let got = true;
        if (n1 === 1 && n2 === 1) swap1(tAt, nt, ztAt, nt, j1);
        else got = swap(tAt, nt, ztAt, nt, j1, n1, n2, scrAt) === 1;
        const label = `trial ${trial}, ${n1}+${n2}`;
        assert.equal(got, want, `${label}: accepted`);
        if (!want) refused++;
        assert.ok(sameBits(Float64Array.from(mem(tAt)), t) && sameBits(Float64Array.from(mem(ztAt)), zt), `${label}: T or Z^T differ`);
      }
    }
    assert.ok(refused > 0, 'no swap was refused: the refusal is not exercised');
  });

  it("its two-argument Math.hypot gives V8's bits, extreme cases included", () => {
    const made = instantiateFresh(compileOrNull(SCHUR_KERNELS)!, 65536);
    const hypot2 = made!.exports.hypot2 as (a: number, b: number) => number;
    const rand = mulberry32(32);
    const specials = [0, -0, Number.MIN_VALUE, 2 ** -1022, 1e-300, 1, 3, 1e300, Number.MAX_VALUE, Infinity, -Infinity, NaN];
    const pick = (): number => (rand() < 0.3 ? specials[Math.floor(rand() * specials.length)]! : (rand() - 0.5) * 2 ** Math.floor(rand() * 2000 - 1000));
    for (let k = 0; k < 20000; k++) {
      const [a, b] = [pick(), pick()];
      assert.ok(Object.is(hypot2(a, b), Math.hypot(a, b)), `hypot(${a}, ${b})`);
    }
  });
});
