import { strict as assert } from 'node:assert';
import { gaussianData } from '../../src/core/random';
import { hessenbergInPlace } from '../../src/core/linalg/hessenberg';
import { hessenbergBlocked } from '../../src/core/linalg/hessenbergBlocked';
import { eigenvalues, frobeniusNorm, spectralRadius, sortEigenvalues } from '../../src/core/linalg';
import { francisQR } from '../../src/core/linalg/francis';
import { multishiftQR } from '../../src/core/linalg/multishift';
import { swapBlocks } from '../../src/core/linalg/schurSwap';

/** Eigenvalues of a Hessenberg copy of `a` by the plain and the AED-multishift iterations. */
function bothWays(a: Float64Array, n: number): { plain: [Float64Array, Float64Array]; ms: [Float64Array, Float64Array]; msConverged: boolean } {
  const h = Float64Array.from(a);
  hessenbergBlocked(h, n, 64);
  const h2 = Float64Array.from(h);
  const p = [new Float64Array(n), new Float64Array(n)] as [Float64Array, Float64Array];
  const m = [new Float64Array(n), new Float64Array(n)] as [Float64Array, Float64Array];
  assert.equal(francisQR(h, n, p[0], p[1]).converged, true);
  const r = multishiftQR(h2, n, m[0], m[1]);
  sortEigenvalues(p[0], p[1]);
  sortEigenvalues(m[0], m[1]);
  return { plain: p, ms: m, msConverged: r.converged };
}

