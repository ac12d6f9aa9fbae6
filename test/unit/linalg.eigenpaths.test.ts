import { strict as assert } from 'node:assert';
import { gaussianData } from '../../src/core/random';
import { hessenbergInPlace } from '../../src/core/linalg/hessenberg';
import { eigenvalues, frobeniusNorm, sortEigenvalues, spectralRadius } from '../../src/core/linalg';
import { francisQR } from '../../src/core/linalg/francis';
import { transpose } from '../../src/core/matrix';

// Sizes from 64 on take the blocked reduction, from 320 AED multishift, and the SIMD kernels; the
// references below use none of them (plain reduction, double-shift QR, ordinary arrays).

/** Eigenvalues by the plain path: unblocked Householder reduction and Francis double-shift QR. */
function plainEigenvalues(a: Float64Array, n: number): [Float64Array, Float64Array] {
  const h = Float64Array.from(a);
  hessenbergInPlace(h, n);
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  assert.equal(francisQR(h, n, wr, wi).converged, true);
  sortEigenvalues(wr, wi);
  return [wr, wi];
}

/** log |det a| by LU with partial pivoting (a is copied). */
function logAbsDet(a: Float64Array, n: number): number {
  const m = Float64Array.from(a);
  let s = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]!) > Math.abs(m[p * n + c]!)) p = r;
    if (p !== c) for (let k = 0; k < n; k++) [m[c * n + k], m[p * n + k]] = [m[p * n + k]!, m[c * n + k]!];
    const d = m[c * n + c]!;
    s += Math.log(Math.abs(d));
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c]! / d;
      if (f !== 0) for (let k = c; k < n; k++) m[r * n + k]! -= f * m[c * n + k]!;
    }
  }
  return s;
}

/** Q a Q^T for Q a product of three seeded Householder reflectors (dense, orthogonal). */
function mix(a: Float64Array, n: number, seed: number): Float64Array {
  const out = Float64Array.from(a);
  for (let t = 0; t < 3; t++) {
    const v = gaussianData(n, 1, seed + t);
    const vv = v.reduce((s, x) => s + x * x, 0);
    // out <- (I - 2 v v^T / vv) out (I - 2 v v^T / vv)
    const w = new Float64Array(n);
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) w[c]! += v[r]! * out[r * n + c]!;
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) out[r * n + c]! -= (2 / vv) * v[r]! * w[c]!;
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let c = 0; c < n; c++) s += out[r * n + c]! * v[c]!;
      for (let c = 0; c < n; c++) out[r * n + c]! -= (2 / vv) * s * v[c]!;
    }
  }
  return out;
}

const trace = (a: Float64Array, n: number): number => {
  let t = 0;
  for (let i = 0; i < n; i++) t += a[i * n + i]!;
  return t;
};

