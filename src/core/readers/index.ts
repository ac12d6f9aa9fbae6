import { WeightFileError, type ErrorPlace } from '../errors';
import type { ReadOptions, TextSpan, WeightFile } from '../weightFile';
import { classify } from './classify';
import { readCsv } from './csv';
import { binaryInTextFile, detectFormat } from './detect';
import { readJson } from './json';
import { readNpy } from './npy';
import { readSafetensors } from './safetensors';
import type { RawFile } from './tensor';
import type { LineIndex } from './text';

export { MAX_JSON_DEPTH } from './jsonTree';

/** Used when the caller sets no limit: well above the 100 MB the readers must handle. */
export const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;

const mb = (n: number): string => `${(n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/**
 * Reads a weights file's bytes into named matrices. Detects the format from the file name and
 * content. Throws WeightFileError (with a place) for anything it refuses; never anything else.
 */
export function readWeightFile(bytes: Uint8Array, fileName: string, options: ReadOptions = {}): WeightFile {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > max) {
    const setting = options.maxBytesSetting ? `; raise ${options.maxBytesSetting} to read it` : '';
    throw new WeightFileError(`the file is ${mb(bytes.length)}, more than the limit of ${mb(max)}${setting}`, { kind: 'file' });
  }
  const format = detectFormat(bytes, fileName);
  const binary = format === 'json' || format === 'csv' ? binaryInTextFile(bytes, fileName) : undefined;
  if (binary) throw new WeightFileError(binary.message, { kind: 'byte', offset: binary.offset });
  try {
    let raw: RawFile;
    let lines: LineIndex | undefined;
    switch (format) {
      case 'json':
        ({ lines, ...raw } = readJson(bytes));
        break;
      case 'csv':
        ({ lines, ...raw } = readCsv(bytes));
        break;
      case 'npy':
        raw = readNpy(bytes);
        break;
      case 'safetensors':
        raw = readSafetensors(bytes);
        break;
    }
    const placeOf = (span: TextSpan | undefined): ErrorPlace =>
      lines ? lines.textPlace(span?.start ?? 0, span ? span.end - span.start : 0) : { kind: 'byte', offset: 0 };
    return classify(raw, { format, options, placeOf });
  } catch (e) {
    if (e instanceof WeightFileError) throw e;
    // A reader bug must still reach the user as a refusal of this file, not as a crash.
    const why = e instanceof Error ? e.message : String(e);
    throw new WeightFileError(`could not read the file as ${format}: ${why}`, { kind: 'file' });
  }
}
