/**
 * The standalone HTML report (`rnn-gradient-lens report`) in headless Chromium: the same panel
 * with no VS Code, data embedded so that no name can close its script tag, CSP by hashes.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embedJson, runReport, standaloneHtml } from '../../src/cli/htmlReport';
import type { CliIO } from '../../src/cli/io';
import { sampleFixture } from './fixture';
import { charts, cspViolations, openStandalone, rendered, suiteBrowser } from './harness';

const BREAKOUT = '</script><script>window.__probe("breakout")</script><img src=x onerror=alert(1)>\u2028&amp;';

const quietIO: CliIO = { stdout: () => undefined, stderr: () => undefined, isTTY: false, env: {} };

describe('standalone report page in Chromium', function () {
  this.timeout(120000);
  const browser = suiteBrowser();
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rgl-report-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('embeds JSON that cannot close its script tag and parses back to the same value', () => {
    const value = { name: BREAKOUT, n: [1, 2] };
    const text = embedJson(value);
    assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
    assert.deepEqual(JSON.parse(text), value);
  });

  it('renders the panel from embedded data with hostile names, runs nothing, no CSP violation', async () => {
    const f = sampleFixture({ name: BREAKOUT, file: `${BREAKOUT}.json`, second: 'second' });
    const html = standaloneHtml({ report: f.report, matrices: f.matrices, state: { ...f.state, matrix: BREAKOUT } });
    assert.equal((html.match(/<script/g) ?? []).length, 2, 'only the data block and the bundle');
    assert.doesNotMatch(html, /'unsafe-inline'|'unsafe-eval'/);
    const probe = await openStandalone(browser(), html);
    const page = probe.page;
    await rendered(page);
    assert.equal(await page.locator('h1.file').textContent(), `${BREAKOUT}.json`);
    assert.equal(await page.locator('script').count(), 2);
    assert.equal(await page.locator('#app img, #app script').count(), 0);
    assert.equal(await page.locator('.katex-error').count(), 0);
    assert.equal(await page.locator('.equation .katex').count(), await page.locator('.equation .math').count());
    for (const c of await charts(page)) assert.ok(c.datasets.length > 0 && c.datasets[0]!.size > 0, `${c.id} has data`);
    assert.equal(await page.locator('.toolbar vscode-button').count(), 0, 'no export buttons without a host');
    assert.deepEqual(await page.evaluate('window.__executed'), []);
    assert.deepEqual(probe.dialogs, []);
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(probe.errors, []);
    // No request leaves the page: everything is inline.
    assert.deepEqual(probe.requests.filter((u) => !u.endsWith('/index.html')), []);
    // Fonts are inline data: URLs and load under `font-src data:`.
    await page.evaluate('document.fonts.ready');
    assert.equal(await page.evaluate<boolean>(`document.fonts.check('16px KaTeX_Main')`), true);
  });

  it('controls still recompute, and the matrix picker switches matrices without a host', async () => {
    const f = sampleFixture({ second: 'rnn.weight_hh_l1' });
    const probe = await openStandalone(browser(), standaloneHtml({ report: f.report, matrices: f.matrices, state: f.state }), 'vscode-dark');
    const page = probe.page;
    await rendered(page);
    const clipped = async () => (await charts(page))[0]!.datasets[1]!.data;
    const before = await clipped();
    await page.getByLabel('Clipping threshold τ').press('Home');
    assert.notDeepEqual(await clipped(), before);
    await page.locator('.toolbar vscode-single-select').click();
    await page.locator('.toolbar vscode-single-select').getByRole('option', { name: 'rnn.weight_hh_l1' }).click();
    await page.locator('.meta-value', { hasText: 'rnn.weight_hh_l1' }).waitFor();
    const rho = f.report.matrices[1]!.spectralRadius!;
    await page.locator('.card', { hasText: String(Number(rho.toPrecision(4))) }).first().waitFor();
    assert.deepEqual(await cspViolations(page), []);
  });

  it('`report FILE -o out.html` writes the page; names from the weights file stay text', async () => {
    const weights = join(dir, 'model.json');
    const key = '</script><img src=x onerror=alert(1)>';
    writeFileSync(weights, JSON.stringify({ [key]: [[0.5, 0.9], [-0.9, 0.5]] }));
    const out = join(dir, 'report.html');
    assert.equal(await runReport([weights, '-o', out, '--horizon', '30', '--clip', '2'], quietIO), 0);
    const html = readFileSync(out, 'utf8');
    assert.equal((html.match(/<\/script>/g) ?? []).length, 2);
    const probe = await openStandalone(browser(), html);
    await rendered(probe.page);
    assert.match((await probe.page.locator('.meta').textContent()) ?? '', /<\/script><img src=x/);
    assert.equal((await charts(probe.page))[0]!.datasets[0]!.size, 30);
    assert.equal(await probe.page.getByLabel('Clipping threshold τ').getAttribute('aria-valuetext'), 'τ = 2');
    assert.deepEqual(probe.dialogs, []);
    assert.deepEqual(await cspViolations(probe.page), []);
    // --scale: the page starts at the scaled matrix (ρ of [[.5,.9],[-.9,.5]] is |0.5 ± 0.9i| = 1.0296).
    const scaled = join(dir, 'scaled.html');
    assert.equal(await runReport([weights, '-o', scaled, '--scale', '0.5'], quietIO), 0);
    const sp = await openStandalone(browser(), readFileSync(scaled, 'utf8'));
    await rendered(sp.page);
    await sp.page.locator('.card', { hasText: '0.5148' }).first().waitFor();
    assert.equal(await sp.page.getByLabel('Scale factor on W').getAttribute('aria-valuetext'), 'W times 0.5');
    // The weights file is never a target.
    await assert.rejects(runReport([weights, '-o', weights], quietIO), /weights file/);
    assert.equal(readFileSync(weights, 'utf8'), JSON.stringify({ [key]: [[0.5, 0.9], [-0.9, 0.5]] }));
  });
});
