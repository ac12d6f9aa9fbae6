/**
 * Which files of a folder are a run's checkpoints, from the table of formats: files of a binary
 * format that has a reader are checkpoints; text weights (JSON, CSV) count only in a folder
 * without binary ones, since beside checkpoints they are configs, logs and metrics.
 */
import { extensionOf, FORMATS } from '../formats';
import { isReadable } from '../readers/registry';

function extensions(binary: boolean): Set<string> {
  return new Set(FORMATS.filter((f) => f.binary === binary && isReadable(f.id)).flatMap((f) => f.extensions.filter((e) => binary || !f.notScanned?.includes(e))));
}

/** Extensions of readable binary formats, and of text formats a folder scan takes. */
export function runExtensions(): { binary: string[]; text: string[] } {
  return { binary: [...extensions(true)], text: [...extensions(false)] };
}

/** The checkpoints among a folder's file names (hidden files never count). */
export function checkpointNames(names: readonly string[]): string[] {
  const binary = extensions(true);
  const text = extensions(false);
  const visible = names.filter((n) => !(n.split(/[\\/]/).pop() ?? n).startsWith('.'));
  const bin = visible.filter((n) => binary.has(extensionOf(n)));
  return bin.length > 0 ? bin : visible.filter((n) => text.has(extensionOf(n)));
}
