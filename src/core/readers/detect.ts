import type { Format } from '../weightFile';

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export function hasNpyMagic(bytes: Uint8Array): boolean {
  return NPY_MAGIC.every((b, i) => bytes[i] === b);
}

/** A safetensors file: 8-byte little-endian header length, then a JSON object. */
function looksLikeSafetensors(bytes: Uint8Array): boolean {
  return bytes.length >= 9 && bytes[8] === 0x7b && bytes[6] === 0 && bytes[7] === 0;
}

/** First non-blank character (after a BOM) of a text file. */
function firstChar(bytes: Uint8Array): number | undefined {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i];
}

/**
 * The format, from the file's extension, corrected by content where that is unambiguous: a numpy
 * magic number wins over any name, and a `.txt` that starts with `[` or `{` is JSON.
 */
export function detectFormat(bytes: Uint8Array, fileName: string): Format {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (hasNpyMagic(bytes) || ext === 'npy') return 'npy';
  if (ext === 'safetensors' || ext === 'st') return 'safetensors';
  if (ext === 'json' || ext === 'jsonc') return 'json';
  const c = firstChar(bytes);
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  if (c === 0x5b || c === 0x7b) return 'json';
  if (ext !== 'txt' && ext !== 'dat' && looksLikeSafetensors(bytes)) return 'safetensors';
  return 'csv';
}

/**
 * Why a file routed to a text reader is not text, or undefined. Checked first so a checkpoint
 * opened by mistake gets a sentence about what it is, not a complaint about its first "cell".
 */
export function binaryInTextFile(bytes: Uint8Array, fileName: string): { message: string; offset: number } | undefined {
  const starts = (...sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04) && /\.npz$/i.test(fileName)) {
    return { message: 'this is an .npz archive of several arrays; save the recurrent matrix alone with numpy.save (.npy) and open that file', offset: 0 };
  }
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    return { message: 'this is a zip archive (a PyTorch .pt/.pth checkpoint?); save the tensors with safetensors or numpy.save and open that file', offset: 0 };
  }
  if (starts(0x89, 0x48, 0x44, 0x46)) {
    return { message: 'this is an HDF5 file (a Keras .h5 model?); save the recurrent kernel with numpy.save and open that file', offset: 0 };
  }
  if (bytes[0] === 0x80 && (bytes[1] ?? 0) >= 2 && (bytes[1] ?? 0) <= 5) {
    return { message: 'this is a Python pickle (torch.save?); pickles can run code and are never read: use safetensors or numpy.save', offset: 0 };
  }
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) {
    return { message: 'the text is UTF-16; save it as UTF-8', offset: 0 };
  }
  const nul = bytes.subarray(0, 4096).indexOf(0);
  if (nul >= 0) return { message: 'a NUL byte: this is not a text file', offset: nul };
  return undefined;
}
