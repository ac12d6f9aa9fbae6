/**
 * A restricted unpickler: a stack machine over the opcodes of pickle protocols 0-5 that builds
 * only plain data. Globals resolve through the allowlist in pickleGlobals.ts; any other global is
 * never called — REDUCE/NEWOBJ/INST/OBJ on it make an inert PyObject and its name is recorded.
 * There is no recursion, and memo size, object count and string lengths are bounded, so hostile
 * bytes end in a located WeightFileError, never in a hang, a crash or a prototype write.
 */
import { errorMessage, WeightFileError } from '../errors';
import { buildAllowed, constructorOf, resolveGlobal } from './pickleGlobals';
import { PyDict, PyGlobal, PyList, PyObject, PySet, PyTuple, shortRepr, type DictKey, type PyValue } from './pickleValues';

export interface UnpickleOptions {
  /** Byte offset of `bytes[0]` in the file, for error places. */
  readonly base: number;
  /** Where in `bytes` this pickle starts (legacy files hold several in a row). */
  readonly start?: number;
  /** Names the stream in messages (`data.pkl`). */
  readonly label: string;
  /** Resolves PERSID/BINPERSID ids (torch storages); `at` is the opcode's file offset. */
  readonly persistentLoad?: (pid: PyValue, at: number) => PyValue;
  readonly maxMemo?: number;
  readonly maxObjects?: number;
}

export interface Unpickled {
  readonly value: PyValue;
  /** Index in `bytes` just past the STOP opcode. */
  readonly end: number;
  /** Globals that a Python unpickler would have called, with their first arguments (`posix.system('touch marker')`). */
  readonly notRun: readonly string[];
}

