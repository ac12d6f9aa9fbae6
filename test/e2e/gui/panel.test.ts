import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { expectedRho, showsValue } from './expected';
import { guiSession } from './session';
import { analyzeFile } from './titles';
import { closeAllEditors, explorerContextMenu, openWorkbench, screenshot, webviewContent } from './workbench';

/** Lines of the panel that talk about ρ / the spectral radius, each with the two after it (label/value pairs). */
async function rhoTexts(frame: FrameLocator): Promise<string[]> {
  const lines = (await frame.locator('body').innerText()).split('\n');
  return lines.flatMap((line, i) => (/ρ|spectral radius/i.test(line) ? [lines.slice(i, i + 3).join(' ')] : []));
}

async function waitForRho(frame: FrameLocator, rho: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await rhoTexts(frame).catch(() => []);
    if (last.some((t) => showsValue(t, rho))) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.fail(`the panel never showed ρ = ${rho}; texts about ρ: ${JSON.stringify(last.slice(0, 6))}`);
}

describe('panel from the explorer context menu', function () {
  let page: Page;

  before(async () => {
    page = await openWorkbench();
  });

  after(async () => {
    await page?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
    await closeAllEditors(page);
  });

  for (const file of ['examples/exploding.json', 'examples/exploding.csv', 'examples/vanishing.npy']) {
    it(`shows ρ and rendered formulas for ${file}`, async () => {
      const rho = expectedRho(path.join(guiSession().server.workspace, file));
      await explorerContextMenu(page, file, analyzeFile.title);
      const frame = webviewContent(page);
      await waitForRho(frame, rho);
      await frame.locator('.katex').first().waitFor({ state: 'visible' });
      assert.equal(await frame.locator('.katex-error').count(), 0, 'KaTeX reported a formula error');
      await screenshot(page, `panel-${path.basename(file).replace(/\./g, '-')}`);
    });
  }
});
