/**
 * The Lanczos bases in WebAssembly (lanczosBasis.ts) against Gram–Schmidt in plain loops, bit for
 * bit, and gkl with reused bases against fresh ones.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BASIS_FROM, lanczosBasis } from '../../src/core/linalg/lanczosBasis';
import { gkl, lanczosBases } from '../../src/core/linalg/lanczos';
import { csrFromTriplets, csrMatVec, csrTranspose } from '../../src/core/sparse/csr';
import { gaussianData, mulberry32 } from '../../src/core/random';

const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** One pass as lanczos.ts does it: x . b with even and odd entries summed apart, then x -= c b unless c is zero. */
function loopPass(x: Float64Array, basis: readonly Float64Array[]): void {
  for (const b of basis) {
    let s0 = 0;
    let s1 = 0;
    let i = 0;
    for (; i + 1 < x.length; i += 2) {
      s0 += x[i]! * b[i]!;
      s1 += x[i + 1]! * b[i + 1]!;
    }
    if (i < x.length) s0 += x[i]! * b[i]!;
    const c = s0 + s1;
    if (c === 0) continue;
    for (let k = 0; k < x.length; k++) x[k]! -= c * b[k]!;
  }
}

describe('linalg: Lanczos bases in WebAssembly', () => {
  it('Gram–Schmidt twice gives the bits of the loops: odd and even lengths, within and across chunks, a zero vector, NaN', () => {
    for (const len of [BASIS_FROM, BASIS_FROM + 1, 1001]) {
      for (const count of [0, 1, 15, 16, 17, 40]) {
        const held = lanczosBasis(len);
        assert.ok(held, 'Node 20 has WebAssembly SIMD: the basis must be held');
        const plain: Float64Array[] = [];
        for (let k = 0; k < count; k++) {
          const v = gaussianData(1, len, 100 * len + k);
          // A zero vector: its dot is zero, and the update is skipped.
          if (k === 5) v.fill(0);
          const view = held.add(v);
          assert.ok(sameBits(view, v), 'the basis holds a copy');
          plain.push(v);
        }
        const x = gaussianData(1, len, len + count);
        if (count === 17) x[len - 1] = NaN;
        const want = Float64Array.from(x);
        for (let p = 0; p < 2; p++) loopPass(want, plain);
        held.reorthogonalise(x, loopPass);
        assert.ok(sameBits(x, want), `len ${len}, ${count} vectors`);
      }
    }
  });

  it('shorter vectors stay in TypeScript arrays', () => {
    assert.equal(lanczosBasis(BASIS_FROM - 1), null);
  });

  it('an emptied basis takes new vectors from its start', () => {
    const held = lanczosBasis(600)!;
    for (let k = 0; k < 20; k++) held.add(gaussianData(1, 600, k));
    held.reset();
    const v = gaussianData(1, 600, 99);
    held.add(v);
    const x = gaussianData(1, 600, 7);
    const want = Float64Array.from(x);
    for (let p = 0; p < 2; p++) loopPass(want, [v]);
    held.reorthogonalise(x, loopPass);
    assert.ok(sameBits(x, want));
  });

  it('gkl with bases reused from earlier runs gives the bits of fresh ones', () => {
    const n = 700;
    const r = mulberry32(5);
    const nnz = 8 * n;
    const index = (): Int32Array => Int32Array.from({ length: nnz }, () => Math.floor(r() * n));
    const a = csrFromTriplets(n, n, index(), index(), Float64Array.from({ length: nnz }, () => r() - 0.5));
    const aT = csrTranspose(a);
    const fwd = (x: Float64Array, out: Float64Array): void => csrMatVec(a, x, out);
    const adj = (x: Float64Array, out: Float64Array): void => csrMatVec(aT, x, out);
    const bases = lanczosBases(n, n);
    for (const maxSteps of [60, 25, 90]) {
      const fresh = gkl(n, n, fwd, adj, 2, { tol: 1e-13, maxSteps, wantVector: true });
      const again = gkl(n, n, fwd, adj, 2, { tol: 1e-13, maxSteps, wantVector: true, bases });
      assert.ok(sameBits(again.values, fresh.values) && again.steps === fresh.steps, `values, ${maxSteps} steps`);
      assert.ok(fresh.vector && again.vector && sameBits(again.vector, fresh.vector), 'Ritz vector');
    }
  });

  it('vectors that find no memory are orthogonalised in TypeScript, in their place in the order', function () {
    this.timeout(60_000);
    // A fresh process whose third WebAssembly memory is refused: the basis holds two chunks, then loose vectors.
    const script = `
      const { lanczosBasis } = require('./src/core/linalg/lanczosBasis');
      const { gaussianData } = require('./src/core/random');
      const Memory = WebAssembly.Memory;
      let made = 0;
      WebAssembly.Memory = function (d) { if (++made === 3) throw new Error('refused'); return new Memory(d); };
      const pass = (x, basis) => { for (const b of basis) { let s0 = 0, s1 = 0, i = 0; for (; i + 1 < x.length; i += 2) { s0 += x[i] * b[i]; s1 += x[i + 1] * b[i + 1]; }
        if (i < x.length) s0 += x[i] * b[i]; const c = s0 + s1; if (c === 0) continue; for (let k = 0; k < x.length; k++) x[k] -= c * b[k]; } };
      const held = lanczosBasis(777), plain = [];
      for (let k = 0; k < 45; k++) { const v = gaussianData(1, 777, k); held.add(v); plain.push(v); }
      const x = gaussianData(1, 777, 1000), want = Float64Array.from(x);
      pass(want, plain); pass(want, plain);
      held.reorthogonalise(x, pass);
      console.log(JSON.stringify({ made, same: x.every((v, i) => Object.is(v, want[i])) }));
    `;
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: join(__dirname, '..', '..'), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { made: 3, same: true });
  });
});
