/**
 * Every WebAssembly kernel module of the engine, for the build to assemble ahead of time
 * (scripts/build.mjs defines the table in each Node bundle; wasmRuntime.ts compiles from it).
 * Nothing at run time imports this file: each kernel keeps assembling its own module when no
 * table was built in.
 */
import { JACOBI_SWEEP } from './jacobiSimd';
import { LANCZOS_BASIS } from './lanczosBasis';
import { NORM_KERNELS } from './normKernels';
import { PRODUCT_KERNELS } from './productKernels';
import { SIMD_KERNELS } from './simdKernels';
import { BASIS_KERNELS } from '../sparse/basisKernels';
import { CSR_KERNELS } from '../sparse/csrKernel';
import { SCHUR_KERNELS } from '../sparse/schurKernels';
import type { WasmModuleSpec } from './wasmRuntime';

export const WASM_MODULES: readonly WasmModuleSpec[] = [SIMD_KERNELS, JACOBI_SWEEP, NORM_KERNELS, PRODUCT_KERNELS, BASIS_KERNELS, SCHUR_KERNELS, CSR_KERNELS, LANCZOS_BASIS];

/** Each module's bytes by name, as plain numbers (a JSON value for the bundler's `define`). */
export function assembleWasmModules(modules: readonly WasmModuleSpec[] = WASM_MODULES): Record<string, number[]> {
  const table: Record<string, number[]> = {};
  for (const m of modules) {
    if (m.name in table) throw new Error(`two WebAssembly modules are named ${m.name}`);
    table[m.name] = Array.from(m.assemble());
  }
  return table;
}
