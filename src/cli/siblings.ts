/**
 * Files beside the weights file, for formats that keep tensors in one (ONNX external data): only a
 * plain name in the same folder, only a regular file (no symlink, no folder), read by offset.
 */
import { lstatSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { OpenSibling } from '../core/weightFile';
import { withFileSource } from '../node/fileByteSource';

export const isPlainName = (name: string): boolean => name !== '' && name !== '.' && name !== '..' && !isAbsolute(name) && !/[/\\:\0]/.test(name);

export function siblingOpener(file: string): OpenSibling {
  return (name) => {
    if (!isPlainName(name)) return undefined;
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
