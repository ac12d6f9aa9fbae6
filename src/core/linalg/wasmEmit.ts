/**
 * A minimal WebAssembly binary writer: just enough to assemble the SIMD kernels in
 * simdKernels.ts from TypeScript at run time (no external compiler, nothing prebuilt).
 * Instructions are plain byte arrays; `fn` and `module` add the framing.
 */

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

export type Bytes = number[];

export function uleb(v: number): Bytes {
  const out: Bytes = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

export function sleb(v: number): Bytes {
  const out: Bytes = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const vec = (items: Bytes[]): Bytes => [...uleb(items.length), ...items.flat()];
const name = (s: string): Bytes => vec([...s].map((c) => [c.charCodeAt(0)]));
const section = (id: number, body: Bytes): Bytes => [id, ...uleb(body.length), ...body];

// Instructions (each returns its bytes; concatenate them in stack order).
export const get = (i: number): Bytes => [0x20, ...uleb(i)];
export const set = (i: number): Bytes => [0x21, ...uleb(i)];
export const tee = (i: number): Bytes => [0x22, ...uleb(i)];
export const i32 = (v: number): Bytes => [0x41, ...sleb(v)];
export const i32Add: Bytes = [0x6a];
export const i32Sub: Bytes = [0x6b];
export const i32Mul: Bytes = [0x6c];
export const i32Shl: Bytes = [0x74];
export const i32GtS: Bytes = [0x4a];
export const i32GeS: Bytes = [0x4e];
export const f64Load = (offset = 0): Bytes => [0x2b, 3, ...uleb(offset)];
export const i32Load = (offset = 0): Bytes => [0x28, 2, ...uleb(offset)];
export const f64Mul: Bytes = [0xa2];
export const f64Add: Bytes = [0xa0];
export const f64Store = (offset = 0): Bytes => [0x39, 3, ...uleb(offset)];
export const i32And: Bytes = [0x71];
export const i32Eqz: Bytes = [0x45];
const simd = (op: number): Bytes => [0xfd, ...uleb(op)];
export const vLoad = (offset = 0): Bytes => [...simd(0), 3, ...uleb(offset)];
export const vStore = (offset = 0): Bytes => [...simd(11), 3, ...uleb(offset)];
export const vSplat: Bytes = simd(20);
export const vLane = (lane: number): Bytes => [...simd(33), lane];
/** Both lanes zero. */
export const vZero: Bytes = [0x41, 0, 0xb7, ...simd(20)];
/** One double into lane 0, zero in lane 1. */
export const vLoad64Zero = (offset = 0): Bytes => [...simd(93), 3, ...uleb(offset)];
/** [address, vector] -> the vector with lane `lane` loaded from memory. */
export const vLoad64Lane = (offset: number, lane: number): Bytes => [...simd(87), 3, ...uleb(offset), lane];
/** [address, vector] -> stores lane `lane`. */
export const vStore64Lane = (offset: number, lane: number): Bytes => [...simd(91), 3, ...uleb(offset), lane];
export const vAdd: Bytes = simd(240);
export const vSub: Bytes = simd(241);
export const vMul: Bytes = simd(242);
export const vDiv: Bytes = simd(243);
// Scalar instructions (the QR iteration's and the Lanczos kernels').
export const f64Sub: Bytes = [0xa1];
export const f64Div: Bytes = [0xa3];
export const f64Abs: Bytes = [0x99];
export const f64Neg: Bytes = [0x9a];
export const f64Sqrt: Bytes = [0x9f];
export const f64Min: Bytes = [0xa4];
export const f64Max: Bytes = [0xa5];
export const f64Eq: Bytes = [0x61];
export const f64Ne: Bytes = [0x62];
export const f64Lt: Bytes = [0x63];
export const f64Gt: Bytes = [0x64];
export const f64Le: Bytes = [0x65];
export const f64Ge: Bytes = [0x66];
export const i32Eq: Bytes = [0x46];
export const i32Ne: Bytes = [0x47];
export const i32LtS: Bytes = [0x48];
export const i32LeS: Bytes = [0x4c];
export const i32RemS: Bytes = [0x6f];
export const i32Or: Bytes = [0x72];
export const f64FromI32: Bytes = [0xb7];
/** [a, b, cond] -> cond ? a : b. */
export const select: Bytes = [0x1b];
export const ret: Bytes = [0x0f];
export const call = (fn: number): Bytes => [0x10, ...uleb(fn)];
export function f64Const(v: number): Bytes {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v, true);
  return [0x44, ...b];
}
/** Concatenation of instruction lists. */
export const seq = (...parts: Bytes[]): Bytes => parts.flat();
/** if (cond) then [else otherwise], no result. */
export const iff = (cond: Bytes, then: Bytes, otherwise?: Bytes): Bytes => seq(cond, [0x04, 0x40], then, otherwise ? seq([0x05], otherwise) : [], end);

/** block / loop with no result; `end` closes either. */
export const block: Bytes = [0x02, 0x40];
export const loop: Bytes = [0x03, 0x40];
export const end: Bytes = [0x0b];
export const br = (depth: number): Bytes => [0x0c, ...uleb(depth)];
export const brIf = (depth: number): Bytes => [0x0d, ...uleb(depth)];
/** while (cond) body, as block/loop (body may not branch out). */
export const whileDo = (cond: Bytes, body: Bytes): Bytes => seq(block, loop, cond, i32Eqz, brIf(1), body, br(0), end, end);
/** local l += v (i32). */
export const addTo = (l: number, v: number): Bytes => seq(get(l), i32(v), i32Add, set(l));

export interface FnSpec {
  readonly name: string;
  readonly params: readonly number[];
  /** Result types (none when absent). */
  readonly results?: readonly number[];
  /** Extra locals (indices follow the parameters in this order). */
  readonly locals: readonly number[];
  readonly body: Bytes;
}

/** A module importing memory `env.memory` and exporting the given functions (function i is `call(i)`). */
export function module(fns: readonly FnSpec[]): Uint8Array {
  const types = section(1, vec(fns.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...vec((f.results ?? []).map((r) => [r]))])));
  const imports = section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 1]]));
  const funcs = section(3, vec(fns.map((_, i) => uleb(i))));
  const exports = section(7, vec(fns.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])));
  const code = section(10, vec(fns.map((f) => {
    const locals = vec(f.locals.map((t) => [1, t]));
    const body = [...locals, ...f.body, ...end];
    return [...uleb(body.length), ...body];
  })));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...funcs, ...exports, ...code]);
}
