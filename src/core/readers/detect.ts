import { extensionOf, FORMATS, formatOfName, SNIFF_BYTES, type FormatId } from '../formats';
import type { ByteSource } from './byteSource';

/** First non-blank character (after a BOM) of a text file. */
function firstChar(bytes: Uint8Array): number | undefined {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i];
}

/** The bytes sniffers look at. */
export function headOf(source: ByteSource): Uint8Array {
  return source.read(0, Math.min(source.size, SNIFF_BYTES));
}

/**
 * The format of a file, from the table in `../formats.ts`: a magic number wins over any name;
 * then the file's extension; then a weaker signature; then text that starts with `[` or `{` is
 * JSON and anything else is read as CSV (whose reader names what it finds instead).
 */
export function detectFormat(head: Uint8Array, fileName: string): FormatId {
  const magic = FORMATS.find((f) => f.magic?.(head));
  if (magic) return magic.id;
  const named = formatOfName(fileName);
  if (named && !named.contentDecides?.includes(extensionOf(fileName))) return named.id;
  const sniffed = named ? undefined : FORMATS.find((f) => f.sniff?.(head));
  if (sniffed) return sniffed.id;
  const c = firstChar(head);
  return c === 0x5b || c === 0x7b ? 'json' : 'csv';
}

/**
 * Why a file routed to a text reader is not text, or undefined. Checked first so a checkpoint
 * opened by mistake gets a sentence about what it is, not a complaint about its first "cell".
 */
export function binaryInTextFile(bytes: Uint8Array): { message: string; offset: number } | undefined {
  const starts = (...sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    return { message: 'this is a zip archive, not text (a PyTorch checkpoint is read as .pt, a NumPy archive as .npz)', offset: 0 };
  }
  if (starts(0x89, 0x48, 0x44, 0x46)) {
    return { message: 'this is an HDF5 file, not text (a Keras model is read as .h5)', offset: 0 };
  }
  if (bytes[0] === 0x80 && (bytes[1] ?? 0) >= 2 && (bytes[1] ?? 0) <= 5) {
    return { message: 'this is a Python pickle, not text (a torch.save checkpoint is read as .pt)', offset: 0 };
  }
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) {
    return { message: 'the text is UTF-16; save it as UTF-8', offset: 0 };
  }
  const nul = bytes.subarray(0, 4096).indexOf(0);
  if (nul >= 0) return { message: 'a NUL byte: this is not a text file', offset: nul };
  return undefined;
}
