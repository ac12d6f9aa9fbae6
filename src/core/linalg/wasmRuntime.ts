/**
 * Compiling and instantiating the engine's WebAssembly kernels: the one place that touches the
 * WebAssembly JS API. Every failure (no WebAssembly SIMD, a CSP that forbids compiling, no memory)
 * gives null, and the callers run their TypeScript loops instead.
 */
import { errorMessage } from '../errors';

/** The part of the WebAssembly JS API used here (the core's lib setting has no wasm types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
declare const WebAssembly: {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
};

export const WASM_PAGE = 65536;

let firstFailure: string | undefined;

/**
 * Why the first kernel could not be compiled or instantiated in this process (undefined while all
 * could): the callers fall back quietly, so whoever keeps a log asks here.
 */
export function wasmFailure(): string | undefined {
  return firstFailure;
}

function failed(what: string, e: unknown): null {
  firstFailure ??= `${what}: ${errorMessage(e)}`;
  return null;
}

/** One kernel module: the name its bytes go by and the code that assembles them (wasmEmit.ts). */
export interface WasmModuleSpec {
  readonly name: string;
  readonly assemble: () => Uint8Array;
}

/**
 * Every kernel module's bytes by name, as JSON text (`{"name": [bytes...]}`): assembled by the
 * build from the same sources as the bundle it is defined in (scripts/build.mjs, from
 * wasmModules.ts), since assembling is thousands of small calls that a fresh process runs in its
 * interpreter, about 8 ms of a cold CLI run on a 64 x 64 matrix. Undefined when the sources run
 * directly (tests) and in watch builds: each module is then assembled here.
 */
declare const RGL_ASSEMBLED_WASM: string | undefined;
/** True in the webview bundles, whose CSP forbids compiling WebAssembly (scripts/build.mjs). */
declare const RGL_NO_WASM: boolean | undefined;
let assembledTable: Readonly<Record<string, readonly number[]>> | undefined;

function buildTable(): Readonly<Record<string, readonly number[]>> {
  assembledTable ??= typeof RGL_ASSEMBLED_WASM === 'undefined' ? {} : (JSON.parse(RGL_ASSEMBLED_WASM) as Record<string, readonly number[]>);
  return assembledTable;
}

/**
 * A compiled module, or null where these bytes cannot be compiled here. `assembled` stands for
 * the build's table (tests pass their own).
 */
export function compileOrNull(spec: WasmModuleSpec, assembled?: Readonly<Record<string, readonly number[]>>): object | null {
  if (typeof RGL_NO_WASM !== 'undefined' && RGL_NO_WASM) return null;
  try {
    const ready = (assembled ?? buildTable())[spec.name];
    return new WebAssembly.Module(ready === undefined ? spec.assemble() : new Uint8Array(ready));
  } catch (e) {
    return failed('compiling', e);
  }
}

/**
 * An instance of `mod` over a fresh memory of at least `bytes` bytes, or null. Memory is never
 * grown: growing detaches the old ArrayBuffer, and the first detached buffer in a process makes V8
 * check every typed-array access for detachment from then on (measured: plain Float64Array loops
 * 1.5x slower). A larger need gets a new memory and instance; the old ones are left to the GC.
 */
export function instantiateFresh(mod: object, bytes: number): { memory: WasmMemory; exports: Record<string, unknown> } | null {
  try {
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / WASM_PAGE)) });
    return { memory, exports: new WebAssembly.Instance(mod, { env: { memory } }).exports };
  } catch (e) {
    return failed(`instantiating with ${bytes} bytes`, e);
  }
}
