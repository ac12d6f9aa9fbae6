/**
 * The run page (dist/webview/run.js) in headless Chromium behind the production CSP, fed the
 * fixture run's summaries as the host would send them: what the user sees and what clicks post.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { CheckpointSummary } from '../../src/core/run';
import { isRunWebviewMessage } from '../../src/runProtocol';
import { EXPECTED, expectedFirstChange, near, RUN_DIR, summariesOf } from '../unit/runFixture';
import { cspViolations, openRunPanel, post, posted, suiteBrowser, waitForExpression } from './harness';

interface RunChart {
  id: string;
  ariaLabel: string | null;
  change: string;
  datasets: { label: string; x: number[]; y: (number | null)[] }[];
}

const runCharts = (page: Page): Promise<RunChart[]> => page.evaluate<RunChart[]>('window.__rglRun.charts()');

function init(checkpoints: readonly CheckpointSummary[]) {
  return { type: 'runInit', folder: 'runs/lstm', folderUri: 'file:///w/runs/lstm', horizon: EXPECTED.horizon, l10n: null, checkpoints } as const;
}

describe('webview run panel in Chromium', function () {
  this.timeout(120000);
  const browser = suiteBrowser();
  const run = summariesOf(join(RUN_DIR, 'safetensors'));

  it('draws a chart per matrix, a line per gate, every checkpoint in step order, with no CSP violation', async () => {
    const probe = await openRunPanel(browser());
    // Sent shuffled: the page keeps step order itself.
    await post(probe.page, init([...run].reverse()));
    await probe.page.waitForSelector('#app[aria-busy="false"] canvas');
    const charts = await runCharts(probe.page);
    assert.deepEqual(charts.map((c) => c.id).sort(), ['lstm.weight_hh_l0', 'rnn.weight_hh_l0']);
    const lstm = charts.find((c) => c.id === 'lstm.weight_hh_l0');
    assert.deepEqual(lstm?.datasets.map((d) => d.label), ['i', 'f', 'g', 'o']);
    for (const c of charts) {
      assert.ok(c.ariaLabel && c.ariaLabel.length > 10);
      for (const d of c.datasets) assert.deepEqual(d.x, EXPECTED.steps);
    }
    const rnn = charts.find((c) => c.id === 'rnn.weight_hh_l0');
    assert.deepEqual(rnn?.datasets[0]?.y, run.map((c) => c.matrices.find((m) => m.name === 'rnn.weight_hh_l0')?.spectralRadius));
    const first = expectedFirstChange(EXPECTED.series['rnn.weight_hh_l0'] ?? []);
    assert.equal(await probe.page.locator('#chart-run-rnn\\.weight_hh_l0 .run-change').textContent(), `Verdict changed at step ${EXPECTED.steps[first]}: Vanishing → Exploding (rnn.weight_hh_l0)`);
    assert.equal(await probe.page.locator('.run-count').textContent(), `${EXPECTED.steps.length} checkpoints`);
    assert.deepEqual(await cspViolations(probe.page), []);
    assert.deepEqual(probe.errors, []);
    await probe.page.context().close();
  });

  it('draws each modern layer as a half-life band around its median and marks its memory verdict change', async () => {
    // scripts/fixtures/make_run_modern_fixtures.py: numpy's half-lives per step and layer.
    const dir = join(RUN_DIR, 'modern');
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {
      tolerance: { halfLife: number };
      steps: number[];
      layers: Record<string, { halfLife: { min: number; median: number; max: number }; verdict: string }[]>;
    };
    const probe = await openRunPanel(browser());
    await post(probe.page, init(summariesOf(dir)));
    await probe.page.waitForSelector('#app[aria-busy="false"] canvas');
    const charts = await runCharts(probe.page);
    assert.deepEqual(charts.map((c) => c.id).sort(), Object.keys(expected.layers).sort());
    for (const [layer, list] of Object.entries(expected.layers)) {
      const c = charts.find((x) => x.id === layer);
      assert.deepEqual(c?.datasets.map((d) => d.label), [`${layer}: longest half-life`, `${layer}: shortest half-life`, `${layer}: median half-life`]);
      (['max', 'min', 'median'] as const).forEach((q, k) => {
        const d = c?.datasets[k];
        assert.deepEqual(d?.x, expected.steps);
        list.forEach((e, i) => near(d?.y[i] ?? null, e.halfLife[q], expected.tolerance.halfLife, `${layer} ${q} at step ${expected.steps[i]}`));
      });
    }
    assert.equal(await probe.page.locator('#chart-run-lru .run-change').textContent(), `Verdict changed at step ${expected.steps[1]}: Short memory → Memory within the horizon (lru)`);
    assert.deepEqual(await cspViolations(probe.page), []);
    assert.deepEqual(probe.errors, []);
    await probe.page.context().close();
  });

  it('switches the plotted quantity: σ_max, then log10 ‖W^T‖', async () => {
    const probe = await openRunPanel(browser());
    await post(probe.page, init(run));
    await probe.page.waitForSelector('canvas');
    await probe.page.selectOption('#run-metric', 'sigma');
    await waitForExpression(probe.page, `window.__rglRun.charts()[0].datasets[0].y[0] !== ${JSON.stringify(run[0]?.matrices[0]?.spectralRadius)}`);
    let rnn = (await runCharts(probe.page)).find((c) => c.id === 'rnn.weight_hh_l0');
    assert.deepEqual(rnn?.datasets[0]?.y, run.map((c) => c.matrices.find((m) => m.name === 'rnn.weight_hh_l0')?.spectralNorm));
    await probe.page.selectOption('#run-metric', 'growth');
    await probe.page.waitForTimeout(100);
    rnn = (await runCharts(probe.page)).find((c) => c.id === 'rnn.weight_hh_l0');
    assert.deepEqual(rnn?.datasets[0]?.y, run.map((c) => c.matrices.find((m) => m.name === 'rnn.weight_hh_l0')?.log10NormAtHorizon));
    await probe.page.context().close();
  });

  it('adds a checkpoint that arrives live, lists a skipped file, and opens a checkpoint on click', async () => {
    const probe = await openRunPanel(browser());
    const [late, ...rest] = [run[3], ...run.slice(0, 3), ...run.slice(4)] as CheckpointSummary[];
    assert.ok(late);
    await post(probe.page, init(rest));
    await probe.page.waitForSelector('canvas');
    assert.equal(await probe.page.evaluate('window.__rglRun.points()'), run.length - 1);
    await post(probe.page, { type: 'runPoint', checkpoint: late });
    await post(probe.page, { type: 'runError', file: '/w/runs/lstm/step_7.safetensors', message: 'runs/lstm/step_7.safetensors: byte 8: the header is not valid JSON' });
    await waitForExpression(probe.page, `window.__rglRun.points() === ${run.length}`);
    await probe.page.waitForSelector('.run-errors li');
    assert.equal(await probe.page.locator('.run-errors li').textContent(), 'Skipped: runs/lstm/step_7.safetensors: byte 8: the header is not valid JSON');
    const rnn = (await runCharts(probe.page)).find((c) => c.id === 'rnn.weight_hh_l0');
    assert.deepEqual(rnn?.datasets[0]?.x, EXPECTED.steps, 'the late point is in its place');
    // Click the point of step 50 on the chart.
    // The chart may still be settling after the late point: ask for the point's place again and
    // click again until the page posts (a click on a moving point can miss it).
    let clicks: Awaited<ReturnType<typeof posted>> = [];
    for (let i = 0; i < 20 && clicks.length === 0; i++) {
      const at = await probe.page.evaluate<{ x: number; y: number } | null>(`window.__rglRun.pointAt('rnn.weight_hh_l0', 0, 4)`);
      assert.ok(at);
      await probe.page.mouse.click(at.x, at.y);
      await probe.page.waitForTimeout(100);
      clicks = (await posted(probe.page)).filter((m) => m.type === 'openCheckpoint');
    }
    assert.deepEqual(clicks, [{ type: 'openCheckpoint', file: run[4]?.file }]);
    assert.ok(clicks.every(isRunWebviewMessage));
    // Compare With… from the panel: a checkpoint and the one before it.
    await probe.page.locator('.run-list summary').click();
    await probe.page.locator('.run-compare').first().click();
    const compares = (await posted(probe.page)).filter((m) => m.type === 'compareCheckpoints');
    assert.deepEqual(compares, [{ type: 'compareCheckpoints', a: run[0]?.file, b: run[1]?.file }]);
    assert.ok(compares.every(isRunWebviewMessage));
    await post(probe.page, { type: 'runRemove', file: run[0]?.file ?? '' });
    await waitForExpression(probe.page, `window.__rglRun.points() === ${run.length - 1}`);
    await probe.page.context().close();
  });

  it('ignores messages that do not match the protocol', async () => {
    const probe = await openRunPanel(browser());
    await post(probe.page, init(run));
    await probe.page.waitForSelector('canvas');
    await post(probe.page, { type: 'runPoint', checkpoint: { file: 'x', step: 'ten', matrices: [] } });
    await post(probe.page, { type: 'runPoint', checkpoint: { ...run[0], matrices: [{ name: '<img src=x onerror=alert(1)>' }] } });
    await probe.page.waitForTimeout(100);
    assert.equal(await probe.page.evaluate('window.__rglRun.points()'), run.length);
    assert.deepEqual(probe.dialogs, []);
    await probe.page.context().close();
  });
});
