/** The panel page's "gave up" and "did not converge" states, in headless Chromium behind the CSP. */
import { strict as assert } from 'node:assert';
import type { PartialReport } from '../../src/core/progress';
import { sampleFixture } from './fixture';
import { cspViolations, openPanel, post, rendered, suiteBrowser } from './harness';

describe('webview panel: gave up, did not converge', function () {
  this.timeout(120000);
  const browser = suiteBrowser();

  it('shows the give-up and the numbers computed before it, marked incomplete', async () => {
    const probe = await openPanel(browser());
    const m = sampleFixture().report.matrices[0]!;
    const partial: PartialReport = {
      tool: 'rnn-gradient-lens',
      incomplete: true,
      file: 'model.json',
      horizon: 60,
      activity: 'power-norms',
      activityMatrix: m.name,
      matrices: [{ name: m.name, role: m.role, shape: m.shape, complete: false, stages: ['spectrum'], spectralRadius: m.spectralRadius, eigenvaluesConverged: true }],
    };
    const message = 'model.json: analysis gave up after 1 s while computing ‖W^k‖ (the power norms) of rnn.weight_hh_l0';
    await post(probe.page, { type: 'gaveUp', message, partial });
    const box = probe.page.locator('.gave-up');
    await box.waitFor({ timeout: 10000 });
    assert.equal(await box.locator('h2').textContent(), 'Incomplete analysis');
    assert.equal(await box.locator('[role=alert]').textContent(), message);
    const cells = await box.locator('tbody tr').first().locator('td').allTextContents();
    assert.equal(cells[0], m.name);
    assert.equal(cells[1], 'incomplete');
    assert.ok(Math.abs(Number(cells[2]) / (m.spectralRadius as number) - 1) < 1e-3, `ρ cell ${cells[2]} vs ${m.spectralRadius}`);
    assert.deepEqual(cells.slice(3), ['—', '—', '—'], 'σ_max, ‖W‖_F and the peak were not computed yet');
    assert.equal(await probe.page.getAttribute('#app', 'aria-busy'), 'false');
    assert.deepEqual(await cspViolations(probe.page), []);
    assert.deepEqual(probe.errors, []);
  });

  it('refuses a give-up whose partial numbers are not finite', async () => {
    const probe = await openPanel(browser());
    await probe.page.evaluate(`window.postMessage(${JSON.stringify({ type: 'gaveUp', message: 'x', partial: { tool: 'rnn-gradient-lens', incomplete: true, file: 'f', horizon: 1, activity: 'spectrum', matrices: [{ name: 'W', complete: false, spectralRadius: 'big' }] } })}, '*')`);
    await probe.page.waitForTimeout(300);
    assert.equal(await probe.page.locator('.gave-up').count(), 0);
  });

  it('marks ρ as an upper bound on its card when the eigenvalues did not converge', async () => {
    const probe = await openPanel(browser());
    const f = sampleFixture();
    const report = { ...f.report, matrices: f.report.matrices.map((m) => ({ ...m, eigenvaluesConverged: false })) };
    await post(probe.page, { type: 'init', report, matrix: f.matrix, l10n: null, state: f.state, interactive: true });
    await rendered(probe.page);
    const card = probe.page.locator('.card', { hasText: 'Spectral radius ρ' });
    assert.match((await card.locator('.card-value').textContent()) ?? '', /^≤ \d/);
    assert.equal(await card.locator('.card-note').textContent(), 'did not converge: an upper bound (see the notes)');
  });
});
