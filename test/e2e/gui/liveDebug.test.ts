/**
 * The JavaScript debugger built into VS Code (js-debug) in code-server, driven through the GUI:
 * stop at a breakpoint in debug/js_step.js, right-click W_hh in the Variables view → "Analyze in
 * RNN Gradient Lens", and the panel shows the CLI's ρ for the same matrix's JSON file, titled by
 * the expression and the frame. Saves .e2e/artifacts/live-debugger.png (the README's screenshot).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { expectedRho, showsValue } from './expected';
import { guiSession } from './session';
import { closeAllEditors, openFile, openWorkbench, runCommand, screenshot, screenshotIfFailed, webviewContent } from './workbench';

const PROGRAM = 'debug/js_step.js';
const MENU_ITEM = 'Analyze in RNN Gradient Lens';

/** A launch configuration for the program, written into the GUI workspace before it opens. */
function writeLaunchJson(workspace: string): void {
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  const config = { type: 'node', request: 'launch', name: 'js step', program: `\${workspaceFolder}/${PROGRAM}`, console: 'internalConsole' };
  fs.writeFileSync(path.join(workspace, '.vscode', 'launch.json'), JSON.stringify({ version: '0.2.0', configurations: [config] }, null, 2));
}

function breakLine(workspace: string): number {
  const lines = fs.readFileSync(path.join(workspace, PROGRAM), 'utf8').split('\n');
  return lines.findIndex((l) => l.endsWith('// BREAK')) + 1;
}

/** Right-clicks the variable's row in the Variables view and picks the item (retried while the menu fills). */
async function variableContextMenu(page: Page, name: string, item: string): Promise<void> {
  // The function's scope starts collapsed.
  const local = page.locator('.debug-variables .monaco-list-row', { hasText: /^Local/ }).first();
  await local.waitFor({ timeout: 60_000 });
  if ((await local.getAttribute('aria-expanded')) !== 'true') await local.click();
  const row = page.locator('.debug-variables .monaco-list-row', { hasText: new RegExp(`^\\s*${name}\\s*[=:]`) }).first();
  await row.waitFor({ timeout: 60_000 });
  const deadline = Date.now() + 60_000;
  for (;;) {
    await row.click({ button: 'right' });
    const entry = page.locator('.monaco-menu .action-item .action-label').filter({ hasText: item });
    if (await entry.first().waitFor({ timeout: 3000 }).then(() => true, () => false)) {
      await entry.first().click();
      // A click while the menu is still settling can be lost (the menu stays open with the item
      // highlighted); Enter then runs the highlighted item.
      const closed = (): Promise<boolean> => page.locator('.monaco-menu').first().waitFor({ state: 'hidden', timeout: 3000 }).then(() => true, () => false);
      if (!(await closed())) {
        await page.keyboard.press('Enter');
        await closed();
      }
      return;
    }
    await page.keyboard.press('Escape');
    if (Date.now() > deadline) throw new Error(`"${item}" never appeared in the Variables context menu of ${name}`);
  }
}

describe('live matrix from the JavaScript debugger (GUI)', function () {
  let page: Page;

  before(async () => {
    writeLaunchJson(guiSession().workspace);
    page = await openWorkbench();
  });

  after(async () => {
    await runCommand(page, 'Debug: Stop').catch(() => undefined);
    await page?.close();
  });

  afterEach(async function () {
    await screenshotIfFailed(page, this.currentTest);
  });

  it('Variables view → Analyze in RNN Gradient Lens shows the matrix of the paused frame', async () => {
    const { workspace } = guiSession();
    const rho = expectedRho(path.join(workspace, 'debug', 'w_hh.json'));
    await openFile(page, PROGRAM);
    await runCommand(page, 'Go to Line/Column...');
    await page.keyboard.type(String(breakLine(workspace)));
    await page.keyboard.press('Enter');
    await runCommand(page, 'Debug: Toggle Breakpoint');
    await runCommand(page, 'Debug: Start Debugging');
    await variableContextMenu(page, 'W_hh', MENU_ITEM);

    const frame = webviewContent(page);
    const banner = frame.locator('.live-banner');
    await banner.waitFor({ timeout: 60_000 });
    assert.match(await banner.innerText(), /W_hh @ js_step\.js:\d+/);
    const deadline = Date.now() + 60_000;
    let text = '';
    while (Date.now() < deadline) {
      text = await frame.locator('body').innerText().catch(() => '');
      if (text.split('\n').some((line, i, all) => /ρ|spectral radius/i.test(line) && showsValue(all.slice(i, i + 3).join(' '), rho))) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(Date.now() < deadline, `the live panel never showed ρ = ${rho}`);
    await screenshot(page, 'live-debugger');
    await closeAllEditors(page);
  });
});
