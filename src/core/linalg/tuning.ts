/**
 * The eigenvalue solver's machine constants and tuning parameters, in one table (the role of
 * LAPACK's dlamch and iparmq/ISPEC). Each crossover was measured on this project's benchmarks
 * (`npm run bench linalg`); change one here and re-measure there.
 *
 * References: Francis (1961) for the double-shift QR step; Ahues & Tisseur (1997) for the
 * deflation test; Braman, Byers & Mathias (2002), "The multishift QR algorithm, Part II:
 * aggressive early deflation"; LAPACK 3.12 dlahqr.f, dlaqr0.f, dhseqr.f, dgebal.f.
 */

/** Unit roundoff times the base (dlamch('P')): 2^-52. */
export const ULP = Number.EPSILON;
/** Smallest normal double (dlamch('S')): 2^-1022. */
export const SAFMIN = 2 ** -1022;
/** dlahqr's threshold for a negligible subdiagonal in an n x n problem: SAFMIN n / ULP. */
export const smallNumber = (n: number): number => SAFMIN * (n / ULP);

/** Iterations without a deflation before an exceptional shift (dlahqr's KEXSH). */
export const EXCEPTIONAL_EVERY = 10;
/** Exceptional shift: diagonal entry plus DAT1 times the subdiagonal sum (dlahqr's DAT1). */
export const DAT1 = 0.75;
/** Exceptional shift: the pair's off-diagonal product is DAT2 times that sum squared (DAT2). */
export const DAT2 = -0.4375;
/** Default cap on QR sweeps: ITMAX_PER_EIGENVALUE per eigenvalue, and never fewer than 10 of those. */
export const ITMAX_PER_EIGENVALUE = 30;
export const defaultMaxIterations = (n: number): number => ITMAX_PER_EIGENVALUE * Math.max(10, n);

/** From this size on, aggressive early deflation and multishift sweeps (below, plain double-shift QR). */
export const MULTISHIFT_FROM = 320;
/** Active blocks smaller than this go to the plain double-shift iteration (dlaqr0's NMIN). */
export const NMIN = 75;
/** Early-deflation rounds without any deflation before falling back to the plain iteration. */
export const STALL = 8;
/**
 * From this size on (2 NB, the least the panels need) a matrix in the kernels' memory gets the
 * blocked reduction: with the panels' products in the kernels it wins at every size measured,
 * 32 to 1024, warm and in a fresh process.
 */
export const BLOCKED_FROM = 32;
/** The same for a matrix outside the kernels' memory (TypeScript loops only, which win only from here). */
export const BLOCKED_FROM_WITHOUT_KERNELS = 320;
/**
 * Panel width of the blocked Hessenberg reduction (dgehrd's NB); a multiple of 8, as its loops take
 * reflectors four and eight at a time. 16 beat 32 at n = 128 .. 512 (by 14 .. 6%) and tied at 1024.
 */
export const NB = 16;
/** Reflectors batched together in the bulge chase before their far updates. */
export const BULGE_BATCH = 16;
/** Up to this size, all singular values by one-sided Jacobi; above, sigma_max by Lanczos. */
export const JACOBI_MAX = 256;
