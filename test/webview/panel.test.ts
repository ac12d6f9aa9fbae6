/**
 * The real webview bundle in headless Chromium, behind the production CSP, driven like VS Code
 * drives it: a stub acquireVsCodeApi records what the page posts; the host's messages arrive as
 * window `message` events.
 */
import { strict as assert } from 'node:assert';
import { inflateSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { isWebviewMessage } from '../../src/panelProtocol';
import { sampleFixture } from './fixture';
import { initFor } from './screenshots';
import { charts, cspViolations, openPanel, type PageProbe, post, posted, rendered, suiteBrowser, waitForExpression } from './harness';

const XSS_FILE = 'runs/<img src=x onerror="window.__probe(\'file\');alert(1)">.json';
const XSS_NAME = '<img src=x onerror=alert(1)><script>window.__probe("name")</script>\\href{javascript:alert(1)}{x}';

function initMessage(f = sampleFixture(), interactive = true) {
  return { type: 'init', report: f.report, matrix: f.matrix, l10n: null, state: f.state, interactive } as const;
}

async function show(browser: Browser, theme: 'vscode-light' | 'vscode-dark' = 'vscode-dark', f = sampleFixture()): Promise<PageProbe> {
  const probe = await openPanel(browser, theme);
  await post(probe.page, initMessage(f));
  await rendered(probe.page);
  return probe;
}

async function seriesOf(probe: PageProbe, chart: string, label: RegExp): Promise<(number | null)[]> {
  const c = (await charts(probe.page)).find((x) => x.id === chart);
  const ds = c?.datasets.find((d) => label.test(d.label));
  assert.ok(ds, `${chart} has a dataset ${label}`);
  return ds.data;
}

describe('webview panel in Chromium', function () {
  this.timeout(120000);
  const browser = suiteBrowser();

  it('says ready first, then renders every equation and chart with data and no CSP violation', async () => {
    const probe = await openPanel(browser());
    const first = (await posted(probe.page))[0];
    assert.deepEqual(first, { type: 'ready' });
    await post(probe.page, initMessage());
    await rendered(probe.page);
    const page = probe.page;

    const equations = await page.locator('.equation').count();
    assert.equal(equations, 5);
    assert.equal(await page.locator('.equation .math').count(), await page.locator('.equation .math .katex').count());
    assert.equal(await page.locator('.katex-error').count(), 0);
    assert.ok((await page.locator('.equation math').count()) >= 5, 'KaTeX keeps its MathML');
    // KaTeX's fonts load from the bundle under the CSP.
    await page.evaluate('document.fonts.ready');
    assert.equal(await page.evaluate<boolean>(`document.fonts.check('16px KaTeX_Main')`), true);

    const all = await charts(page);
    assert.deepEqual(all.map((c) => c.id), ['gradients', 'powers', 'eigenvalues', 'singular', 'heatmap']);
    for (const c of all) {
      assert.ok(c.ariaLabel && c.ariaLabel.length > 20, `${c.id} has an aria-label`);
      assert.ok(c.datasets.length > 0, `${c.id} has datasets`);
      assert.ok(c.datasets[0]!.size > 0, `${c.id} has data`);
    }
    const grads = all.find((c) => c.id === 'gradients')!;
    assert.deepEqual(grads.datasets.map((d) => d.data.length), [50, 50, 50, 50, 50]);

    // Cards show the report's numbers.
    const f = sampleFixture();
    const rho = f.report.matrices[0]!.spectralRadius!;
    await assertText(page, '.card >> nth=0', rho.toPrecision(4).replace(/0+$/, ''));
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(probe.errors, []);
  });

  it('every chart has a data table alternative with the plotted values', async () => {
    const probe = await show(browser());
    const page = probe.page;
    for (const id of ['gradients', 'powers', 'eigenvalues', 'singular', 'heatmap']) {
      const fig = page.locator(`#chart-${id}`);
      await fig.locator('summary').click();
      await fig.locator('table tbody tr').first().waitFor();
      const rows = await fig.locator('table tbody tr').count();
      assert.ok(rows > 0, `${id} table has rows`);
    }
    assert.equal(await page.locator('#chart-eigenvalues table tbody tr').count(), 16);
    assert.equal(await page.locator('#chart-gradients table tbody tr').count(), 50);
  });

  it('moving τ changes the clipped curve; scale shifts ‖W^k‖ by k·log10 c; T changes the length', async () => {
    const probe = await show(browser());
    const page = probe.page;
    const clippedBefore = await seriesOf(probe, 'gradients', /^Clipped/);
    const linearBefore = await seriesOf(probe, 'gradients', /^Linear/);
    await page.getByLabel('Clipping threshold τ').press('End');
    const clippedAfter = await seriesOf(probe, 'gradients', /^Clipped/);
    assert.notDeepEqual(clippedAfter, clippedBefore);
    assert.deepEqual(await seriesOf(probe, 'gradients', /^Linear/), linearBefore, 'τ does not touch the unclipped curve');
    assert.match((await charts(page)).find((c) => c.id === 'gradients')!.datasets[1]!.label, /τ = 1000/);

    const powersBefore = await seriesOf(probe, 'powers', /^‖W\^k‖₂$/);
    await page.getByLabel('Scale factor on W').press('Home'); // c = 0.1
    const powersAfter = await seriesOf(probe, 'powers', /^‖W\^k‖₂$/);
    powersAfter.forEach((v, k) => assert.ok(Math.abs(v! - (powersBefore[k]! - k)) < 1e-9, `k = ${k}`));
    assert.notDeepEqual(await seriesOf(probe, 'gradients', /^Linear/), linearBefore);
    await assertText(page, '.card.verdict', 'Vanishing');

    await page.getByLabel('Horizon T').press('Home');
    for (let i = 0; i < 9; i++) await page.getByLabel('Horizon T').press('ArrowRight');
    assert.equal((await seriesOf(probe, 'gradients', /^Linear/)).length, 10);
    const slider = page.getByLabel('Horizon T');
    assert.equal(await slider.getAttribute('aria-valuetext'), '10 steps');

    // Releasing a control saves the state and tells the host, with a message the host accepts.
    const sent = (await posted(page)).filter((m) => m.type === 'setOptions');
    assert.ok(sent.length > 0);
    for (const m of sent) assert.equal(isWebviewMessage(m), true);
    assert.deepEqual(await cspViolations(page), []);
  });

  it('the recurrence dropdown moves clipping onto the tanh RNN', async () => {
    const probe = await show(browser());
    const page = probe.page;
    const select = page.getByLabel('Recurrence', { exact: true });
    await select.click();
    await select.getByRole('option', { name: 'tanh RNN' }).click();
    const tanh = await seriesOf(probe, 'gradients', /^tanh RNN$/);
    const clipped = await seriesOf(probe, 'gradients', /^tanh RNN clipped at τ = 1$/);
    // PyTorch's rule per step: min(1, τ / (‖g‖ + 1e-6)) applied to the tanh gradient.
    clipped.forEach((v, i) => {
      const g = tanh[i]!;
      const want = g + Math.min(0, -Math.log10(10 ** g + 1e-6));
      assert.ok(Math.abs(v! - want) < 1e-9, `t = ${i + 1}`);
    });
    const sent = (await posted(page)).filter((m) => m.type === 'setOptions').pop() as { state: { controls: { mode: string } } } | undefined;
    assert.equal(sent?.state.controls.mode, 'tanh');
  });

  it('charts zoom and pan from the keyboard, and Enter resets', async () => {
    const probe = await show(browser());
    const page = probe.page;
    const range = async (): Promise<number[]> => page.evaluate<number[]>(`window.__rgl.charts().find((c) => c.id === 'powers').x`);
    const canvas = page.locator('#chart-powers canvas');
    await canvas.focus();
    const [min0, max0] = await range();
    await page.keyboard.press('+');
    const [min1, max1] = await range();
    assert.ok(max1! - min1! < max0! - min0!, 'zoomed in');
    await page.keyboard.press('ArrowLeft');
    assert.notDeepEqual(await range(), [min1, max1], 'panned');
    await page.keyboard.press('Enter');
    assert.deepEqual(await range(), [min0, max0]);
  });

  it('"Rescale to ρ = 0.99" brings the spectral radius card to 0.99', async () => {
    const probe = await show(browser());
    await probe.page.locator('#rescale').click();
    await assertText(probe.page, '.card >> nth=0', '0.99');
    const eig = await seriesOf(probe, 'eigenvalues', /^Eigenvalues/);
    assert.ok(eig.length === 16);
  });

  it('recolours the charts when the body theme class changes', async () => {
    const probe = await show(browser(), 'vscode-dark');
    const page = probe.page;
    // VS Code sets the theme variables on <html> and swaps the body class.
    await page.evaluate(`document.documentElement.style.setProperty('--vscode-charts-red', '#ff0000')`);
    await page.evaluate(`document.body.className = 'vscode-light'`);
    await waitForExpression(page, `window.__rgl.charts()[0].datasets[0].color === '#ff0000'`);
    await page.evaluate(`document.documentElement.style.setProperty('--vscode-charts-red', '#00aa00')`);
    await page.evaluate(`document.body.className = 'vscode-dark'`);
    await waitForExpression(page, `window.__rgl.charts()[0].datasets[0].color === '#00aa00'`);
    // Without theme variables the light and dark fallbacks differ too.
    await page.evaluate(`document.documentElement.style.removeProperty('--vscode-charts-red')`);
    const dark = (await charts(page))[1]!.datasets[0]!.color;
    await page.evaluate(`document.body.className = 'vscode-high-contrast-light'`);
    await waitForExpression(page, `window.__rgl.charts()[1].datasets[0].color !== ${JSON.stringify(dark)}`);
    assert.deepEqual(await cspViolations(page), []);
  });

  it('shows hostile file and tensor names as text and runs nothing', async () => {
    const f = sampleFixture({ name: XSS_NAME, file: XSS_FILE, second: `${XSS_NAME}#2` });
    const probe = await openPanel(browser());
    const bundle = { Verdict: '<img src=x onerror="window.__probe(\'l10n\')">' };
    await post(probe.page, { ...initMessage(f), l10n: bundle });
    await rendered(probe.page);
    const page = probe.page;
    assert.equal(await page.locator('h1.file').textContent(), XSS_FILE);
    assert.match((await page.locator('.meta').textContent()) ?? '', /<img src=x onerror=alert\(1\)><script>/);
    assert.equal(await page.locator('#app img, #app script, a[href^="javascript"]').count(), 0);
    await assertText(page, '.card.verdict .card-label', bundle.Verdict);
    // Open the data tables and the matrix picker: still only text.
    for (const s of await page.locator('summary').all()) await s.click();
    await page.waitForTimeout(200);
    assert.equal(await page.locator('#app img, #app script').count(), 0);
    assert.deepEqual(await page.evaluate('window.__executed'), []);
    assert.deepEqual(probe.dialogs, []);
    assert.deepEqual(await cspViolations(page), []);

    // The Markdown export escapes the name so it cannot become HTML in a preview.
    await page.getByText('Export Markdown').click();
    const md = (await posted(page)).find((m) => m.type === 'export' && m.kind === 'markdown');
    assert.ok(md && typeof md.data === 'string');
    assert.ok(md.data.includes('\\<img'), 'the name is in the Markdown, escaped');
    assert.doesNotMatch(md.data, /(^|[^\\])<(img|script)/, 'no raw tag in the Markdown');
    assert.match(String(md.suggestedName), /^[A-Za-z0-9._-]+\.md$/);
    assert.match(md.data, /\*\*\(5\) Gradient clipping\*\*: With τ = 1/, 'the equations\' sentences are in the export');
  });

  it('ignores unknown and malformed messages, before and after a report', async () => {
    const probe = await openPanel(browser());
    const page = probe.page;
    const f = sampleFixture();
    const junk = [
      { type: 'eval', code: 'window.__probe("eval")' },
      { type: 'init', report: { ...f.report, tool: 'x' }, matrix: null, l10n: null, state: f.state, interactive: true },
      { type: 'init', report: f.report, matrix: { ...f.matrix, values: [1, 2] }, l10n: null, state: f.state, interactive: true },
      { type: 'error', message: 42, place: null },
      'init',
      null,
    ];
    for (const m of junk) await page.evaluate(`window.postMessage(${JSON.stringify(m)}, '*')`);
    await page.waitForTimeout(300);
    assert.equal(await page.locator('.card').count(), 0, 'nothing rendered from junk');
    await post(page, initMessage(f));
    await rendered(page);
    const before = await page.locator('.cards').textContent();
    await post(page, { type: 'update', report: { ...f.report, matrices: 'none' }, matrix: null, state: f.state });
    await page.waitForTimeout(200);
    assert.equal(await page.locator('.cards').textContent(), before);
    await post(page, { type: 'error', message: 'model.json: row 3, col 2: not a number', place: null });
    await assertText(page, '.status-error', 'row 3, col 2');
    assert.deepEqual(await page.evaluate('window.__executed'), []);
    assert.deepEqual(probe.errors, []);
  });

  it('exports the report and charts as messages the host accepts', async () => {
    const probe = await show(browser(), 'vscode-light', sampleFixture({ second: 'rnn.weight_hh_l1' }));
    const page = probe.page;
    await page.getByText('Export JSON').click();
    await page.locator('#chart-gradients vscode-button', { hasText: 'PNG' }).click();
    await page.locator('#chart-powers vscode-button', { hasText: 'SVG' }).click();
    await page.locator('#chart-heatmap vscode-button', { hasText: 'SVG' }).click();
    const exports = (await posted(page)).filter((m) => m.type === 'export');
    assert.deepEqual(exports.map((m) => m.kind), ['json', 'png', 'svg', 'svg']);
    // The heatmap's SVG has one filled cell per entry of the 16 x 16 matrix.
    assert.equal((String(exports[3]!.data).match(/<rect x=[^>]*fill="rgb\(/g) ?? []).length, 256);
    for (const m of exports) assert.equal(isWebviewMessage(m), true);
    assert.equal(JSON.parse(String(exports[0]!.data)).tool, 'rnn-gradient-lens');
    assert.match(String(exports[1]!.data), /^data:image\/png;base64,/);
    assert.deepEqual(firstPixel(String(exports[1]!.data)), [255, 255, 255, 255], 'PNG on the light theme\'s opaque background');
    assert.match(String(exports[2]!.data), /^<svg[^>]*>[\s\S]*<polyline/);

    // Picking the other matrix asks the host for it.
    await page.locator('.toolbar vscode-single-select').click();
    await page.locator('.toolbar vscode-single-select').getByRole('option', { name: 'rnn.weight_hh_l1' }).click();
    await waitForExpression(page, `window.__posted.some((m) => m.type === 'selectMatrix')`);
    const sel = (await posted(page)).find((m) => m.type === 'selectMatrix');
    assert.equal(sel?.name, 'rnn.weight_hh_l1');
  });

  it('shows a gate stack gate by gate (eigenvalues per gate, gate table, largest-gate cards)', async () => {
    const probe = await openPanel(browser(), 'vscode-light');
    await post(probe.page, initFor('examples/lstm_forget1.json'));
    await rendered(probe.page);
    const page = probe.page;
    const all = await charts(page);
    const eig = all.find((c) => c.id === 'eigenvalues')!;
    assert.deepEqual(eig.datasets.filter((d) => /^λ of gate/.test(d.label)).map((d) => [d.label, d.size]), [
      ['λ of gate i', 16],
      ['λ of gate f', 16],
      ['λ of gate g', 16],
      ['λ of gate o', 16],
    ]);
    const grads = all.find((c) => c.id === 'gradients')!;
    assert.match(grads.datasets[0]!.label, /^LSTM, full gradient/);
    assert.ok(!grads.datasets.some((d) => /^Linear RNN/.test(d.label)));
    assert.equal(await page.locator('#chart-singular').isHidden(), true);
    assert.equal(await page.locator('.gates table tbody tr').count(), 4);
    await page.locator('.card', { hasText: 'largest gate: i' }).first().waitFor();
    assert.equal(await page.locator('.katex-error').count(), 0);
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(probe.errors, []);
  });

  it('a new result from the host (the file changed) keeps the user\'s controls and redraws with the new matrix', async () => {
    const probe = await show(browser());
    const page = probe.page;
    await page.getByLabel('Clipping threshold τ').press('End');
    await post(page, { type: 'progress', active: true, message: 'Analysing model.json…' });
    await assertText(page, '.status-progress', 'Analysing model.json…');
    const before = await seriesOf(probe, 'gradients', /^Linear/);
    const g = sampleFixture({ rho: 0.7 });
    // The host's state still has τ = 1: the page keeps τ = 1000, which the user chose meanwhile.
    await post(page, { type: 'update', report: g.report, matrix: g.matrix, state: g.state });
    await post(page, { type: 'progress', active: false, message: null });
    assert.equal(await page.locator('.status-progress').count(), 0);
    assert.equal(await page.getByLabel('Clipping threshold τ').getAttribute('aria-valuetext'), 'τ = 1000');
    assert.notDeepEqual(await seriesOf(probe, 'gradients', /^Linear/), before);
    await assertText(page, '.card >> nth=0', '0.7');
  });

  it('without the matrix (too large to send) it shows the report\'s curves and still follows τ and b_f', async () => {
    const f = sampleFixture();
    const probe = await openPanel(browser());
    await post(probe.page, { ...initMessage(f), matrix: null });
    await rendered(probe.page);
    const page = probe.page;
    await page.locator('.notes li', { hasText: 'Live recomputation is off' }).waitFor();
    const m = f.report.matrices[0]!;
    assert.deepEqual(await seriesOf(probe, 'gradients', /^Linear/), m.trajectory.log10GradNorm);
    assert.deepEqual(await seriesOf(probe, 'gradients', /^Clipped/), m.trajectory.clipping!.log10GradNorm);
    await page.getByLabel('Clipping threshold τ').press('Home');
    (await seriesOf(probe, 'gradients', /^Clipped/)).forEach((v) => assert.ok(v !== null && v <= -3 + 1e-9));
    const lstm = await seriesOf(probe, 'gradients', /^LSTM cell path/);
    await page.getByLabel('LSTM forget-gate bias b_f').press('End');
    assert.notDeepEqual(await seriesOf(probe, 'gradients', /^LSTM cell path/), lstm);
    assert.equal(await page.locator('#chart-heatmap').isHidden(), true, 'no heatmap without the entries');
    assert.deepEqual(probe.errors, []);
  });

  it('keeps the controls a reloaded panel saved', async () => {
    const probe = await openPanel(browser());
    const f = sampleFixture();
    const saved = { ...f.state, controls: { ...f.state.controls, clipTau: 10, horizon: 20 } };
    await probe.page.evaluate(`acquireVsCodeApi().setState(${JSON.stringify(saved)})`);
    await post(probe.page, initMessage(f));
    await rendered(probe.page);
    assert.equal((await seriesOf(probe, 'gradients', /^Linear/)).length, 20);
    assert.equal(await probe.page.getByLabel('Clipping threshold τ').getAttribute('aria-valuetext'), 'τ = 10');
  });
});

/** RGBA of a PNG's top-left pixel (8-bit RGBA; on the first row every PNG filter leaves it raw). */
function firstPixel(dataUrl: string): number[] {
  const png = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  const idat: Buffer[] = [];
  for (let off = 8; off < png.length; ) {
    const len = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    if (type === 'IHDR') assert.deepEqual([png[off + 16], png[off + 17]], [8, 6], '8-bit RGBA');
    if (type === 'IDAT') idat.push(png.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  return Array.from(raw.subarray(1, 5));
}

async function assertText(page: PageProbe['page'], selector: string, text: string): Promise<void> {
  await page.locator(selector).filter({ hasText: text }).first().waitFor({ timeout: 5000 }).catch(async () => {
    assert.fail(`${selector} should contain ${JSON.stringify(text)}, has ${JSON.stringify(await page.locator(selector).first().textContent())}`);
  });
}
