import { errorMessage, type ErrorPlace, WeightFileError } from '../errors';
import { formatById, formatOfName, notSupportedYet } from '../formats';
import { DEFAULT_MAX_BYTES, readLimitMessage, tooLargeMessage } from '../limits';
import type { ReadOptions, TextSpan, WeightFile } from '../weightFile';
import { bytesSource, cappedSource, type ByteSource } from './byteSource';
import { classify } from './classify';
import { binaryInTextFile, detectFormat, headOf } from './detect';
import { READERS, type ReaderResult } from './registry';
import { findRecurrences, withoutRecurrent, unreadableOnly } from './recurrent';

export { MAX_JSON_DEPTH } from './jsonTree';
export { DEFAULT_MAX_BYTES } from '../limits';
export type { ByteSource } from './byteSource';

/**
 * Reads a weights file's bytes into named matrices. Detects the format from the file name and
 * content. Throws WeightFileError (with a place) for anything it refuses; never anything else.
 */
export function readWeightFile(bytes: Uint8Array, fileName: string, options: ReadOptions = {}): WeightFile {
  return readWeightSource(bytesSource(bytes), fileName, options);
}

/** readWeightFile over random access to the file: readers fetch only the ranges they need. */
export function readWeightSource(whole: ByteSource, fileName: string, options: ReadOptions = {}): WeightFile {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  // Formats read by offset count the bytes they read against the limit; the rest their size,
  // before anything is read when the name already says so.
  const tooLarge = (): WeightFileError => new WeightFileError(tooLargeMessage(whole.size, max, options.maxBytesSetting), { kind: 'file' });
  if (whole.size > max && formatOfName(fileName)?.readsByOffset !== true) throw tooLarge();
  const head = headOf(whole);
  const format = detectFormat(head, fileName);
  let source = whole;
  if (whole.size > max) {
    if (formatById(format).readsByOffset !== true) throw tooLarge();
    source = cappedSource(whole, max, () => {
      throw new WeightFileError(readLimitMessage(whole.size, max, options.maxBytesSetting), { kind: 'file' });
    });
  }
  const reader = READERS[format];
  if (!reader) throw new WeightFileError(notSupportedYet(format), { kind: 'file' });
  const binary = format === 'json' || format === 'csv' ? binaryInTextFile(head) : undefined;
  if (binary) throw new WeightFileError(binary.message, { kind: 'byte', offset: binary.offset });
  try {
    const raw: ReaderResult = reader(source, options);
    const lines = raw.lines;
    const placeOf = (span: TextSpan | undefined): ErrorPlace =>
      lines ? lines.textPlace(span?.start ?? 0, span ? span.end - span.start : 0) : { kind: 'byte', offset: 0 };
    const found = findRecurrences(raw, options.recurrenceKind);
    let file: WeightFile;
    try {
      file = classify(raw, { format, options, placeOf, allowEmpty: found.recurrent.length > 0 });
    } catch (e) {
      throw (e instanceof WeightFileError && unreadableOnly(found)) || e;
    }
    return { ...file, others: withoutRecurrent(file.others, found.recurrent), recurrent: found.recurrent, unrecognisedRecurrences: found.unrecognised };
  } catch (e) {
    if (e instanceof WeightFileError) throw e;
    // A reader bug must still reach the user as a refusal of this file, not as a crash.
    const why = errorMessage(e);
    throw new WeightFileError(`could not read the file as ${format}: ${why}`, { kind: 'file' });
  }
}
