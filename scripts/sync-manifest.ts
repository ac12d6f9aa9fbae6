/** `npm run sync-manifest`: rewrites package.json's table-derived parts (see manifest.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandMismatch, manifestText, syncedManifest } from './manifest';

const file = join(__dirname, '..', 'package.json');
const before = readFileSync(file, 'utf8');
const synced = manifestText(syncedManifest(JSON.parse(before)));
const { notInTable, notInManifest } = commandMismatch(JSON.parse(synced));
if (notInTable.length + notInManifest.length > 0) {
  // Titles and icons are written by hand: say what is missing rather than invent them.
  console.error(`package.json commands not in src/extension/commandIds.ts: ${notInTable.join(', ') || '-'}; in the table, not in package.json: ${notInManifest.join(', ') || '-'}`);
  process.exitCode = 1;
}
if (synced === before) console.log('package.json is in sync with the format and command tables');
else {
  writeFileSync(file, synced);
  console.log('package.json updated from the format and command tables');
}
