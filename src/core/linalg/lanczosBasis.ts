/**
 * The Lanczos bases of gkl (lanczos.ts) in WebAssembly memory, and its Gram–Schmidt against them
 * as a two-lane kernel in the TypeScript's order of operations (dot products with two partial
 * sums, even and odd entries, which are the two lanes; x -= c b entry by entry), so both give the
 * same bits. The vectors live in chunks of CHUNK, each a memory of its own (never grown), so a
 * basis takes memory as it grows, as the TypeScript arrays did; the vectors handed back are views
 * of that memory.
 */
import {
  I32, F64, V128, addTo, f64Add, f64Const, f64Load, f64Mul, f64Ne, f64Store, f64Sub, get, i32, i32Add, i32And, i32LtS, i32Shl, iff, module, seq, set, tee,
  vAdd, vLane, vLoad, vMul, vSplat, vStore, vSub, vZero, whileDo, type FnSpec,
} from './wasmEmit';
import { compileOrNull, instantiateFresh, type WasmModuleSpec } from './wasmRuntime';

/**
 * reorthPass(x, basis, count, len, stride): for each of `count` vectors b (stride bytes apart):
 * c = x . b, then x -= c b unless c is zero (x, basis byte addresses; len doubles).
 */
function reorthPass(): FnSpec {
  // 0 x, 1 basis, 2 count, 3 len, 4 stride | 5 b, 6 addr, 7 c, 8 pairs, 9 bytes | 10 s (f64) | 11 acc, 12 cs (v128)
  const at = (base: number): number[] => seq(get(base), get(7), i32Add);
  const dot = seq(
    vZero, set(11), i32(0), set(7),
    whileDo(seq(get(7), get(8), i32LtS), seq(get(11), at(0), vLoad(), at(6), vLoad(), vMul, vAdd, set(11), addTo(7, 16))),
    get(11), vLane(0), set(10),
    iff(seq(get(7), get(9), i32LtS), seq(get(10), at(0), f64Load(), at(6), f64Load(), f64Mul, f64Add, set(10))),
    get(10), get(11), vLane(1), f64Add, set(10),
  );
  const update = seq(
    get(10), vSplat, set(12), i32(0), set(7),
    whileDo(seq(get(7), get(8), i32LtS), seq(at(0), at(0), vLoad(), get(12), at(6), vLoad(), vMul, vSub, vStore(), addTo(7, 16))),
    iff(seq(get(7), get(9), i32LtS), seq(at(0), at(0), f64Load(), get(10), at(6), f64Load(), f64Mul, f64Sub, f64Store())),
  );
  const body = seq(
    get(3), i32(3), i32Shl, tee(9), i32(-16), i32And, set(8), i32(0), set(5), get(1), set(6),
    whileDo(seq(get(5), get(2), i32LtS), seq(dot, iff(seq(get(10), f64Const(0), f64Ne), update), addTo(5, 1), get(6), get(4), i32Add, set(6))),
  );
  return { name: 'reorthPass', params: [I32, I32, I32, I32, I32], locals: [I32, I32, I32, I32, I32, F64, V128, V128], body };
}

export const LANCZOS_BASIS: WasmModuleSpec = { name: 'lanczosBasis', assemble: () => module([reorthPass()]) };

/** Vectors per chunk of memory. */
const CHUNK = 16;
/** Shorter vectors stay in TypeScript arrays (a chunk's set-up is not repaid). */
export const BASIS_FROM = 512;

let compiled: object | null | undefined;

interface Chunk {
  readonly f: Float64Array;
  readonly pass: (x: number, basis: number, count: number, len: number, stride: number) => void;
  count: number;
}

export interface LanczosBasis {
  readonly len: number;
  /** Empties the basis, keeping its memory for the next run (earlier views then change). */
  reset(): void;
  /** A copy of v in the basis (a view of its memory), appended after the earlier ones. */
  add(v: Float64Array): Float64Array;
  /**
   * Gram–Schmidt of x against the basis, twice (lanczos.ts's reorthogonalise); `pass` is the
   * TypeScript's one pass, for vectors that found no memory.
   */
  reorthogonalise(x: Float64Array, pass: (x: Float64Array, basis: readonly Float64Array[]) => void): void;
}

/** A basis of vectors of `len` entries in WebAssembly, or null where it does not pay or compile. */
export function lanczosBasis(len: number): LanczosBasis | null {
  if (len < BASIS_FROM) return null;
  if (compiled === undefined) compiled = compileOrNull(LANCZOS_BASIS);
  const mod = compiled;
  if (!mod) return null;
  // Slot 0 of each chunk holds x; vectors start on 16-byte boundaries.
  const slot = len + (len % 2);
  const stride = 8 * slot;
  const chunks: Chunk[] = [];
  // Vectors past a refused memory (and all later ones, to keep the order) stay in TypeScript.
  const loose: Float64Array[] = [];
  const grow = (): Chunk | undefined => {
    const made = instantiateFresh(mod, stride * (CHUNK + 1));
    if (!made) return undefined;
    const c = { f: new Float64Array(made.memory.buffer), pass: made.exports.reorthPass as Chunk['pass'], count: 0 };
    chunks.push(c);
    return c;
  };
  return {
    len,
    reset() {
      for (const c of chunks) c.count = 0;
      loose.length = 0;
    },
    add(v) {
      // The first chunk with room (after a reset the earlier ones are empty again).
      let c = chunks.find((k) => k.count < CHUNK);
      if (loose.length === 0 && c === undefined) c = grow();
      if (loose.length > 0 || !c) {
        const copy = Float64Array.from(v.subarray(0, len));
        loose.push(copy);
        return copy;
      }
      const at = slot * (1 + c.count++);
      c.f.set(v.subarray(0, len), at);
      return c.f.subarray(at, at + len);
    },
    reorthogonalise(x, pass) {
      for (let p = 0; p < 2; p++) {
        for (const c of chunks) {
          if (c.count === 0) break;
          c.f.set(x, 0);
          c.pass(0, stride, c.count, len, stride);
          x.set(c.f.subarray(0, len));
        }
        pass(x, loose);
      }
    },
  };
}
