import { strict as assert } from 'node:assert';
import { gaussianData } from '../../src/core/linalg/rng';
import { hessenbergInPlace } from '../../src/core/linalg/hessenberg';
import { hessenbergBlocked } from '../../src/core/linalg/hessenbergBlocked';
import { eigenvalues, frobeniusNorm, spectralRadius } from '../../src/core/linalg';

describe('linalg kernels: blocked Hessenberg reduction and batched QR sweeps', () => {
  for (const n of [97, 200, 257]) {
    it(`n=${n}: the blocked reduction equals the plain one, is Hessenberg and keeps ||A||_F`, () => {
      const a = gaussianData(n, n, 11 + n);
      const plain = Float64Array.from(a);
      const blocked = Float64Array.from(a);
      hessenbergInPlace(plain, n);
      hessenbergBlocked(blocked, n);
      const fa = frobeniusNorm({ rows: n, cols: n, data: a });
      let diff = 0;
      for (let i = 0; i < n * n; i++) diff = Math.max(diff, Math.abs(plain[i]! - blocked[i]!));
      assert.ok(diff <= 1e-12 * fa, `max difference ${diff}`);
      for (let i = 2; i < n; i++) for (let j = 0; j < i - 1; j++) assert.equal(blocked[i * n + j], 0);
      assert.ok(Math.abs(frobeniusNorm({ rows: n, cols: n, data: blocked }) - fa) <= 1e-13 * fa);
    });
  }

  it('eigenvalues at n=300 satisfy the trace and determinant-free invariants', () => {
    const n = 300;
    const a = gaussianData(n, n, 5);
    const A = { rows: n, cols: n, data: a };
    const e = eigenvalues(A);
    assert.equal(e.converged, true);
    let tr = 0;
    for (let i = 0; i < n; i++) tr += a[i * n + i]!;
    assert.ok(Math.abs(e.re.reduce((x, y) => x + y, 0) - tr) < 1e-10 * frobeniusNorm(A));
    // Σ λ_i^2 = trace(A^2) = Σ_ij a_ij a_ji.
    let tr2 = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) tr2 += a[i * n + j]! * a[j * n + i]!;
    let s2 = 0;
    for (let i = 0; i < n; i++) s2 += e.re[i]! * e.re[i]! - e.im[i]! * e.im[i]!;
    assert.ok(Math.abs(s2 - tr2) < 1e-9 * frobeniusNorm(A) ** 2, `${s2} vs ${tr2}`);
    // Complex eigenvalues come in conjugate pairs, +i first.
    for (let i = 0; i < n; i++) {
      if (e.im[i]! > 0) assert.ok(e.re[i + 1] === e.re[i] && e.im[i + 1] === -e.im[i]!);
    }
    // Circular law: a Gaussian matrix has ρ ≈ sqrt(n).
    assert.ok(Math.abs(spectralRadius(e) / Math.sqrt(n) - 1) < 0.15);
  });
});