export function unpickle(bytes: Uint8Array, o: UnpickleOptions): Unpickled {
  const maxMemo = o.maxMemo ?? 500_000;
  const maxObjects = o.maxObjects ?? 5_000_000;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const latin1 = new TextDecoder('latin1');
  const utf8 = new TextDecoder('utf-8');
  let p = o.start ?? 0;
  let op = p;
  let objects = 0;
  const stack: PyValue[] = [];
  /** Stack heights at each MARK: items above the last one belong to it. */
  const marks: number[] = [];
  const memo = new Map<number, PyValue>();
  const notRun = new Map<string, string>();

  const fail = (message: string, at = op): never => {
    throw new WeightFileError(`${o.label}: ${message}`, { kind: 'byte', offset: o.base + at });
  };
  const need = (n: number): number => {
    if (!(n >= 0) || p + n > bytes.length) fail(`the pickle ends inside an opcode (needs ${n} bytes at ${p - (o.start ?? 0)})`, Math.min(p, bytes.length));
    const at = p;
    p += n;
    return at;
  };
  const u8 = (): number => view.getUint8(need(1));
  const u16 = (): number => view.getUint16(need(2), true);
  const u32 = (): number => view.getUint32(need(4), true);
  const u64 = (): number => {
    const at = need(8);
    const v = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
    return v > Number.MAX_SAFE_INTEGER ? fail('a length beyond 2^53') : v;
  };
  const take = (n: number): Uint8Array => bytes.subarray(need(n), p);
  const line = (): string => {
    const end = bytes.indexOf(0x0a, p);
    if (end < 0) fail('a text opcode has no end of line');
    const s = latin1.decode(bytes.subarray(p, end));
    p = end + 1;
    return s;
  };
  const push = (v: PyValue): void => {
    stack.push(v);
  };
  const made = <T extends PyValue>(v: T): T => {
    if (++objects > maxObjects) fail(`more than ${maxObjects} objects`);
    return v;
  };
  const floor = (): number => marks[marks.length - 1] ?? 0;
  const pop = (): PyValue => {
    if (stack.length <= floor()) fail('an opcode pops an empty stack');
    return stack.pop() as PyValue;
  };
  const top = (): PyValue => {
    if (stack.length <= floor()) fail('an opcode needs a value on the stack');
    return stack[stack.length - 1] as PyValue;
  };
  const popMark = (): PyValue[] => {
    const at = marks.pop();
    if (at === undefined) fail('an opcode needs a mark that was never set');
    return stack.splice(at as number);
  };
  const memoPut = (k: number): void => {
    if (!memo.has(k) && memo.size >= maxMemo) fail(`more than ${maxMemo} memo entries`);
    memo.set(k, top());
  };
  const memoGet = (k: number): PyValue => (memo.has(k) ? (memo.get(k) as PyValue) : fail(`memo entry ${k} is read before it is written`));
  const setItem = (d: PyValue, k: PyValue, v: PyValue): void => {
    if (d instanceof PyDict) d.map.set(k as DictKey, v);
    else if (d instanceof PyObject) (d.state instanceof PyDict ? d.state : (d.state = made(new PyDict()))).map.set(k as DictKey, v);
    else fail('SETITEM on something that is not a dict');
  };
  const append = (l: PyValue, vs: readonly PyValue[]): void => {
    if (l instanceof PyList || l instanceof PySet) l.items.push(...vs);
    else if (!(l instanceof PyObject)) fail('APPEND on something that is not a list');
  };
  /** Calls an allowlisted constructor, or records the call and returns an inert object. */
  const call = (fn: PyValue, args: readonly PyValue[]): PyValue => {
    if (fn instanceof PyGlobal) {
      const ctor = constructorOf(fn);
      if (ctor) {
        try {
          return made(ctor(args) ?? null);
        } catch (e) {
          return fail(`${fn.qualified}: ${errorMessage(e)}`);
        }
      }
      if (!notRun.has(fn.qualified)) notRun.set(fn.qualified, `${fn.qualified}(${shortRepr(new PyTuple(args))})`);
      return made(new PyObject(fn, args));
    }
    if (fn instanceof PyObject) return made(new PyObject(fn, args));
    return fail('a call of something that is not a class or function');
  };
  const int = (text: string): PyValue => {
    const t = text.trim().replace(/L$/, '');
    if (t === '00') return false;
    if (t === '01') return true;
    if (!/^[-+]?\d+$/.test(t)) fail(`'${t.slice(0, 20)}' is not an integer`);
    const b = BigInt(t);
    return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
  };
  const long = (raw: Uint8Array): PyValue => {
    let v = 0n;
    for (let i = raw.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(raw[i] as number);
    if (raw.length > 0 && ((raw[raw.length - 1] as number) & 0x80) !== 0) v -= 1n << BigInt(8 * raw.length);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  };
  const quoted = (s: string): string => {
    const q = s[0];
    if ((q !== "'" && q !== '"') || s[s.length - 1] !== q) fail('a STRING opcode without quotes');
    return s.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, e: string) =>
      e.length === 3 ? String.fromCharCode(parseInt(e.slice(1), 16)) : ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[e] ?? e);
  };

  for (;;) {
    op = p;
    const code = u8();
    switch (code) {
      case 0x80: { // PROTO
        const v = u8();
        if (v > 5) fail(`pickle protocol ${v} is newer than 5`);
        break;
      }
      case 0x95: u64(); break; // FRAME: a length hint only
      case 0x2e: { // STOP
        const value = pop();
        return { value, end: p, notRun: [...notRun.values()] };
      }
      case 0x28: marks.push(stack.length); break; // MARK
      case 0x30: if (stack.length > floor()) stack.pop(); else if (marks.length > 0) marks.pop(); else fail('POP on an empty stack'); break;
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: push(top()); break; // DUP
      case 0x4e: push(null); break; // NONE
      case 0x88: push(true); break;
      case 0x89: push(false); break;
      case 0x49: push(int(line())); break; // INT
      case 0x4a: push(view.getInt32(need(4), true)); break; // BININT
      case 0x4b: push(u8()); break; // BININT1
      case 0x4d: push(u16()); break; // BININT2
      case 0x4c: push(int(line())); break; // LONG
      case 0x8a: push(long(take(u8()))); break; // LONG1
      case 0x8b: { const n = view.getInt32(need(4), true); push(long(take(n))); break; } // LONG4
      case 0x46: { const t = line().trim(); const f = Number(t); push(Number.isNaN(f) && !/nan/i.test(t) ? fail(`'${t.slice(0, 20)}' is not a float`) : f); break; }
      case 0x47: push(view.getFloat64(need(8), false)); break; // BINFLOAT (big-endian)
      case 0x53: push(quoted(line().trim())); break; // STRING
      case 0x54: { const n = view.getInt32(need(4), true); push(latin1.decode(take(n))); break; } // BINSTRING
      case 0x55: push(latin1.decode(take(u8()))); break; // SHORT_BINSTRING
      case 0x56: push(line().replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))); break; // UNICODE
      case 0x58: push(utf8.decode(take(u32()))); break; // BINUNICODE
      case 0x8c: push(utf8.decode(take(u8()))); break; // SHORT_BINUNICODE
      case 0x8d: push(utf8.decode(take(u64()))); break; // BINUNICODE8
      case 0x42: push(made(take(u32()))); break; // BINBYTES
      case 0x43: push(made(take(u8()))); break; // SHORT_BINBYTES
      case 0x8e: case 0x96: push(made(take(u64()))); break; // BINBYTES8, BYTEARRAY8
      case 0x97: fail('out-of-band buffers (NEXT_BUFFER) are not supported'); break;
      case 0x98: break; // READONLY_BUFFER
      case 0x29: push(made(new PyTuple([]))); break; // EMPTY_TUPLE
      case 0x85: push(made(new PyTuple([pop()]))); break;
      case 0x86: { const b = pop(); const a = pop(); push(made(new PyTuple([a, b]))); break; }
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); push(made(new PyTuple([a, b, c]))); break; }
      case 0x74: { const items = popMark(); push(made(new PyTuple(items))); break; } // TUPLE
      case 0x5d: push(made(new PyList())); break; // EMPTY_LIST
      case 0x6c: { const items = popMark(); push(made(new PyList(items))); break; } // LIST
      case 0x7d: push(made(new PyDict())); break; // EMPTY_DICT
      case 0x64: { // DICT
        const items = popMark();
        const d = made(new PyDict());
        for (let i = 0; i + 1 < items.length; i += 2) d.map.set(items[i] as DictKey, items[i + 1] as PyValue);
        push(d);
        break;
      }
      case 0x8f: push(made(new PySet())); break; // EMPTY_SET
      case 0x90: { const items = popMark(); append(top(), items); break; } // ADDITEMS
      case 0x91: { const items = popMark(); push(made(new PySet(items))); break; } // FROZENSET
      case 0x61: { const v = pop(); append(top(), [v]); break; } // APPEND
      case 0x65: { const items = popMark(); append(top(), items); break; } // APPENDS
      case 0x73: { const v = pop(); const k = pop(); setItem(top(), k, v); break; } // SETITEM
      case 0x75: { // SETITEMS
        const items = popMark();
        const d = top();
        for (let i = 0; i + 1 < items.length; i += 2) setItem(d, items[i] as PyValue, items[i + 1] as PyValue);
        break;
      }
      case 0x67: push(memoGet(int(line()) as number)); break; // GET
      case 0x68: push(memoGet(u8())); break; // BINGET
      case 0x6a: push(memoGet(u32())); break; // LONG_BINGET
      case 0x70: memoPut(int(line()) as number); break; // PUT
      case 0x71: memoPut(u8()); break; // BINPUT
      case 0x72: memoPut(u32()); break; // LONG_BINPUT
      case 0x94: memoPut(memo.size); break; // MEMOIZE
      case 0x63: { const module = line(); const name = line(); push(made(resolveGlobal(module, name))); break; } // GLOBAL
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') fail('STACK_GLOBAL needs two strings');
        push(made(resolveGlobal(module as string, name as string)));
        break;
      }
      case 0x82: case 0x83: case 0x84: fail('extension-registry codes (EXT1/2/4) are not supported'); break;
      case 0x52: { const args = pop(); const fn = pop(); push(call(fn, argsOf(args) ?? fail('REDUCE needs an argument tuple'))); break; }
      case 0x81: { const args = pop(); const cls = pop(); push(call(cls, argsOf(args) ?? fail('NEWOBJ needs an argument tuple'))); break; }
      case 0x92: { pop(); const args = pop(); const cls = pop(); push(call(cls, argsOf(args) ?? fail('NEWOBJ_EX needs an argument tuple'))); break; }
      case 0x69: { const module = line(); const name = line(); const args = popMark(); push(call(made(resolveGlobal(module, name)), args)); break; } // INST
      case 0x6f: { const items = popMark(); const [cls, ...args] = items; push(call(cls ?? null, args)); break; } // OBJ
      case 0x62: { // BUILD
        const state = pop();
        const target = top();
        if (target instanceof PyObject) target.state = state;
        else buildAllowed(target, state);
        break;
      }
      case 0x50: { // PERSID
        const id = line();
        push(o.persistentLoad ? o.persistentLoad(id, o.base + op) : fail('a persistent id outside a checkpoint'));
        break;
      }
      case 0x51: { // BINPERSID
        const id = pop();
        push(o.persistentLoad ? o.persistentLoad(id, o.base + op) : fail('a persistent id outside a checkpoint'));
        break;
      }
      default:
        fail(`unknown pickle opcode 0x${code.toString(16).padStart(2, '0')}`);
    }
  }
}

const argsOf = (v: PyValue): readonly PyValue[] | undefined => (v instanceof PyTuple ? v.items : v instanceof PyList ? v.items : undefined);
