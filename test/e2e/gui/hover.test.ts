import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { expectedMatrix, showsValue } from './expected';
import { guiSession } from './session';
import { openFile, openWorkbench, runCommand, screenshot } from './workbench';

/**
 * 1-based line and column of the first entry of the matrix `name` (the JSON key, or its last
 * dotted/slashed segment) in the file's text.
 */
function matrixEntry(text: string, name: string): { line: number; column: number } {
  const keys = [name, name.split(/[./]/).pop() ?? name].map((k) => `"${k}"`);
  const keyAt = keys.map((k) => text.indexOf(k)).find((i) => i >= 0);
  if (keyAt === undefined) throw new Error(`matrix ${name} not found in the file`);
  const m = /-?\d/.exec(text.slice(keyAt + name.length + 2));
  if (!m) throw new Error(`no number after ${name}`);
  const offset = keyAt + name.length + 2 + m.index;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

describe('hover on a matrix in a JSON editor', function () {
  let page: Page;

  before(async () => {
    page = await openWorkbench();
  });

  after(async () => {
    await page?.close();
  });

  it('shows ρ of the matrix under the cursor', async () => {
    const rel = 'examples/exploding.json';
    const abs = path.join(guiSession().workspace, rel);
    const { name, rho } = expectedMatrix(abs);
    const { line, column } = matrixEntry(fs.readFileSync(abs, 'utf8'), name);
    await openFile(page, rel);
    await page.locator('.monaco-editor .view-lines').first().waitFor();

    const deadline = Date.now() + 60_000;
    let seen = '';
    while (Date.now() < deadline) {
      await page.keyboard.press('Control+G');
      await page.locator('.quick-input-widget .quick-input-box input').fill(`:${line}:${column}`);
      await page.keyboard.press('Enter');
      await runCommand(page, 'Show or Focus Hover');
      const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-resizable-hover .hover-contents');
      try {
        await hover.first().waitFor({ timeout: 5000 });
        seen = (await hover.allInnerTexts()).join('\n');
        if (/ρ/.test(seen) && showsValue(seen, rho)) break;
      } catch {
        // Hover not shown yet: the extension may still be starting.
      }
      await page.keyboard.press('Escape');
    }
    await screenshot(page, 'hover');
    assert.ok(/ρ/.test(seen) && showsValue(seen, rho), `hover did not show ρ = ${rho}; it showed: ${JSON.stringify(seen.slice(0, 500))}`);
  });
});
