import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 as zlibCrc32, inflateRawSync } from 'node:zlib';
import { WeightFileError } from '../../src/core/errors';
import { bytesSource } from '../../src/core/readers/byteSource';
import { crc32 } from '../../src/core/readers/crc32';
import { openZip, readMember } from '../../src/core/readers/zip';
import { writeZip, zerosDeflated } from '../fuzz/zipWriter';

const DIR = join(__dirname, '..', 'fixtures', 'checkpoints', 'torch');
const enc = new TextEncoder();
const text = (s: string): Uint8Array => enc.encode(s);
const MB = 1024 * 1024;

/** Expects a WeightFileError at a byte offset inside the archive whose message matches. */
function refuses(fn: () => unknown, pattern: RegExp, size: number): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof WeightFileError, String(e));
    assert.match(e.message, pattern);
    assert.equal(e.place.kind, 'byte');
    if (e.place.kind === 'byte') assert.ok(e.place.offset >= 0 && e.place.offset <= size, `offset ${e.place.offset}`);
    return true;
  });
}

describe('zip archives read by offset', () => {
  it('reads stored and deflated members written by numpy (savez, savez_compressed)', () => {
    for (const file of ['arrays.npz', 'arrays_compressed.npz']) {
      const bytes = new Uint8Array(readFileSync(join(DIR, file)));
      const zip = openZip(bytesSource(bytes));
      assert.ok(zip.entries.length >= 2);
      for (const e of zip.entries) {
        const data = readMember(bytesSource(bytes), e, MB);
        assert.equal(data.length, e.size);
        assert.equal(crc32(data), e.crc32);
        assert.deepEqual([...data.subarray(0, 6)], [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59], `${e.name} is a .npy`);
      }
    }
  });

  it('computes the CRC-32 zlib computes, at any length and alignment, and continued over chunks', () => {
    const bytes = new Uint8Array(4 * 64 + 3).map((_, i) => (i * 151 + 17) & 0xff);
    for (let start = 0; start < 4; start++) {
      for (let length = 0; length <= 64; length++) {
        const piece = bytes.subarray(start, start + length);
        assert.equal(crc32(piece), zlibCrc32(piece), `start ${start}, length ${length}`);
        const cut = length >> 1;
        assert.equal(crc32(piece.subarray(cut), crc32(piece.subarray(0, cut))), zlibCrc32(piece), `chunks of ${cut} and ${length - cut}`);
      }
    }
  });

  it('refuses a stored member the source no longer holds whole (a file that shrank under the read)', () => {
    const bytes = writeZip([{ name: 'm', data: new Uint8Array(100).fill(7) }, { name: 'n', data: text('x') }]);
    const src = bytesSource(bytes);
    const entry = openZip(src).get('m')!;
    const shrunk = { size: src.size, read: (o: number, n: number) => src.read(o, n).subarray(0, n > 30 ? 60 : n) };
    refuses(() => readMember(shrunk, entry, MB), /member 'm' ends after 60 of its 100 bytes/, bytes.length);
  });

  it('reads the same members from a zip64 archive as from a plain one', () => {
    const members = [{ name: 'a.txt', data: text('hello') }, { name: 'b/c.bin', data: new Uint8Array(300).map((_, i) => i & 0xff), method: 8 as const }];
    for (const zip64 of [false, true]) {
      const bytes = writeZip(members, zip64);
      const zip = openZip(bytesSource(bytes));
      assert.deepEqual(zip.entries.map((e) => e.name), ['a.txt', 'b/c.bin']);
      members.forEach((m) => assert.deepEqual(readMember(bytesSource(bytes), zip.get(m.name)!, MB), m.data));
    }
  });

  it('reads only the ranges it needs: the directory, then one member', () => {
    const big = new Uint8Array(4 * MB);
    const bytes = writeZip([{ name: 'big', data: big }, { name: 'small', data: text('x') }]);
    const src = bytesSource(bytes);
    let read = 0;
    const counting = { size: src.size, read: (o: number, n: number) => ((read += n), src.read(o, n)) };
    const zip = openZip(counting);
    assert.deepEqual(readMember(counting, zip.get('small')!, MB), text('x'));
    assert.ok(read < 70 * 1024, `read ${read} bytes of ${bytes.length}`);
  });

  it('refuses a truncated archive, a wrong CRC, a stored size mismatch and a lying deflated size', () => {
    const good = writeZip([{ name: 'm', data: text('0123456789'.repeat(50)), method: 8 }]);
    refuses(() => openZip(bytesSource(good.subarray(0, good.length - 30))), /end-of-central-directory/, good.length);
    const cut = writeZip([{ name: 'm', data: new Uint8Array(1000) }]);
    const src = bytesSource(cut.subarray(0, 500));
    const entry = openZip(bytesSource(cut)).get('m')!;
    refuses(() => readMember(src, entry, MB), /run past the end of the archive/, 500);
    const badCrc = writeZip([{ name: 'm', data: text('abc'), crc: 1234 }]);
    refuses(() => readMember(bytesSource(badCrc), openZip(bytesSource(badCrc)).get('m')!, MB), /CRC-32 mismatch/, badCrc.length);
    const stored = writeZip([{ name: 'm', data: text('abc'), claimedSize: 5 }]);
    refuses(() => readMember(bytesSource(stored), openZip(bytesSource(stored)).get('m')!, MB), /stored but claims/, stored.length);
    for (const claimedSize of [100, 5000]) {
      const lying = writeZip([{ name: 'm', data: text('0123456789'.repeat(50)), method: 8, claimedSize }]);
      refuses(() => readMember(bytesSource(lying), openZip(bytesSource(lying)).get('m')!, MB), /inflates to/, lying.length);
    }
  });

  it('refuses an unsupported method and a local header that is not there', () => {
    const bytes = writeZip([{ name: 'm', data: text('abc') }]);
    const bz = bytes.slice();
    const cd = openZip(bytesSource(bytes)).get('m')!.recordOffset;
    new DataView(bz.buffer).setUint16(cd + 10, 12, true);
    refuses(() => readMember(bytesSource(bz), openZip(bytesSource(bz)).get('m')!, MB), /compression method 12/, bz.length);
    const noLocal = bytes.slice();
    noLocal[0] = 0;
    refuses(() => readMember(bytesSource(noLocal), openZip(bytesSource(noLocal)).get('m')!, MB), /no local header/, noLocal.length);
  });

  it('stops a deflate bomb at the claimed size, and refuses a claim past the limit before reading', () => {
    const { stream, length } = zerosDeflated(64 * MB);
    assert.equal(inflateRawSync(stream).length, length, 'the handmade stream is valid deflate');
    const lying = writeZip([{ name: 'zeros', data: new Uint8Array(0), method: 8, compressed: stream, claimedSize: 1000, crc: 0 }]);
    refuses(() => readMember(bytesSource(lying), openZip(bytesSource(lying)).get('zeros')!, MB), /more than the 1000 bytes/, lying.length);
    const honest = writeZip([{ name: 'zeros', data: new Uint8Array(0), method: 8, compressed: stream, claimedSize: length, crc: 0 }]);
    refuses(() => readMember(bytesSource(honest), openZip(bytesSource(honest)).get('zeros')!, 16 * MB), /more than the limit of 16 MB/, honest.length);
  });
});
