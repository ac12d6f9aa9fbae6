/**
 * The panel page while an analysis runs, in headless Chromium behind the CSP: the first numbers
 * (ρ, σ_max, the long-run class) from a partial report, a progress bar with Cancel and chart
 * placeholders, then the full report's charts. The partials are the real analysis's own.
 */
import { strict as assert } from 'node:assert';
import type { Page } from 'playwright-core';
import { STAGES } from '../../src/core/progress';
import { progressiveFixture } from './fixture';
import { charts, cspViolations, openPanel, post, posted, rendered, suiteBrowser, waitForExpression } from './harness';

async function cardValue(page: Page, label: string): Promise<string> {
  return ((await page.locator('.card', { hasText: label }).locator('.card-value').textContent()) ?? '').trim();
}

describe('webview panel: progressive results', function () {
  this.timeout(120000);
  const browser = suiteBrowser();

  const { fixture, partials } = progressiveFixture({ n: 24, rho: 1.05, second: 'rnn.weight_hh_l1' });
  const m = fixture.report.matrices[0]!;
  // What the worker posts first: the first matrix with its spectrum stage done, no curves yet.
  const first = partials.find((p) => p.matrices[0]?.stages.includes('spectrum'));

  it('shows ρ, σ_max and the long-run class with a progress bar, then the charts from the full report', async () => {
    assert.ok(first, 'the analysis posts a partial after the spectrum stage');
    assert.equal(first.matrices[0]?.log10PowerNorms, undefined, 'that partial has no curves');
    const probe = await openPanel(browser());
    const { page } = probe;
    await post(page, { type: 'partial', partial: first, state: fixture.state, l10n: null });
    await page.locator('.pending-progress').waitFor({ timeout: 10000 });

    // Stage 1: the numbers, as the report has them (4 significant digits on the cards).
    assert.equal(await cardValue(page, 'Spectral radius ρ'), String(Number((m.spectralRadius as number).toPrecision(4))));
    assert.equal(await cardValue(page, 'Spectral norm σ_max'), String(Number((m.spectralNorm as number).toPrecision(4))));
    assert.equal(m.asymptotic, 'exploding', 'the fixture has ρ = 1.05');
    assert.equal(await cardValue(page, 'In the long run'), 'Exploding');
    // A progress bar at one stage of the 2 × STAGES.length to run, Cancel, and placeholders, no chart.
    const bar = page.locator('.pending-progress vscode-progress-bar');
    assert.equal(await bar.evaluate((b) => (b as unknown as { value: number }).value), 1 / (2 * STAGES.length));
    assert.equal(await page.locator('.pending-progress vscode-button', { hasText: 'Cancel' }).count(), 1);
    assert.match((await page.locator('.pending-activity').textContent()) ?? '', /Computing ‖W\^k‖ \(the power norms\) of rnn\.weight_hh_l0/);
    assert.equal(await page.locator('.chart-placeholder').count(), 2);
    assert.equal(await page.locator('canvas').count(), 0);
    assert.equal(await page.getAttribute('#app', 'aria-busy'), 'true');

    // ‖W^k‖ step by step: the running stage's share moves the bar between its stages.
    const step = partials.find((p) => p.matrices[0]?.stageDone !== undefined && p.matrices[0].stageDone > 0 && p.matrices[0].stageDone < 1);
    assert.ok(step, 'the power norms report their steps');
    const share = step.matrices[0]!.stageDone!;
    await post(page, { type: 'partial', partial: step, state: fixture.state, l10n: null });
    await waitForExpression(page, `document.querySelector('.pending-progress vscode-progress-bar').value === ${(1 + share) / (2 * STAGES.length)}`);

    // A later partial moves the bar on.
    const later = partials.find((p) => p.matrices[0]?.complete === true && p.matrices.length === 1);
    assert.ok(later);
    await post(page, { type: 'partial', partial: later, state: fixture.state, l10n: null });
    await waitForExpression(page, `document.querySelector('.pending-progress vscode-progress-bar').value === 0.5`);

    // Stage 2: the full report replaces it all; the charts are drawn with the report's curves.
    await post(page, { type: 'init', report: fixture.report, matrix: fixture.matrix, l10n: null, state: fixture.state, interactive: true });
    await rendered(page);
    assert.equal(await page.locator('.pending-progress').count(), 0);
    assert.equal(await page.locator('.chart-placeholder').count(), 0);
    assert.equal(await page.locator('.cards .card').count(), 6);
    assert.equal(await cardValue(page, 'Spectral radius ρ'), String(Number((m.spectralRadius as number).toPrecision(4))));
    const powers = (await charts(page)).find((c) => c.id === 'powers');
    assert.ok(powers && powers.datasets.length > 0 && powers.datasets[0]!.size === m.log10PowerNorms.length, 'the ‖W^k‖ chart has the report’s k = 0..T');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(probe.errors, []);
  });

  it('Cancel asks the host to stop; once stopped the numbers stay and it offers to run again', async () => {
    assert.ok(first);
    const probe = await openPanel(browser());
    const { page } = probe;
    await post(page, { type: 'partial', partial: first, state: fixture.state, l10n: null });
    await page.locator('.pending-progress vscode-button', { hasText: 'Cancel' }).click();
    await waitForExpression(page, `window.__posted.some((m) => m.type === 'cancel')`);
    await post(page, { type: 'stopped' });
    await page.locator('.pending-progress', { hasText: 'Analysis cancelled.' }).waitFor({ timeout: 10000 });
    assert.equal(await page.locator('vscode-progress-bar').count(), 0);
    assert.equal(await cardValue(page, 'Spectral radius ρ'), String(Number((m.spectralRadius as number).toPrecision(4))));
    assert.deepEqual(await page.locator('.chart-placeholder').allTextContents(), ['Not computed: the analysis was cancelled.', 'Not computed: the analysis was cancelled.']);
    assert.equal(await page.getAttribute('#app', 'aria-busy'), 'false');
    await page.locator('.pending-progress vscode-button', { hasText: 'Analyse again' }).click();
    await waitForExpression(page, `window.__posted.some((m) => m.type === 'rerun')`);
    assert.ok((await posted(page)).some((x) => x.type === 'rerun'));
    assert.deepEqual(probe.errors, []);
  });

  it('ignores a partial report whose numbers are not finite', async () => {
    const probe = await openPanel(browser());
    const bad = { ...first, matrices: [{ ...first?.matrices[0], spectralRadius: 'big' }] };
    await post(probe.page, { type: 'partial', partial: bad, state: fixture.state, l10n: null });
    await probe.page.waitForTimeout(300);
    assert.equal(await probe.page.locator('.pending-progress').count(), 0);
  });
});
