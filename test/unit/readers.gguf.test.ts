/** GGUF header refusals: each hostile or truncated header ends in one located line, never a throw of another kind. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WeightFileError } from '../../src/core/errors';
import { readWeightFile } from '../../src/core/readers';
import { parseGgufHeader } from '../../src/core/readers/ggufHeader';
import { bytesSource } from '../../src/core/readers/byteSource';

const fixture = new Uint8Array(readFileSync(join(__dirname, '..', 'fixtures', 'recurrences', 'mamba.gguf')));

function refusal(bytes: Uint8Array): WeightFileError {
  try {
    readWeightFile(bytes, 'm.gguf');
  } catch (e) {
    assert.ok(e instanceof WeightFileError, String(e));
    return e;
  }
  assert.fail('accepted');
}

const le64 = (v: bigint): number[] => Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
const header = (version: number, tensors: bigint, kvs: bigint, rest: number[] = []): Uint8Array =>
  new Uint8Array([0x47, 0x47, 0x55, 0x46, version, 0, 0, 0, ...le64(tensors), ...le64(kvs), ...rest]);
const str = (s: string): number[] => [...le64(BigInt(s.length)), ...new TextEncoder().encode(s)];

describe('readers: GGUF headers', () => {
  it('reads metadata of every value type, nested arrays included', () => {
    const h = parseGgufHeader(bytesSource(fixture));
    assert.equal(h.version, 3);
    assert.equal(h.metadata.get('general.architecture'), 'mamba');
    assert.equal(h.metadata.get('general.quantized'), true);
    assert.equal(h.metadata.get('general.some_i64'), -3n);
    assert.deepEqual(h.metadata.get('tokenizer.ggml.tokens'), ['<pad>', 'a', 'b', 'ab']);
    assert.deepEqual(h.metadata.get('general.nested'), [[1, 2], [3]]);
    assert.equal(h.dataStart % h.alignment, 0);
  });

  it('every truncation of a real header is refused at a byte inside the file', () => {
    const end = parseGgufHeader(bytesSource(fixture)).dataStart;
    for (let n = 0; n < end; n += 7) {
      const r = refusal(fixture.subarray(0, n));
      assert.equal(r.place.kind, 'byte', `cut at ${n}: ${r.message}`);
      assert.ok(r.place.kind === 'byte' && r.place.offset <= n, `cut at ${n}: place beyond the end`);
    }
  });

  it('refuses a version other than 2 and 3', () => {
    assert.match(refusal(header(1, 0n, 0n)).message, /GGUF version 1 is not supported/);
  });

  it('refuses counts the file cannot hold before allocating', () => {
    assert.match(refusal(header(3, 0n, 1n << 50n)).message, /claims \d+ metadata entries/);
    assert.match(refusal(header(3, 1n << 40n, 0n)).message, /claims \d+ tensors/);
    assert.match(refusal(header(3, 0n, 1n, [...str('k'), 9, 0, 0, 0, 8, 0, 0, 0, ...le64(1n << 40n)])).message, /claims \d+ elements/);
  });

  it('refuses a u64 beyond any file, an unknown value type and arrays nested too deep', () => {
    assert.match(refusal(header(3, 0n, 1n, [...le64(1n << 62n), ...new Array(16).fill(0)])).message, /beyond any file/);
    assert.match(refusal(header(3, 0n, 1n, [...str('k'), 99, 0, 0, 0, ...new Array(8).fill(0)])).message, /unknown value type 99/);
    const deep = Array.from({ length: 10 }, () => [9, 0, 0, 0, ...le64(1n)]).flat();
    assert.match(refusal(header(3, 0n, 1n, [...str('k'), 9, 0, 0, 0, ...deep, ...new Array(40).fill(0)])).message, /nested deeper/);
  });

  it('refuses an alignment that is not a power of two, too many dims, misaligned and out-of-file data', () => {
    assert.match(refusal(header(3, 0n, 1n, [...str('general.alignment'), 4, 0, 0, 0, 24, 0, 0, 0])).message, /power of two/);
    const info = (nd: number, dims: bigint[], offset: bigint): number[] => [...str('t'), nd, 0, 0, 0, ...dims.flatMap(le64), 0, 0, 0, 0, ...le64(offset)];
    const pad = new Array(64).fill(0);
    assert.match(refusal(header(3, 1n, 0n, [...info(5, [1n, 1n, 1n, 1n, 1n], 0n), ...pad])).message, /at most 4/);
    assert.match(refusal(header(3, 1n, 0n, [...info(1, [4n], 3n), ...pad])).message, /not a multiple of the alignment/);
    assert.match(refusal(header(3, 1n, 0n, [...info(1, [4096n], 0n), ...pad])).message, /runs past the end of the file/);
  });
});
