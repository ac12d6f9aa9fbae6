/**
 * Renders the panel for an example weights file through the real reader and analysis, and saves
 * docs/screenshots/panel-light.png (top: cards and equations) and panel-dark.png (the charts),
 * 1280x900, docs/screenshots/run-dark.png: the run panel on the fixture training run
 * (test/fixtures/run/safetensors), and docs/screenshots/modern-dark.png: the modern-layers table
 * of the Mamba fixture (test/fixtures/recurrences) with its last layer's pictures. `npm run screenshots [file]` (after `npm run build`).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../../src/core/analysis';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { readWeightFile } from '../../src/core/readers';
import type { HostMessage } from '../../src/panelProtocol';
import { EXPECTED, RUN_DIR, summariesOf } from '../unit/runFixture';
import { launch, openPanel, openRunPanel, post, rendered } from './harness';
import { recurrenceInit } from './recurrenceFixture';

export function initFor(file: string, horizon = 60): HostMessage {
  const wf = readWeightFile(readFileSync(file), file);
  const report = analyzeFile(wf, file, { ...DEFAULT_OPTIONS, horizon });
  const m = wf.matrices[0];
  if (!m) throw new Error(`${file}: no matrix`);
  return {
    type: 'init',
    report,
    matrix: { name: m.name, rows: m.matrix.rows, cols: m.matrix.cols, values: Array.from(m.matrix.data) },
    l10n: null,
    state: { file, matrix: m.name, controls: { horizon, clipTau: 1, scale: 1, mode: 'linear', forgetBias: 1, lossAt: 'every-step' } },
    interactive: true,
  };
}

async function main(): Promise<void> {
  const file = process.argv[2] ?? 'examples/transient-growth.json';
  const out = join(__dirname, '..', '..', 'docs', 'screenshots');
  mkdirSync(out, { recursive: true });
  const browser = await launch();
  try {
    for (const theme of ['light', 'dark'] as const) {
      const probe = await openPanel(browser, `vscode-${theme}`);
      await post(probe.page, initFor(file));
      await rendered(probe.page);
      await probe.page.evaluate('document.fonts.ready');
      if (theme === 'dark') await probe.page.evaluate(`window.scrollTo(0, document.querySelector('.chart-grid').getBoundingClientRect().top + window.scrollY - 56)`);
      await probe.page.screenshot({ path: join(out, `panel-${theme}.png`) });
      process.stdout.write(`wrote docs/screenshots/panel-${theme}.png\n`);
      if (process.argv.includes('--full')) await probe.page.screenshot({ path: `/tmp/panel-${theme}-full.png`, fullPage: true });
      await probe.page.context().close();
    }
    const run = await openRunPanel(browser, 'vscode-dark');
    const checkpoints = summariesOf(join(RUN_DIR, 'safetensors'));
    await post(run.page, { type: 'runInit', folder: 'runs/rnn-lstm', folderUri: 'file:///runs/rnn-lstm', horizon: EXPECTED.horizon, l10n: null, checkpoints });
    await run.page.waitForSelector('#app[aria-busy="false"] canvas');
    await run.page.waitForTimeout(200);
    await run.page.screenshot({ path: join(out, 'run-dark.png') });
    process.stdout.write('wrote docs/screenshots/run-dark.png\n');
    await run.page.context().close();
    const modern = await openPanel(browser, 'vscode-dark');
    await post(modern.page, recurrenceInit('mamba.safetensors'));
    await modern.page.locator('.rec-table tbody tr').last().click();
    await modern.page.waitForSelector('#chart-rec-gain canvas');
    await modern.page.evaluate('document.fonts.ready');
    await modern.page.evaluate('window.scrollTo(0, 0)');
    await modern.page.screenshot({ path: join(out, 'modern-dark.png') });
    process.stdout.write('wrote docs/screenshots/modern-dark.png\n');
    await modern.page.context().close();
  } finally {
    await browser.close();
  }
}

if (require.main === module) void main();