describe('linalg kernels: blocked Hessenberg reduction and batched QR sweeps', () => {
  for (const n of [97, 200, 257]) {
    it(`n=${n}: the blocked reduction equals the plain one, is Hessenberg and keeps ||A||_F`, () => {
      const a = gaussianData(n, n, 11 + n);
      const plain = Float64Array.from(a);
      const blocked = Float64Array.from(a);
      hessenbergInPlace(plain, n);
      hessenbergBlocked(blocked, n, 64);
      const fa = frobeniusNorm({ rows: n, cols: n, data: a });
      let diff = 0;
      for (let i = 0; i < n * n; i++) diff = Math.max(diff, Math.abs(plain[i]! - blocked[i]!));
      assert.ok(diff <= 1e-12 * fa, `max difference ${diff}`);
      for (let i = 2; i < n; i++) for (let j = 0; j < i - 1; j++) assert.equal(blocked[i * n + j], 0);
      assert.ok(Math.abs(frobeniusNorm({ rows: n, cols: n, data: blocked }) - fa) <= 1e-13 * fa);
    });
  }

  it('eigenvalues at n=330 (blocked reduction, AED multishift) satisfy the trace and determinant-free invariants', () => {
    const n = 330;
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

  const cases: [string, number, (n: number) => Float64Array, boolean][] = [
    ['random Gaussian', 260, (n) => gaussianData(n, n, 21), true],
    ['random symmetric (real spectrum)', 200, (n) => {
      const g = gaussianData(n, n, 22);
      const s = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s[i * n + j] = g[i * n + j]! + g[j * n + i]!;
      return s;
    }, true],
    ['block diagonal with repeated 2x2 rotation blocks (tied, repeated eigenvalues)', 160, (n) => {
      const a = new Float64Array(n * n);
      for (let b = 0; b + 1 < n; b += 2) {
        a[b * n + b] = 0.6; a[b * n + b + 1] = -0.8; a[(b + 1) * n + b] = 0.8; a[(b + 1) * n + b + 1] = 0.6;
      }
      // A light random coupling above the diagonal keeps it non-normal but the spectrum fixed.
      const g = gaussianData(n, n, 23);
      for (let i = 0; i < n; i++) for (let j = i + 2 + (i % 2); j < n; j++) a[i * n + j] = 0.01 * g[i * n + j]!;
      return a;
    }, false],
    ['upper triangular (already deflated)', 120, (n) => {
      const g = gaussianData(n, n, 24);
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) g[i * n + j] = 0;
      return g;
    }, true],
    ['nilpotent shift of size 90 (all eigenvalues 0, maximally defective)', 90, (n) => {
      const a = new Float64Array(n * n);
      for (let i = 1; i < n; i++) a[i * n + i - 1] = 1;
      return a;
    }, false],
  ];
  for (const [name, n, make, wellConditioned] of cases) {
    it(`AED multishift agrees with the plain double-shift iteration: ${name}`, () => {
      const a = make(n);
      const { plain, ms, msConverged } = bothWays(a, n);
      assert.equal(msConverged, true);
      const fa = frobeniusNorm({ rows: n, cols: n, data: a });
      let tr = 0;
      for (let i = 0; i < n; i++) tr += a[i * n + i]!;
      assert.ok(Math.abs(ms[0].reduce((x, y) => x + y, 0) - tr) <= 1e-10 * fa);
      if (wellConditioned) {
        for (let i = 0; i < n; i++) {
          assert.ok(Math.hypot(plain[0][i]! - ms[0][i]!, plain[1][i]! - ms[1][i]!) <= 1e-9 * fa, `λ${i}`);
        }
      } else {
        // Ill-conditioned spectra: compare radii at the accuracy a defective block allows.
        const rp = Math.hypot(plain[0][0]!, plain[1][0]!);
        const rm = Math.hypot(ms[0][0]!, ms[1][0]!);
        assert.ok(Math.abs(rp - rm) <= 0.05 * Math.max(1, rp), `${rp} vs ${rm}`);
      }
    });
  }

  it('swapping Schur blocks keeps the eigenvalues, moves them, and keeps z orthogonal', () => {
    // Blocks: [2] then a 2x2 with eigenvalues 0.5 ± i, then [-3], coupled above the diagonal.
    const n = 4;
    const t = Float64Array.from([2, 1, 0.5, 0.3, 0, 0.5, 2, 0.7, 0, -0.5, 0.5, 0.2, 0, 0, 0, -3]);
    const z = new Float64Array(16);
    for (let i = 0; i < 4; i++) z[i * 5] = 1;
    assert.equal(swapBlocks(t, n, z, n, 0, 1, 2), true); // [2] <-> 2x2
    assert.equal(t[2 * n + 1] === 0 || t[3 * n + 2] === 0, true);
    assert.ok(Math.abs(t[2 * n + 2]! - 2) < 1e-14, `the 1x1 block moved down: ${t[2 * n + 2]}`);
    assert.equal(t[2 * n + 0], 0);
    assert.equal(t[2 * n + 1], 0);
    // Trace and determinant of the moved 2x2 are those of the original block.
    const tr = t[0]! + t[n + 1]!;
    const det = t[0]! * t[n + 1]! - t[1]! * t[n]!;
    assert.ok(Math.abs(tr - 1) < 1e-14 && Math.abs(det - 1.25) < 1e-14, `${tr} ${det}`);
    assert.equal(swapBlocks(t, n, z, n, 2, 1, 1), true); // [2] <-> [-3]
    assert.ok(Math.abs(t[2 * n + 2]! + 3) < 1e-14 && Math.abs(t[3 * n + 3]! - 2) < 1e-14);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += z[k * n + i]! * z[k * n + j]!;
      assert.ok(Math.abs(s - (i === j ? 1 : 0)) < 1e-14);
    }
  });

  it('the multishift path also reports an iteration cap as converged: false', () => {
    const n = 330;
    const A = { rows: n, cols: n, data: gaussianData(n, n, 6) };
    const e = eigenvalues(A, { maxIterations: 5 });
    assert.equal(e.converged, false);
    assert.ok(e.iterations <= 6);
  });

  it('balancing undoes a badly graded diagonal similarity (entries spread over 2^±60)', () => {
    const n = 40;
    const a = gaussianData(n, n, 12);
    const d = Array.from({ length: n }, (_, i) => 2 ** (Math.round((60 * i) / (n - 1)) - 30));
    const graded = a.map((v, k) => (v * d[Math.floor(k / n)]!) / d[k % n]!);
    const ref = eigenvalues({ rows: n, cols: n, data: a });
    const bal = eigenvalues({ rows: n, cols: n, data: graded });
    const raw = eigenvalues({ rows: n, cols: n, data: graded }, { balance: false });
    const err = (e: typeof ref): number => Math.abs(spectralRadius(e) - spectralRadius(ref)) / spectralRadius(ref);
    assert.ok(err(bal) < 1e-12, `balanced: ${err(bal)}`);
    // Without balancing the same matrix loses most of its digits: the test can tell them apart.
    assert.ok(err(raw) > 1e3 * err(bal) || err(raw) > 1e-10, `unbalanced ${err(raw)} vs balanced ${err(bal)}`);
  });
});