describe('eigenvalues on the large-matrix path (blocked, AED multishift, SIMD kernels)', () => {
  it('n=420 random: agrees with the plain path eigenvalue by eigenvalue', () => {
    const n = 420;
    const a = gaussianData(n, n, 4201);
    const e = eigenvalues({ rows: n, cols: n, data: a });
    assert.equal(e.converged, true);
    const [pr, pi] = plainEigenvalues(a, n);
    const fa = frobeniusNorm({ rows: n, cols: n, data: a });
    for (let i = 0; i < n; i++) assert.ok(Math.hypot(e.re[i]! - pr[i]!, e.im[i]! - pi[i]!) <= 1e-9 * fa, `λ${i}`);
  });

  it('n=450 random: ρ(Aᵀ) = ρ(A), Σλ = trace, Σ log|λ| = log|det A|', () => {
    const n = 450;
    const a = gaussianData(n, n, 4502);
    const A = { rows: n, cols: n, data: a };
    const e = eigenvalues(A);
    const et = eigenvalues(transpose(A));
    assert.ok(e.converged && et.converged);
    assert.ok(Math.abs(spectralRadius(e) - spectralRadius(et)) <= 1e-10 * spectralRadius(e));
    const fa = frobeniusNorm(A);
    assert.ok(Math.abs(e.re.reduce((s, x) => s + x, 0) - trace(a, n)) <= 1e-10 * fa);
    let logProd = 0;
    for (let i = 0; i < n; i++) logProd += Math.log(Math.hypot(e.re[i]!, e.im[i]!));
    const ld = logAbsDet(a, n);
    assert.ok(Math.abs(logProd - ld) <= 1e-8 * n, `Σ log|λ| = ${logProd}, log|det| = ${ld}`);
  });

  it('n=360 graded (rows and columns scaled over 2^±40): balancing recovers the ungraded spectrum', () => {
    const n = 360;
    const a = gaussianData(n, n, 3603);
    const d = Array.from({ length: n }, (_, i) => 2 ** (Math.round((80 * i) / (n - 1)) - 40));
    const graded = a.map((v, k) => (v * d[Math.floor(k / n)]!) / d[k % n]!);
    const ref = eigenvalues({ rows: n, cols: n, data: a });
    const g = eigenvalues({ rows: n, cols: n, data: graded });
    assert.ok(g.converged);
    const fa = frobeniusNorm({ rows: n, cols: n, data: a });
    for (let i = 0; i < n; i++) assert.ok(Math.hypot(g.re[i]! - ref.re[i]!, g.im[i]! - ref.im[i]!) <= 1e-9 * fa, `λ${i}`);
  });

  it('n=340 defective (170 Jordan blocks [[μ, 1], [0, μ]] hidden by an orthogonal similarity)', () => {
    const n = 340;
    const mu = Array.from({ length: n / 2 }, (_, b) => -1 + (2 * b) / (n / 2 - 1));
    const j = new Float64Array(n * n);
    for (let b = 0; b < n / 2; b++) {
      j[2 * b * n + 2 * b] = mu[b]!;
      j[(2 * b + 1) * n + 2 * b + 1] = mu[b]!;
      j[2 * b * n + 2 * b + 1] = 1;
    }
    const a = mix(j, n, 3404);
    const e = eigenvalues({ rows: n, cols: n, data: a });
    assert.equal(e.converged, true);
    // A double eigenvalue of a 2x2 Jordan block moves by ~sqrt(eps): each computed one lies
    // within 1e-6 of some μ, and the sum (well conditioned) is the trace.
    for (let i = 0; i < n; i++) {
      const dist = Math.min(...mu.map((m) => Math.hypot(e.re[i]! - m, e.im[i]!)));
      assert.ok(dist <= 1e-6, `λ${i} = ${e.re[i]} + ${e.im[i]}i is ${dist} from every μ`);
    }
    assert.ok(Math.abs(e.re.reduce((s, x) => s + x, 0) - trace(a, n)) <= 1e-10 * frobeniusNorm({ rows: n, cols: n, data: a }));
  });

  it('n=400 nearly reducible ([[A11, A12], [1e-14 E, A22]]): the union of the diagonal blocks\' spectra', () => {
    const n = 400;
    const m = 230;
    const a = gaussianData(n, n, 4005);
    for (let r = m; r < n; r++) for (let c = 0; c < m; c++) a[r * n + c]! *= 1e-14;
    const block = (r0: number, r1: number): Float64Array => {
      const k = r1 - r0;
      const b = new Float64Array(k * k);
      for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) b[r * k + c] = a[(r0 + r) * n + r0 + c]!;
      return b;
    };
    const e1 = eigenvalues({ rows: m, cols: m, data: block(0, m) });
    const e2 = eigenvalues({ rows: n - m, cols: n - m, data: block(m, n) });
    const re = Float64Array.from([...e1.re, ...e2.re]);
    const im = Float64Array.from([...e1.im, ...e2.im]);
    sortEigenvalues(re, im);
    const e = eigenvalues({ rows: n, cols: n, data: a });
    assert.equal(e.converged, true);
    for (let i = 0; i < n; i++) assert.ok(Math.hypot(e.re[i]! - re[i]!, e.im[i]! - im[i]!) <= 1e-8, `λ${i}`);
  });

  it('an iteration cap on the large path reports converged: false, never a silent answer', () => {
    const n = 400;
    const e = eigenvalues({ rows: n, cols: n, data: gaussianData(n, n, 4006) }, { maxIterations: 20 });
    assert.equal(e.converged, false);
  });
});
