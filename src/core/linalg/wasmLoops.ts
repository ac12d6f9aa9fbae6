/**
 * Loops, addressing and locals for scalar kernels written with wasmEmit.ts: small helpers so a
 * kernel reads like the TypeScript it mirrors.
 */
import { F64, I32, block, br, brIf, end, f64Abs, f64Load, f64Store, get, i32, i32Add, i32Eqz, i32LtS, i32Mul, i32Shl, loop, seq, set, type Bytes } from './wasmEmit';

/** A function's parameters first, then its locals handed out one by one. */
export class Frame {
  readonly types: number[] = [];
  constructor(private readonly params: number) {}
  private add(t: number): number {
    this.types.push(t);
    return this.params + this.types.length - 1;
  }
  i(): number {
    return this.add(I32);
  }
  f(): number {
    return this.add(F64);
  }
}

/** while (cond) body (body may not branch out). */
export const whileDo = (cond: Bytes, body: Bytes): Bytes => seq(block, loop, cond, i32Eqz, brIf(1), body, br(0), end, end);
export const addI = (v: number, d: number): Bytes => seq(get(v), i32(d), i32Add, set(v));
/** for (v = from; v < to; v++) body, with `to` evaluated each time. */
export const forUp = (v: number, from: Bytes, to: Bytes, body: Bytes): Bytes => seq(from, set(v), whileDo(seq(get(v), to, i32LtS), seq(body, addI(v, 1))));
export const ld = (a: Bytes): Bytes => seq(a, f64Load());
export const st = (a: Bytes, v: Bytes): Bytes => seq(a, v, f64Store());
/** Byte address of the double base[r * stride + c] (i32 expressions). */
export const at = (base: Bytes, r: Bytes, stride: Bytes, c: Bytes): Bytes => seq(base, r, stride, i32Mul, c, i32Add, i32(3), i32Shl, i32Add);
/** Byte address of the double base[i]. */
export const el = (base: Bytes, i: Bytes): Bytes => seq(base, i, i32(3), i32Shl, i32Add);
export const abs = (x: Bytes): Bytes => seq(x, f64Abs);
