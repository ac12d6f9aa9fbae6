/**
 * Linear-algebra kernels over dense row-major Float64Array matrices (contract for src/core/analysis).
 *
 *   eigenvalues(a: Matrix): EigenResult            all eigenvalues, sorted |λ| desc, re desc, im desc
 *   spectralNorm(a: Matrix): number                 σ_max = ||a||_2 (a may be rectangular)
 *   singularValues(a: Matrix, max?: number): Float64Array   descending
 *   frobeniusNorm(a: Matrix): number
 *   powerNormsLog10(a: Matrix, K: number): PowerNorms       log10 ||a^k||_2, k = 0..K, null = exactly zero
 */
export {};
