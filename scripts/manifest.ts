/**
 * What package.json must say for the format table and the command table: the `when` clauses that
 * test a file's extension, the custom editor's selectors, the diagnostics' default include glob and
 * the command ids. `npm run sync-manifest` writes it; a unit test fails with the diff when the
 * manifest is behind.
 */
import { ALL_EXTENSIONS, editorExtensions, globOf, SCANNED_EXTENSIONS } from '../src/core/formats';
import { CHECKPOINT_EDITOR, COMMANDS } from '../src/extension/commandIds';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The `when` clause of every menu entry that tests the extension. */
export const EXTENSION_WHEN = `resourceExtname =~ /^\\.(${ALL_EXTENSIONS.join('|')})$/i`;
const WHEN_TESTS_EXTENSION = /resourceExtname =~ \/\^\\\.\([a-z0-9|]+\)\$\/i/;

const isObject = (x: Json | undefined): x is JsonObject => typeof x === 'object' && x !== null && !Array.isArray(x);

function objectAt(root: JsonObject, ...path: string[]): JsonObject {
  let at: JsonObject = root;
  for (const key of path) {
    const next = at[key];
    if (!isObject(next)) throw new Error(`package.json: ${path.join('.')} is missing`);
    at = next;
  }
  return at;
}

/** A copy of the manifest with every table-derived part as the tables say. */
export function syncedManifest(manifest: JsonObject): JsonObject {
  const out = JSON.parse(JSON.stringify(manifest)) as JsonObject;
  const contributes = objectAt(out, 'contributes');
  for (const entries of Object.values(objectAt(contributes, 'menus'))) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (isObject(entry) && typeof entry.when === 'string') entry.when = entry.when.replace(WHEN_TESTS_EXTENSION, EXTENSION_WHEN);
    }
  }
  const include = objectAt(contributes, 'configuration', 'properties', 'rnnGradientLens.diagnostics.include');
  include.default = [globOf(SCANNED_EXTENSIONS)];
  const priorities = ['default', 'option'] as const;
  contributes.customEditors = priorities.map((priority) => ({
    viewType: CHECKPOINT_EDITOR[priority],
    displayName: '%customEditor.checkpoint%',
    selector: editorExtensions(priority).map((e) => ({ filenamePattern: `*.${e}` })),
    priority,
  }));
  const events = Array.isArray(out.activationEvents) ? out.activationEvents.filter((e) => typeof e !== 'string' || !e.startsWith('onCustomEditor:')) : [];
  out.activationEvents = [...events, ...priorities.map((p) => `onCustomEditor:${CHECKPOINT_EDITOR[p]}`)];
  return out;
}

/** Public command ids the manifest declares that the table lacks, and the reverse. */
export function commandMismatch(manifest: JsonObject): { readonly notInTable: string[]; readonly notInManifest: string[] } {
  const commands = objectAt(manifest, 'contributes').commands;
  const declared = Array.isArray(commands) ? commands.flatMap((c) => (isObject(c) && typeof c.command === 'string' ? [c.command] : [])) : [];
  const table: string[] = Object.values(COMMANDS);
  return { notInTable: declared.filter((c) => !table.includes(c)), notInManifest: table.filter((c) => !declared.includes(c)) };
}

/** package.json as written to disk: two-space JSON and a final newline. */
export function manifestText(manifest: JsonObject): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
