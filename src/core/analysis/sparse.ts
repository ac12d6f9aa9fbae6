/**
 * The MatrixReport of a sparse square W: the largest-modulus eigenvalues by Krylov–Schur on the
 * CSR operator (never n^2 memory), sigma_max and ||W^k|| by Lanczos on sparse products, the
 * trajectories by sparse products. Small matrices take the dense route, which lists every
 * eigenvalue and is faster there.
 */
import type { AnalyzeOptions } from '../options';
import type { MatrixReport, SparseSummary } from '../report';
import type { NamedMatrix } from '../weightFile';
import { sortEigenvalues } from '../linalg/eigen';
import { csrFrobenius, csrToDense, csrTranspose, densityOf, nnzOf, type CsrMatrix } from '../sparse/csr';
import { csrProducts } from '../sparse/csrProducts';
import { largestEigenvalues, type EigsResult } from '../sparse/krylovSchur';
import { permutedTriangularDiagonal } from '../sparse/triangular';
import { sparsePowerNormsLog10, sparseSpectralNorm } from '../sparse/sparseNorms';
import { asymptoticOf, peakOf, verdictOf } from './verdict';
import { analyzeSquare, squareTrajectory } from './square';
import type { ScaledOperator } from './logspace';

/** From this size a sparse matrix is analysed as sparse; below, densified (all eigenvalues, faster). */
export const SPARSE_ROUTE_FROM = 1024;
/**
 * A sparser matrix takes the sparse route from n = 512: at density <= 2% exact ||W^k|| by sparse
 * Lanczos costs less than the dense route's products (measured, 10 entries per row: n = 512,
 * 1.1 s against 1.9 s CPU; n = 1000, 2.0 s against 5.8 s).
 */
export const SPARSER_ROUTE = { from: 512, density: 0.02 } as const;

/** Whether W is analysed through sparse products (else densified). */
export const takesSparseRoute = (a: CsrMatrix): boolean =>
  a.rows >= SPARSE_ROUTE_FROM || (a.rows >= SPARSER_ROUTE.from && densityOf(a) <= SPARSER_ROUTE.density);
/**
 * Eigenvalues the Krylov–Schur run resolves. More than the one that gives rho: with the outer
 * eigenvalues crowded on a circle, a run that resolves only a few can settle on a group that
 * misses the largest (measured: 6 of 64 basis vectors missed it on an annulus of 1000
 * eigenvalues in 3 of 3 seeds, as scipy's eigs(k=6) did; 6 wanted and 6 guards of 48 find it).
 */
export const SPARSE_EIGENVALUES = 12;
/**
 * The Krylov–Schur settings: 6 eigenvalues to 1e-12, 6 more settled to 1e-6 as a guard, a basis
 * of 48 of which 35% of the unlocked part is kept at a restart. Measured on 24 random reservoirs
 * (n = 1000 and 2000, 3 to 30 entries per row, Gaussian and uniform, 3 start vectors each: no
 * miss, nor on test/fixtures/sparse/rim) and at n = 10^4: half the CPU time of the earlier 20
 * wanted of 80 (2.3 s against 5.1 s). Re-measured with the small Schur problems in WebAssembly
 * (about 0.6 ms each at m = 48, where the TypeScript took 1.5 ms warm and far more cold): still
 * the fastest at n = 10^4 (2526 products against 2890 for a basis of 56, 5431 for 40 and 6718 for
 * 36 keeping 40%; 1.3 s warm against 1.7, 2.4 and 3.0 s); at n = 10^3 those are within 20% of it
 * warm (30-43 ms) with more restarts. 40 and 56 miss nothing on the 30 reservoirs either.
 */
export const SPARSE_EIGS = { nev: 6, guard: SPARSE_EIGENVALUES - 6, guardTol: 1e-6, ncv: 48, keep: 0.35 } as const;
/** Up to this size SPARSE_EIGS (measured to n = 10^4); beyond, the wider SPARSE_EIGS_WIDE. */
export const SPARSE_EIGS_NARROW_UP_TO = 20000;
/**
 * Beyond SPARSE_EIGS_NARROW_UP_TO: 20 resolved (6 to 1e-12, 14 guards settled to 1e-6) in a basis
 * of 80, half kept. At n = 5*10^4 (10 per row) the narrow one settled on 3.17294 where scipy's
 * eigs(k=6, ncv=60, tol=0) gives 3.17984, and 16 resolved (10 guards) on 3.17912: the rim is more
 * crowded there. Guards to 1e-6 rather than 1e-8 found the same radius on four reservoirs (n =
 * 3*10^4 and 5*10^4, Gaussian and uniform) with 0.4x to 1x the products (6449 against 7853; 11874
 * and 15192 against 24455 on the hardest), where scipy's eigs(k=6) missed the radius on two.
 */
export const SPARSE_EIGS_WIDE = { nev: 6, guard: 14, guardTol: 1e-6 } as const;
export const sparseEigsFor = (n: number): typeof SPARSE_EIGS | typeof SPARSE_EIGS_WIDE => (n <= SPARSE_EIGS_NARROW_UP_TO ? SPARSE_EIGS : SPARSE_EIGS_WIDE);

