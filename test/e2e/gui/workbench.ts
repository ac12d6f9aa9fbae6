/** Playwright steps on the VS Code workbench, with the selectors measured on code-server 4.139. */
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { guiSession } from './session';

const EXTENSION_READY_MS = 60_000;

/** Opens the workspace in a new tab; ready once the explorer shows `firstRow`. */
export async function openWorkbench(firstRow = 'examples'): Promise<Page> {
  const { server, context, workspace } = guiSession();
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await explorerRow(page, firstRow).first().waitFor({ timeout: 60_000 });
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(guiSession().artifactsDir, `${name}.png`) });
}

/** For an `afterEach`: a screenshot named for the test when it failed, to see what the user saw. */
export async function screenshotIfFailed(page: Page, test: { readonly state?: string; readonly title: string } | undefined): Promise<void> {
  if (test?.state === 'failed') await screenshot(page, `failed-${test.title.replace(/\W+/g, '-')}`);
}

function explorerRow(page: Page, name: string): Locator {
  return page
    .locator('.explorer-folders-view .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Expands the folders of `relPath` in the explorer and returns the file's row. */
export async function revealInExplorer(page: Page, relPath: string): Promise<Locator> {
  const parts = relPath.split('/');
  // Earlier tests leave folders open (and other views in front): the explorer draws only the rows
  // on screen, so collapse the tree first (the view's own Collapse Folders action).
  await runCommand(page, 'View: Show Explorer');
  await page.locator('.explorer-folders-view').hover();
  const collapse = page.locator('.action-label[aria-label="Collapse Folders in Explorer"]').first();
  // Best effort: on a fresh workbench the action may not be shown yet, and nothing is open then.
  if (await collapse.waitFor({ timeout: 3000 }).then(() => true, () => false)) await collapse.click({ force: true, timeout: 3000 }).catch(() => undefined);
  for (const folder of parts.slice(0, -1)) {
    const row = explorerRow(page, folder).first();
    await row.waitFor();
    // A click while the tree is still settling can be lost: click until the folder says it is open.
    for (let attempt = 1; (await row.getAttribute('aria-expanded')) !== 'true'; attempt++) {
      if (attempt > 5) throw new Error(`the explorer never expanded ${folder}`);
      await row.click();
      await page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await row.elementHandle(), { timeout: 2000 }).catch(() => undefined);
    }
  }
  const row = explorerRow(page, parts[parts.length - 1] ?? relPath).first();
  await row.waitFor();
  return row;
}

/**
 * Right-clicks `relPath` in the explorer and picks `item` from its context menu. Extension menu
 * items appear once the extension host has read the manifest, so a missing item is retried.
 */
export async function explorerContextMenu(page: Page, relPath: string, item: string): Promise<void> {
  const row = await revealInExplorer(page, relPath);
  const deadline = Date.now() + EXTENSION_READY_MS;
  let seen: string[] = [];
  for (;;) {
    await row.click({ button: 'right' });
    const menu = page.locator('.monaco-menu .action-item .action-label');
    await menu.first().waitFor();
    const entry = menu.filter({ hasText: item });
    if ((await entry.count()) > 0) {
      await entry.first().click();
      // Under load a click can land while the menu is still settling and only highlight the
      // item; Enter then runs the highlighted item.
      const menuRoot = page.locator('.context-view .monaco-menu').first();
      if (!(await menuRoot.waitFor({ state: 'hidden', timeout: 3000 }).then(() => true, () => false))) {
        await entry.first().hover();
        await page.keyboard.press('Enter');
        await menuRoot.waitFor({ state: 'hidden', timeout: 10_000 });
      }
      return;
    }
    seen = (await menu.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    await page.keyboard.press('Escape');
    if (Date.now() > deadline) {
      throw new Error(`"${item}" is not in the explorer context menu of ${relPath}; it shows: ${seen.join(' | ')}`);
    }
    await page.waitForTimeout(1000);
  }
}

/** Runs a command by its palette title; retries until the extension has registered it. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const deadline = Date.now() + EXTENSION_READY_MS;
  for (;;) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill(`>${title}`);
    // Click the row itself: Enter would pick whichever row the still-filtering list has focused.
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${escapeRegExp(title)}`) });
    try {
      await row.first().click({ timeout: 3000 });
      return;
    } catch {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`command "${title}" never appeared in the command palette`);
    }
  }
}

/** Opens a workspace file in an editor through Quick Open. */
export async function openFile(page: Page, relPath: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor();
  await input.fill(relPath);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(relPath) }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tab[data-resource-name="${path.basename(relPath)}"]`).first().waitFor();
}

/** The newest webview's content document (the panel page itself). */
export function webviewContent(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}

/** Types into the visible filter box of the panel's current view (Problems, Output, ...). */
export async function filterPanel(page: Page, text: string): Promise<void> {
  await page.locator('.panel .viewpane-filter input').filter({ visible: true }).first().fill(text);
}

/** Closes every editor, discarding unsaved changes (a save prompt would block the next step). */
export async function closeAllEditors(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await runCommand(page, 'View: Close All Editors');
  const dontSave = page.locator('.monaco-dialog-box .monaco-button', { hasText: "Don't Save" });
  if (await dontSave.isVisible().catch(() => false)) await dontSave.click();
}
