/**
 * The Gram products of two lists of vectors, K[s][t] = (u_s . u_t)(h_s . h_t), in WebAssembly:
 * T^2 n multiply-adds that a fresh process would otherwise run in its interpreter. The kernel
 * adds each dot's products in order, so K has the same bits as the plain TypeScript loops.
 */
import type { NormKernelExports } from './normKernels';
import { compiledModule } from './normLanczos';
import { instantiateFresh } from './wasmRuntime';

/** K (count x count, row-major), or null where the kernels are unavailable (the caller loops itself). */
export function gramProducts(u: readonly Float64Array[], h: readonly Float64Array[]): Float64Array | null {
  const count = u.length;
  const n = u[0]?.length ?? 0;
  if (count === 0 || h.length !== count) return null;
  const mod = compiledModule();
  const len = 8 * n;
  const uAddr = 8 * count * count;
  const hAddr = uAddr + count * len;
  const bytes = hAddr + count * len;
  if (!mod || bytes >= 2 ** 31) return null;
  const made = instantiateFresh(mod, bytes);
  if (!made) return null;
  const f = new Float64Array(made.memory.buffer);
  for (let s = 0; s < count; s++) {
    const us = u[s]!;
    const hs = h[s]!;
    if (us.length !== n || hs.length !== n) return null;
    f.set(us, uAddr / 8 + s * n);
    f.set(hs, hAddr / 8 + s * n);
  }
  (made.exports as unknown as NormKernelExports).gram(0, uAddr, hAddr, count, len);
  return f.slice(0, count * count);
}