/** W / 10^log10Scale as products with the CSR arrays (scale: the largest |entry|). */
export function csrOperator(a: CsrMatrix, aT: CsrMatrix = csrTranspose(a)): ScaledOperator {
  let big = 0;
  for (const x of a.values) big = Math.max(big, Math.abs(x));
  const inv = big > 0 ? 1 / big : 0;
  const apply = (m: CsrMatrix) => {
    const p = csrProducts(m);
    return (x: ArrayLike<number>, out: Float64Array): Float64Array => p.mul(x, out, inv);
  };
  return { n: a.rows, log10Scale: big > 0 ? Math.log10(big) : -Infinity, mul: apply(a), mulT: apply(aT) };
}

/** The eigenvalues of a permuted triangular W (its diagonal): the SPARSE_EIGENVALUES largest by modulus, exact. */
function diagonalEigenvalues(d: Float64Array): EigsResult {
  const top = Float64Array.from(d).sort((x, y) => Math.abs(y) - Math.abs(x) || y - x).slice(0, SPARSE_EIGENVALUES);
  return { re: top, im: new Float64Array(top.length), radius: Math.abs(top[0] ?? 0), converged: true, restarts: 0, products: 0, residual: 0 };
}

export function analyzeSparse(m: NamedMatrix, a: CsrMatrix, o: AnalyzeOptions): MatrixReport {
  const n = a.rows;
  const base = { nnz: nnzOf(a), density: densityOf(a) };
  if (!takesSparseRoute(a)) {
    const r = analyzeSquare(m, csrToDense(a), o);
    const sparse: SparseSummary = { ...base, method: 'dense', converged: r.eigenvaluesConverged, restarts: 0, products: 0 };
    return { ...r, sparse };
  }
  const aT = csrTranspose(a);
  const diagonal = permutedTriangularDiagonal(a);
  const eig = diagonal ? diagonalEigenvalues(diagonal) : largestEigenvalues(n, csrProducts(a).mul, sparseEigsFor(n));
  const notes: string[] = [];
  const sigma = sparseSpectralNorm(a, aT);
  const re = Float64Array.from(eig.re);
  const im = Float64Array.from(eig.im);
  sortEigenvalues(re, im);
  const finite = Number.isFinite(eig.radius);
  // Without convergence the radius is the best Ritz estimate, or sigma_max (an upper bound).
  const rho = finite ? eig.radius : sigma.value;
  const how = `Krylov–Schur on the sparse matrix (${eig.products} products, ${eig.restarts} restarts)`;
  if (diagonal) notes.push(`sparse: no cycle in W's pattern but its diagonal (triangular up to a permutation): the eigenvalues are the ${n} diagonal entries, exactly; the ${re.length} largest listed`);
  else if (eig.converged) notes.push(`sparse: the ${re.length} largest-modulus of ${n} eigenvalues, by ${how}; residual ${eig.residual.toExponential(1)}`);
  else notes.push(`sparse: the eigenvalue iteration did not converge (${how}): the spectral radius ${rho.toPrecision(6)} is ${finite ? 'an estimate' : 'an upper bound (sigma_max)'}`);
  if (!sigma.converged) notes.push(`sigma_max did not settle in ${sigma.steps} Lanczos steps: ${sigma.value.toPrecision(6)} is a lower bound`);
  const pn = sparsePowerNormsLog10(a, aT, o.horizon, eig.converged ? { spectralRadius: rho } : {});
  if (pn.method === 'bounded') notes.push(`||W^k|| beyond the exact range is a bound within ${pn.maxLog10Error.toPrecision(2)} in log10: ${pn.note}`);
  if (o.scale !== 1) notes.push(`what-if: W multiplied by ${o.scale} before analysis`);
  const values = pn.values;
  const bounds = pn.lower && pn.upper ? { lower: pn.lower, upper: pn.upper } : {};
  const sparse: SparseSummary = {
    ...base,
    method: diagonal ? 'triangular' : 'krylov-schur',
    converged: eig.converged,
    restarts: eig.restarts,
    products: eig.products,
    ...(Number.isFinite(eig.residual) ? { residual: eig.residual } : {}),
  };
  return {
    name: m.name,
    role: m.role,
    layout: m.layout,
    dtype: m.dtype,
    shape: m.shape,
    spectralRadius: rho,
    spectralNorm: sigma.value,
    frobeniusNorm: csrFrobenius(a),
    eigenvalues: eig.converged ? Array.from(re, (x, i) => [x, im[i]!] as [number, number]) : [],
    eigenvaluesConverged: eig.converged,
    singularValues: [sigma.value],
    log10PowerNorms: values,
    powerNormMethod: { method: pn.method, maxLog10Error: pn.maxLog10Error, note: pn.note, ...bounds },
    peakPowerNorm: peakOf(values),
    verdict: verdictOf({ log10PowerNorms: values, spectralRadius: rho, ...bounds }, o.thresholds),
    asymptotic: asymptoticOf(rho, o.thresholds),
    log10GrowthAtHorizon: values[values.length - 1] ?? null,
    trajectory: squareTrajectory({ w: csrOperator(a, aT), spectralNorm: sigma.value, options: o, name: m.name }),
    notes,
    scale: o.scale,
    sparse,
  };
}
