import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extension, manifest } from './manifest';

describe('activation', () => {
  it('activates without throwing', async () => {
    const ext = extension();
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('runs on the test workspace', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'expected one workspace folder');
  });

  it('reads every contributed setting with its declared default', () => {
    const properties = manifest().contributes.configuration.properties;
    const keys = Object.keys(properties);
    assert.ok(keys.length > 0, 'the manifest contributes no settings');
    const config = vscode.workspace.getConfiguration();
    for (const key of keys) {
      const inspected = config.inspect(key);
      assert.ok(inspected, `setting ${key} is unknown to VS Code`);
      assert.deepEqual(inspected.defaultValue, properties[key]?.default, `default of ${key}`);
    }
  });
});
