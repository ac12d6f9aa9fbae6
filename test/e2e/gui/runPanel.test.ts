/**
 * The run panel as a user opens it: right-click the workspace's run folder (the committed
 * safetensors run), *Track Checkpoints in Folder*, and see every checkpoint in step order (the
 * names sort wrongly as strings), a chart per matrix and numpy's first verdict change.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { guiSession } from './session';
import { trackFolder } from './titles';
import { closeAllEditors, explorerContextMenu, openWorkbench, screenshot, screenshotIfFailed, webviewContent } from './workbench';

interface RunExpected {
  readonly steps: readonly number[];
  readonly series: Readonly<Record<string, readonly { readonly verdict: string }[]>>;
}

describe('run panel from the explorer: Track Checkpoints in Folder', function () {
  let page: Page;

  before(async () => {
    page = await openWorkbench();
  });

  after(async () => {
    await page?.close();
  });

  afterEach(async function () {
    await screenshotIfFailed(page, this.currentTest);
    await closeAllEditors(page);
  });

  it('opens a folder and sees every point, in step order, with the first verdict change', async () => {
    const ws = guiSession().workspace;
    // numpy's numbers for the run (test/fixtures/run/expected.json, copied beside it).
    const expected = JSON.parse(fs.readFileSync(path.join(ws, 'run-expected.json'), 'utf8')) as RunExpected;
    const files = fs.readdirSync(path.join(ws, 'run')).filter((f) => f.endsWith('.safetensors'));
    assert.equal(files.length, expected.steps.length);
    await explorerContextMenu(page, 'run', trackFolder.title);
    const frame = webviewContent(page);
    await frame.locator('.run-count', { hasText: `${files.length} checkpoints` }).waitFor({ timeout: 90_000 });
    // The list sits in a closed <details>: its text, not its rendered text.
    const items = (await frame.locator('.run-list li').allTextContents()).map((t) => t.trim());
    assert.deepEqual(
      items.map((t) => Number(/step (\d+)/.exec(t)?.[1])),
      expected.steps,
      `checkpoints listed: ${JSON.stringify(items)}`,
    );
    assert.equal(await frame.locator('figure canvas').count(), new Set(Object.keys(expected.series).map((id) => id.replace(/ \[.*\]$/, ''))).size);
    const rnn = expected.series['rnn.weight_hh_l0'] ?? [];
    const first = rnn.findIndex((p, i) => i > 0 && p.verdict !== rnn[i - 1]?.verdict);
    assert.ok(first > 0);
    const change = await frame.locator('#chart-run-rnn\\.weight_hh_l0 .run-change').innerText();
    assert.ok(change.includes(`step ${expected.steps[first]}`), `change line: ${change}`);
    await screenshot(page, 'run-panel');
  });
});
