import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WeightFileError } from '../../src/core/errors';
import { ALL_EXTENSIONS, editorExtensions, FORMATS, formatOfName, isNotSupportedYet, SNIFF_BYTES, type FormatId } from '../../src/core/formats';
import { readWeightFile, readWeightSource } from '../../src/core/readers';
import { bytesSource } from '../../src/core/readers/byteSource';
import { detectFormat } from '../../src/core/readers/detect';
import { isReadable, READERS } from '../../src/core/readers/registry';
import { openFileSource, withFileSource } from '../../src/node/fileByteSource';

const FIXTURES = join(__dirname, '..', 'fixtures', 'formats');
const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

/** A zip's first local file header naming `member` (enough for sniffing; no data follows). */
function zipHead(member: string): Uint8Array {
  const name = ascii(member);
  const h = new Uint8Array(30 + name.length);
  h.set([0x50, 0x4b, 0x03, 0x04]);
  h[26] = name.length & 0xff;
  h[27] = name.length >> 8;
  h.set(name, 30);
  return h;
}

describe('formats: one table', () => {
  it('no extension belongs to two formats, and every format has a reader entry', () => {
    assert.equal(new Set(ALL_EXTENSIONS).size, ALL_EXTENSIONS.length);
    for (const f of FORMATS) assert.ok(f.id in READERS, f.id);
    for (const e of ALL_EXTENSIONS) assert.equal(e, e.toLowerCase());
  });

  it('double-click opens the analysis for checkpoints and arrays; Open With offers it for shared names', () => {
    assert.deepEqual(new Set(editorExtensions('default')), new Set(['pt', 'pth', 'ckpt', 'npy', 'npz', 'safetensors']));
    assert.deepEqual(new Set(editorExtensions('option')), new Set(['bin', 'h5', 'keras', 'onnx', 'gguf']));
  });

  it('detection: magic numbers win over names, then the name, then weaker signatures, then text', () => {
    const npy = readFileSync(join(FIXTURES, 'float64.npy'));
    const st = readFileSync(join(FIXTURES, 'model.safetensors'));
    const cases: [Uint8Array, string, FormatId][] = [
      [npy, 'weights.csv', 'npy'],
      [zipHead('archive/data.pkl'), 'model.zip', 'pytorch'],
      [zipHead('W_hh.npy'), 'model.pt', 'npz'],
      [zipHead('config.json'), 'model.zip', 'keras'],
      [new Uint8Array(ascii('GGUF\u0003\u0000')), 'model', 'gguf'],
      [new Uint8Array(ascii('%%MatrixMarket matrix coordinate real general\n')), 'w.txt', 'mtx'],
      [st, 'model.st', 'safetensors'],
      [st, 'model.safetensors', 'safetensors'],
      [new Uint8Array([0x80, 0x02, 0x8a, 0x0a]), 'legacy.tar', 'pytorch'],
      [new Uint8Array([0x80, 0x02, 0x8a, 0x0a]), 'w.json', 'json'],
      [new Uint8Array([0x89, ...ascii('HDF\r\n'), 0x1a, 0x0a]), 'model.hdf5', 'keras'],
      [new Uint8Array(ascii(' [[1, 2], [3, 4]]')), 'w.dat', 'json'],
      [new Uint8Array(ascii('1 2\n3 4\n')), 'w.dat', 'csv'],
      [new Uint8Array(), 'w.ONNX', 'onnx'],
    ];
    for (const [bytes, name, id] of cases) assert.equal(detectFormat(bytes.subarray(0, SNIFF_BYTES), name), id, name);
  });

  it('a format without a reader yet is refused by name, at the file, whatever its bytes', () => {
    const unread = FORMATS.filter((f) => !isReadable(f.id));
    for (const f of unread) {
      for (const ext of f.extensions) {
        assert.throws(
          () => readWeightFile(new Uint8Array(64), `model.${ext}`),
          (e: unknown) => e instanceof WeightFileError && e.message === `reading ${f.label} files is not supported yet` && e.place.kind === 'file' && isNotSupportedYet(e.message),
          ext,
        );
      }
    }
    for (const f of FORMATS.filter((x) => isReadable(x.id))) assert.equal(formatOfName(`x.${f.extensions[0] ?? ''}`)?.id, f.id);
  });
});

describe('formats: byte sources', () => {
  it('reads every reference fixture the same from memory and from disk', () => {
    for (const f of readdirSync(FIXTURES).filter((x) => !x.startsWith('bad_') && x !== 'expected.json')) {
      const path = join(FIXTURES, f);
      const fromBytes = readWeightFile(readFileSync(path), f);
      const fromDisk = withFileSource(path, (src) => readWeightSource(src, f));
      assert.deepEqual(fromDisk, fromBytes, f);
    }
  });

  it('ranges are clamped to the file, and a closed file refuses reads', () => {
    const path = join(FIXTURES, 'float64.npy');
    const bytes = new Uint8Array(readFileSync(path));
    const mem = bytesSource(bytes);
    const disk = openFileSource(path);
    try {
      assert.equal(disk.size, bytes.length);
      for (const [off, len] of [[0, 10], [bytes.length - 3, 10], [bytes.length + 5, 4], [-4, 6], [7, 0]] as const) {
        assert.deepEqual(disk.read(off, len), mem.read(off, len), `${off}+${len}`);
      }
      assert.deepEqual(mem.read(bytes.length - 3, 10), bytes.subarray(bytes.length - 3));
    } finally {
      disk.close();
    }
    assert.throws(() => disk.read(0, 1), /after close/);
  });

  it('a text file\'s size is checked on the source before anything is read', () => {
    let reads = 0;
    const big = { size: 5 * 1024 * 1024, read: () => (reads++, new Uint8Array()) };
    assert.throws(() => readWeightSource(big, 'w.json', { maxBytes: 1024 * 1024, maxBytesSetting: '--max-size' }), /the file is 5\.0 MB, more than the limit of 1\.0 MB; raise --max-size to read it/);
    assert.equal(reads, 0);
  });

  it('a checkpoint read by offset is held to the limit by the bytes read, not its size', () => {
    let read = 0;
    const zeros = new Uint8Array(5 * 1024 * 1024);
    const big = { size: zeros.length, read: (o: number, n: number) => ((read += n), zeros.subarray(o, o + n)) };
    assert.throws(() => readWeightSource(big, 'w.npy', { maxBytes: 1024 * 1024, maxBytesSetting: '--max-size' }), /needs more than the limit of 1\.0 MB|magic|header/);
    assert.ok(read < 1024 * 1024 + 8192, `${read} bytes read`);
  });
});
