/**
 * Linear-algebra kernels over dense row-major Float64Array matrices (the contract that
 * src/core/analysis uses). Browser-safe: no node: imports, no editor.
 *
 *   eigenvalues(a, {maxIterations?, balance?}) -> {re, im, converged, iterations}
 *       all n eigenvalues sorted |λ| desc, re desc, im desc (+i before -i); `a` is not mutated;
 *       never throws on numeric trouble: an iteration cap or non-finite input gives converged false.
 *       Balancing, Householder Hessenberg (blocked from n = 64), Francis double-shift QR with exceptional
 *       shifts; from n = 320 aggressive early deflation + multishift sweeps. The hot loops run in
 *       two-lane WebAssembly SIMD kernels assembled at run time (simdKernels.ts, wasmEmit.ts);
 *       engines without WebAssembly SIMD run the same loops in TypeScript, to the same result.
 *   spectralRadius(e)          max |λ|
 *   spectralNorm(a)            σ_max of any shape (0 for zero/empty) by Golub–Kahan–Lanczos with
 *                              full reorthogonalisation (~1e-15 relative), Jacobi as the fallback.
 *   singularValues(a, max?)    descending; `max` = how many of the largest. Jacobi (accurate) up
 *                              to min(m, n) = 256, Lanczos beyond (absolute accuracy ~eps σ_max).
 *                              Square matrices up to n = 128 may take jacobiSingularValuesSimd
 *                              (jacobiSimd.ts): the same sweeps in a WebAssembly kernel.
 *   frobeniusNorm(a)           scaled sum of squares, no overflow or underflow.
 *   powerNormsLog10(a, K, {budgetFlops?, spectralRadius?})
 *       log10 ||a^k||_2 for k = 0..K; null = a^k exactly zero; never Infinity/NaN. Exact while the
 *       cost fits `budgetFlops` (DEFAULT_POWER_BUDGET_FLOPS = 3e11: n = 2048, K = 60 is exact),
 *       then `method: 'bounded'` with the largest error in `maxLog10Error` and a `note`. Also
 *       σ_max as `spectralNorm` (its k = 1 step). The structured products and the Lanczos norms
 *       run in WebAssembly kernels (powerSteps.ts), with TypeScript loops as fallback. `{hessenberg}` takes the form that
 *       `eigenvalues(a, {keepHessenberg: true})` returns when balancing left `a` unchanged.
 *   matVec(a, x, out), matTVec(a, x, out), matMul(a, b)   products (matMul blocked).
 */
export { eigenvalues, spectralRadius, sortEigenvalues } from './eigen';
export type { EigenResult, EigenOptions, OrthogonalHessenberg } from './eigen';
export { spectralNorm, singularValues } from './svd';
export { lanczosSingularValues } from './lanczos';
export { jacobiSingularValues } from './jacobi';
export { frobeniusNorm, matVec, matTVec, matMul } from './dense';
export { powerNormsLog10, DEFAULT_POWER_BUDGET_FLOPS, exactCost } from './powerNorms';
export type { PowerNorms, PowerNormOptions } from './powerNorms';
