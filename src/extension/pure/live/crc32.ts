/** CRC-32 (IEEE, as zlib.crc32) of ASCII text: checks that chunks read one at a time belong together. */
import { crc32 } from '../../../core/readers/crc32';

export function crc32Ascii(text: string): number {
  // Base64 and JSON text of the transfer is ASCII: one byte per character, as the debuggee counts it.
  return crc32(Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff));
}
