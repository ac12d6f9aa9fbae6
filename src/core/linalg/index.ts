/**
 * Linear-algebra kernels over dense row-major Float64Array matrices (contract for src/core/analysis).
 *
 *   eigenvalues(a)             all eigenvalues, sorted |λ| desc, re desc, im desc; converged flag
 *   spectralRadius(e)          max |λ|
 *   spectralNorm(a)            σ_max = ||a||_2 (any shape)
 *   singularValues(a, max?)    descending; `max` = how many of the largest
 *   frobeniusNorm(a)           overflow-safe
 *   powerNormsLog10(a, K)      log10 ||a^k||_2, k = 0..K, null = exactly zero; exact or bounded
 *   matVec, matTVec, matMul    products
 * Browser-safe: no node: imports.
 */
export { eigenvalues, spectralRadius, sortEigenvalues } from './eigen';
export type { EigenResult, EigenOptions } from './eigen';
export { spectralNorm, singularValues } from './svd';
export { lanczosSingularValues } from './lanczos';
export { jacobiSingularValues } from './jacobi';
export { frobeniusNorm, matVec, matTVec, matMul } from './dense';
export { powerNormsLog10, DEFAULT_POWER_BUDGET_FLOPS } from './powerNorms';
export type { PowerNorms, PowerNormOptions } from './powerNorms';
