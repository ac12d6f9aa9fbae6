import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandMismatch, manifestText, syncedManifest } from '../../scripts/manifest';

describe('package.json follows the format and command tables', () => {
  const text = readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8');
  const manifest = JSON.parse(text) as Parameters<typeof syncedManifest>[0];

  it('menus, custom editor selectors and the diagnostics include are as the format table says (npm run sync-manifest)', () => {
    assert.deepEqual(manifest, syncedManifest(manifest), 'package.json is behind src/core/formats.ts: run npm run sync-manifest');
    assert.equal(text, manifestText(manifest), 'package.json is not in the two-space layout sync-manifest writes');
  });

  it('declares exactly the commands of the command table', () => {
    assert.deepEqual(commandMismatch(manifest), { notInTable: [], notInManifest: [] });
  });

  it('a stale when clause is caught', () => {
    const stale = JSON.parse(text.replace('|npy|', '|')) as typeof manifest;
    assert.notDeepEqual(stale, syncedManifest(stale));
  });
});
