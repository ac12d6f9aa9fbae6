import { strict as assert } from 'node:assert';
import { krylovBasis, type KrylovBasis } from '../../src/core/sparse/basis';
import { mulberry32 } from '../../src/core/random';

/** Fills vector j with uniform numbers plus `lean` times vector 0 (a large share already in the span). */
function fill(b: KrylovBasis, j: number, u: () => number, lean: number): void {
  const x = b.vec(j);
  const v0 = b.vec(0);
  for (let k = 0; k < x.length; k++) x[k] = u() - 0.5 + (j > 0 ? lean * v0[k]! : 0);
}

function normalise(x: Float64Array): void {
  let s = 0;
  for (const e of x) s += e * e;
  s = Math.sqrt(s);
  for (let k = 0; k < x.length; k++) x[k]! /= s;
}

const dot = (x: Float64Array, y: Float64Array): number => x.reduce((acc, e, k) => acc + e * y[k]!, 0);

/** `count` orthonormal vectors by the basis's own Gram–Schmidt; every other one leans on v_0 (second pass). */
function build(n: number, count: number, wasm: boolean): { b: KrylovBasis; h: Float64Array[] } {
  const b = krylovBasis(n, count, wasm);
  const u = mulberry32(5);
  const h: Float64Array[] = [];
  for (let j = 0; j < count; j++) {
    fill(b, j, u, j % 2 === 0 ? 0 : 1e3);
    const c = new Float64Array(count);
    if (j > 0) b.orthogonalise(j, c);
    h.push(c);
    normalise(b.vec(j));
  }
  return { b, h };
}

describe('sparse: the Krylov basis', () => {
  // n past one stretch of the chunked sweeps and odd (the pad entry), more vectors than a group of four.
  const n = 9001;
  const count = 23;

  it('orthonormal to rounding with and without WebAssembly, and the same coefficients', () => {
    const w = build(n, count, true);
    const t = build(n, count, false);
    for (let i = 0; i < count; i++) {
      for (let j = 0; j <= i; j++) {
        const g = dot(w.b.vec(i), w.b.vec(j));
        assert.ok(Math.abs(g - (i === j ? 1 : 0)) <= 1e-14, `v${i} . v${j} = ${g}`);
      }
      for (let j = 0; j < i; j++) assert.ok(Math.abs(w.h[i]![j]! - t.h[i]![j]!) <= 1e-11 * (1 + Math.abs(t.h[i]![j]!)), `h[${i}][${j}]`);
    }
  });

  it('rotates from a locked column as the full rotation does, leaving the locked vectors alone', () => {
    const m = count - 1;
    const p = 9;
    const from = 3;
    // Z = diag(I_from, Q) with Q orthogonal (products of plane rotations), zt row i = column i of Z.
    const zt = new Float64Array(m * m);
    for (let i = 0; i < m; i++) zt[i * m + i] = 1;
    const u = mulberry32(9);
    for (let r = 0; r < 40; r++) {
      const a = from + Math.floor(u() * (m - from));
      const c = from + Math.floor(u() * (m - from));
      if (a === c) continue;
      const th = 2 * Math.PI * u();
      for (let i = 0; i < m; i++) {
        const za = zt[i * m + a]!, zc = zt[i * m + c]!;
        zt[i * m + a] = Math.cos(th) * za - Math.sin(th) * zc;
        zt[i * m + c] = Math.sin(th) * za + Math.cos(th) * zc;
      }
    }
    for (const wasm of [true, false]) {
      const full = build(n, count, wasm).b;
      const part = build(n, count, wasm).b;
      const locked = Array.from({ length: from }, (_, i) => Float64Array.from(part.vec(i)));
      full.rotate(m, zt, p);
      part.rotate(m, zt, p, from);
      for (let i = 0; i < from; i++) assert.deepEqual(part.vec(i), locked[i], `locked v${i} (wasm ${wasm})`);
      for (let i = 0; i < p; i++) {
        const a = full.vec(i), b = part.vec(i);
        for (let k = 0; k < n; k++) assert.ok(Math.abs(a[k]! - b[k]!) <= 1e-14, `v${i}[${k}] (wasm ${wasm})`);
      }
    }
  });
});
