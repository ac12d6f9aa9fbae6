import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { expectedRho, fixtureRho, showsValue } from './expected';
import { guiSession } from './session';
import { analyzeFile } from './titles';
import { closeAllEditors, explorerContextMenu, openWorkbench, revealInExplorer, screenshot, screenshotIfFailed, webviewContent } from './workbench';

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

/** A modern-layer fixture's layers as numpy computed them (WS/modern/expected.json, from scripts/fixtures/make_modern_fixtures.py). */
interface Layer {
  readonly layer: string;
  readonly spectralRadius: number;
  readonly verdict: string;
}

/** ρ is shown to 6 significant digits. */
const SHOWN = 5e-6;

function expectedLayers(file: string): Layer[] {
  const all = JSON.parse(fs.readFileSync(path.join(guiSession().workspace, 'modern', 'expected.json'), 'utf8')) as { files: Record<string, { recurrences: Layer[] }> };
  const layers = all.files[file]?.recurrences;
  assert.ok(layers && layers.length > 0, `expected.json lists layers for ${file}`);
  return layers;
}

async function assertLayerRows(frame: FrameLocator, expected: readonly Layer[]): Promise<void> {
  const rows = frame.locator('.rec-table tbody tr');
  await rows.nth(expected.length - 1).waitFor({ timeout: 60_000 });
  assert.equal(await rows.count(), expected.length);
  for (const [i, e] of expected.entries()) {
    const cells = await rows.nth(i).locator('td').allTextContents();
    assert.equal(cells[0], e.layer);
    const rho = Number(cells[3]);
    assert.ok(Math.abs(rho - e.spectralRadius) <= SHOWN * e.spectralRadius, `${e.layer}: ρ shown ${cells[3]}, numpy ${e.spectralRadius}`);
    assert.equal(await rows.nth(i).locator(`td.rec-verdict-${e.verdict}`).count(), 1, `${e.layer} is marked ${e.verdict}`);
  }
}

describe('panel from the explorer: context menu and double-click', function () {
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

  // The examples are checked against the CLI's report; the .npy against numpy's reference value,
  // so a reader bug shared by the CLI and the panel still fails.
  const cases: { file: string; rho: (ws: string) => number }[] = [
    { file: 'examples/exploding.json', rho: (ws) => expectedRho(path.join(ws, 'examples/exploding.json')) },
    { file: 'examples/exploding.csv', rho: (ws) => expectedRho(path.join(ws, 'examples/exploding.csv')) },
    { file: 'formats/float64.npy', rho: (ws) => fixtureRho(ws, 'float64.npy') },
  ];
  for (const { file, rho: expected } of cases) {
    it(`shows ρ and rendered formulas for ${file}`, async () => {
      const rho = expected(guiSession().workspace);
      await explorerContextMenu(page, file, analyzeFile.title);
      const frame = webviewContent(page);
      await waitForRho(frame, rho);
      await frame.locator('.katex').first().waitFor({ state: 'visible' });
      assert.equal(await frame.locator('.katex-error').count(), 0, 'KaTeX reported a formula error');
      await screenshot(page, `panel-${path.basename(file).replace(/\./g, '-')}`);
    });
  }

  // A double-click opens binary weights files in the analysis editor; numpy's reference values
  // (for the torch.save file: its first recurrent matrix, the one the editor shows first).
  for (const file of ['formats/float64.npy', 'formats/model.safetensors', 'ckpt/rnn_2layer.pt']) {
    it(`double-clicking ${file} opens the analysis editor with numpy's ρ`, async () => {
      const rho = fixtureRho(guiSession().workspace, path.basename(file), path.dirname(file));
      await (await revealInExplorer(page, file)).dblclick();
      await page.locator(`.tab[data-resource-name="${path.basename(file)}"]`).first().waitFor();
      await waitForRho(webviewContent(page), rho);
      await screenshot(page, `editor-${path.basename(file).replace(/\./g, '-')}`);
    });
  }

  // Modern recurrent layers: one row per layer with numpy's ρ and verdict; the panel's kind
  // picker makes the host read unusual names as Mamba.
  it('double-clicking a Mamba .safetensors shows its layers with numpy\'s ρ and verdicts', async () => {
    const expected = expectedLayers('mamba.safetensors');
    await (await revealInExplorer(page, 'modern/mamba.safetensors')).dblclick();
    const frame = webviewContent(page);
    await assertLayerRows(frame, expected);
    // A row opens that layer's pictures: the plane, the half-life histogram and the gain bands.
    await frame.locator('.rec-table tbody tr').last().click();
    for (const id of ['rec-plane', 'rec-halflife', 'rec-gain']) await frame.locator(`#chart-${id} canvas`).waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('.rec-detail .katex-error').count(), 0);
    await screenshot(page, 'editor-mamba-safetensors');
  });

  it('the kind picker makes the host read unusual names as Mamba', async () => {
    await (await revealInExplorer(page, 'modern/unusual_names.safetensors')).dblclick();
    const frame = webviewContent(page);
    const picker = frame.locator('.rec-none');
    await picker.waitFor({ timeout: 60_000 });
    await picker.locator('summary').click();
    // The dropdown's value, set as its own list would set it, then its change event.
    await picker.locator('vscode-single-select').evaluate((el: { value: string; dispatchEvent(e: Event): boolean }) => {
      el.value = 'mamba';
      el.dispatchEvent(new Event('change'));
    });
    await assertLayerRows(frame, expectedLayers('unusual_names.safetensors'));
  });
});
