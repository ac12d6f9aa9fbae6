import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { verdicts } from './expected';
import { guiSession } from './session';
import { diagnoseWorkspace } from './titles';
import { filterPanel, openWorkbench, runCommand, screenshot } from './workbench';
import { ALL_EXTENSIONS, extensionTest } from '../../../src/core/formats';

const WEIGHTS = extensionTest(ALL_EXTENSIONS);

/**
 * Example files the CLI calls vanishing/exploding must be listed, and so must the fixtures that
 * every reader refuses (formats/bad_*); examples that are stable throughout must not.
 */
function expectations(workspace: string): { listed: string[]; absent: string[] } {
  const dir = path.join(workspace, 'examples');
  const listed = fs.readdirSync(path.join(workspace, 'formats')).filter((n) => n.startsWith('bad_'));
  const absent: string[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => WEIGHTS.test(n)).sort()) {
    const v = verdicts(path.join(dir, name));
    if (v.some((x) => x === 'exploding' || x === 'vanishing')) listed.push(name);
    else if (v.length > 0 && v.every((x) => x === 'stable')) absent.push(name);
  }
  return { listed, absent };
}

async function problemsShow(page: Page, file: string): Promise<boolean> {
  await filterPanel(page, file);
  const row = page.locator('.markers-panel .monaco-list-row .label-name', { hasText: new RegExp(`^${file.replace(/\./g, '\\.')}$`) });
  try {
    await row.first().waitFor({ timeout: 3000 });
    return true;
  } catch {
    return false;
  }
}

describe('Problems panel from "Diagnose Workspace Weights"', function () {
  let page: Page;

  before(async () => {
    page = await openWorkbench();
  });

  after(async () => {
    await page?.close();
  });

  it('lists the vanishing and exploding examples and the unreadable files, not the stable ones', async () => {
    const { listed, absent } = expectations(guiSession().workspace);
    assert.ok(listed.length > 0, 'no example is vanishing or exploding: nothing to check');
    await runCommand(page, diagnoseWorkspace.paletteTitle);
    await runCommand(page, 'Problems: Focus on Problems View');
    await page.locator('.markers-panel').waitFor();

    const deadline = Date.now() + 60_000;
    let missing = listed;
    while (missing.length > 0 && Date.now() < deadline) {
      const still: string[] = [];
      for (const f of missing) if (!(await problemsShow(page, f))) still.push(f);
      missing = still;
    }
    const unexpected: string[] = [];
    for (const f of absent) if (await problemsShow(page, f)) unexpected.push(f);
    await filterPanel(page, '');
    await page.locator('.markers-panel .monaco-list-row').first().waitFor().catch(() => undefined);
    await screenshot(page, 'problems');
    assert.deepEqual(missing, [], `not in the Problems panel: ${missing.join(', ')}`);
    assert.deepEqual(unexpected, [], `stable files listed as problems: ${unexpected.join(', ')}`);
  });
});
