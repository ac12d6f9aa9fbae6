/**
 * Writes torch.save-style zip checkpoints from TypeScript, as PyTorch lays them out: a protocol-2
 * `<archive>/data.pkl` of an OrderedDict of `_rebuild_tensor_v2` calls whose storages are
 * persistent ids, then one stored member per storage. For tests, the fuzz and the bench.
 */
import { writeZip, type ZipMember } from './zipWriter';

export interface TorchTensor {
  readonly name: string;
  readonly shape: readonly number[];
  /** Row-major float32 values, or a byte count of zeros (a large embedding without the values in memory). */
  readonly data: Float32Array | { readonly zeros: number };
  /** Storage layout when not row-major contiguous (a saved transposed view). */
  readonly stride?: readonly number[];
}

const enc = new TextEncoder();

/** A small pickle assembler: opcodes and their arguments as bytes. */
class Pickle {
  private readonly parts: number[] = [];
  op(code: string): this {
    this.parts.push(code.charCodeAt(0));
    return this;
  }
  raw(...bytes: number[]): this {
    this.parts.push(...bytes);
    return this;
  }
  global(module: string, name: string): this {
    this.op('c').parts.push(...enc.encode(`${module}\n${name}\n`));
    return this;
  }
  str(s: string): this {
    const b = enc.encode(s);
    this.op('X').int32(b.length).parts.push(...b);
    return this;
  }
  int(v: number): this {
    return this.op('J').int32(v);
  }
  tuple(values: readonly number[]): this {
    this.op('(');
    for (const v of values) this.int(v);
    return this.op('t');
  }
  private int32(v: number): this {
    this.parts.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    return this;
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

const contiguous = (shape: readonly number[]): number[] => shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));

/** The data.pkl of a state dict whose tensor i lives in storage key `String(i)`. */
export function stateDictPickle(tensors: readonly TorchTensor[]): Uint8Array {
  const p = new Pickle().raw(0x80, 2).global('collections', 'OrderedDict').op(')').op('R').op('(');
  tensors.forEach((t, i) => {
    const numel = t.data instanceof Float32Array ? t.data.length : t.data.zeros / 4;
    p.str(t.name).global('torch._utils', '_rebuild_tensor_v2').op('(');
    p.op('(').str('storage').global('torch', 'FloatStorage').str(String(i)).str('cpu').int(numel).op('t').op('Q');
    p.int(0).tuple(t.shape).tuple(t.stride ?? contiguous(t.shape)).raw(0x89);
    p.global('collections', 'OrderedDict').op(')').op('R').op('t').op('R');
  });
  return p.op('u').op('.').bytes();
}

/** The members of a checkpoint: data.pkl, version, then each storage (stored, as torch writes them). */
export function checkpointMembers(tensors: readonly TorchTensor[], archive = 'archive'): ZipMember[] {
  const members: ZipMember[] = [{ name: `${archive}/data.pkl`, data: stateDictPickle(tensors) }];
  tensors.forEach((t, i) => {
    const data = t.data instanceof Float32Array ? new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength) : new Uint8Array(t.data.zeros);
    members.push({ name: `${archive}/data/${i}`, data });
  });
  members.push({ name: `${archive}/version`, data: enc.encode('3\n') });
  return members;
}

/** A whole checkpoint in memory. */
export function writeCheckpoint(tensors: readonly TorchTensor[]): Uint8Array {
  return writeZip(checkpointMembers(tensors));
}
