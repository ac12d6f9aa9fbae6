/**
 * Files beside the weights file, for formats that keep tensors in one (ONNX external data): only a
 * plain name in the same folder, only a regular file (no symlink, no folder), read by offset. The
 * CLI and the editor's worker both open siblings through this one rule.
 */
import { lstatSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { isPlainSiblingName } from '../core/readers/onnxTensor';
import type { OpenSibling } from '../core/weightFile';
import { withFileSource } from './fileByteSource';

/** A name that can only mean a file in the model's own folder (no separator, `..` or drive). */
export const isPlainName = (name: string): boolean => isPlainSiblingName(name) && !isAbsolute(name);

/**
 * Opens files beside `file` by plain name; undefined for any other name or anything not a regular file.
 * Each plain name asked for goes into `asked`, found or not, so the editor can watch it.
 */
export function siblingOpener(file: string, asked?: Set<string>): OpenSibling {
  return (name) => {
    if (!isPlainName(name)) return undefined;
    asked?.add(name);
    const path = join(dirname(file), name);
    let size: number;
    try {
      const st = lstatSync(path);
      if (!st.isFile()) return undefined;
      size = st.size;
    } catch {
      return undefined;
    }
    // Opened for each read: a model asks for a few tensors, and nothing stays open afterwards.
    return { size, read: (offset, length) => withFileSource(path, (s) => s.read(offset, length)) };
  };
}
