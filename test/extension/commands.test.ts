import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extension, manifest } from './manifest';

describe('commands', () => {
  before(async () => {
    await extension().activate();
  });

  it('registers every command the manifest contributes', async () => {
    const contributed = manifest().contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 0, 'the manifest contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });
});
