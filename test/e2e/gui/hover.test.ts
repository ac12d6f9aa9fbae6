import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { expectedRho, showsValue } from './expected';
import { guiSession } from './session';
import { openFile, openWorkbench, runCommand, screenshot } from './workbench';

/** 1-based line and column of the first number inside the file's first nested array (a matrix row). */
function firstMatrixEntry(text: string): { line: number; column: number } {
  const m = /\[\s*\[\s*(?=[-\d])/.exec(text);
  if (!m) throw new Error('no [[ ... matrix in the file');
  const offset = m.index + m[0].length;
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
    const abs = path.join(guiSession().server.workspace, rel);
    const rho = expectedRho(abs);
    const { line, column } = firstMatrixEntry(fs.readFileSync(abs, 'utf8'));
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
