/**
 * The modern-recurrence views in Chromium behind the production CSP, on reports the real reader and
 * analysis make from the committed fixtures; every number is checked against numpy's
 * (test/fixtures/recurrences/expected.json, from scripts/fixtures/make_modern_fixtures.py).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { cspViolations, openPanel, post, posted, suiteBrowser, waitForExpression, type PageProbe } from './harness';
import { expectedLayers, recurrenceInit, type ExpectedLayer } from './recurrenceFixture';

/** Full-precision numbers agree with numpy's to this relative error (the core's own tolerance). */
const REL = 1e-9;
/** The table prints ρ to 6 and half-lives to 4 significant digits. */
const SHOWN_RHO = 5e-6;
const SHOWN_HALF = 5e-4;

interface Probe {
  layers: { layer: string; channels: number; spectralRadius: number; halfLife: ExpectedLayer['halfLife']; nonDecaying: number; verdict: string; scale: number }[];
  charts: { id: string; datasets: { label: string; data: (number | null)[]; size: number }[] }[];
}

const close = (a: number, b: number, rel: number, what: string): void => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${what}: ${a} vs ${b}`);

async function probeOf(page: Page): Promise<Probe> {
  return page.evaluate<Probe>('window.__rgl.recurrences()');
}

async function rows(page: Page): Promise<string[][]> {
  return page.evaluate<string[][]>(`Array.from(document.querySelectorAll('.rec-table tbody tr'), (tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent))`);
}

async function showFile(browser: Browser, file: string, opts: Parameters<typeof recurrenceInit>[1] = {}): Promise<PageProbe> {
  const probe = await openPanel(browser);
  await post(probe.page, recurrenceInit(file, opts));
  await probe.page.waitForSelector('#app[aria-busy="false"] .rec-table', { timeout: 20000 });
  return probe;
}

function assertRows(shown: string[][], expected: readonly ExpectedLayer[]): void {
  assert.equal(shown.length, expected.length);
  shown.forEach((r, i) => {
    const e = expected[i]!;
    assert.equal(r[0], e.layer);
    assert.equal(r[1], e.kind);
    assert.equal(Number(r[2]), e.channels);
    close(Number(r[3]), e.spectralRadius, SHOWN_RHO, `${e.layer} ρ`);
    const h = e.halfLife!;
    [h.min, h.median, h.max].forEach((x, k) => close(Number(r[4 + k]), x, SHOWN_HALF, `${e.layer} half-life ${k}`));
    assert.equal(Number(r[7]), e.nonDecaying);
  });
}

describe('modern recurrent layers in the panel (Chromium)', function () {
  this.timeout(120000);
  const chromium = suiteBrowser();

  it('lists a Mamba file\'s layers, one row each, with numpy\'s numbers and verdicts', async () => {
    const probe = await showFile(chromium(), 'mamba.safetensors');
    const page = probe.page;
    const expected = expectedLayers('mamba.safetensors');
    assertRows(await rows(page), expected);
    const p = await probeOf(page);
    p.layers.forEach((l, i) => {
      const e = expected[i]!;
      close(l.spectralRadius, e.spectralRadius, REL, `${e.layer} ρ`);
      for (const k of ['min', 'median', 'max'] as const) close(l.halfLife![k], e.halfLife![k], REL, `${e.layer} half-life ${k}`);
      assert.equal(l.verdict, e.verdict);
    });
    // The verdict cell is coloured by verdict: the layer with |λ| = 1 channels is marked non-decaying.
    const classes = await page.evaluate<string[]>(`Array.from(document.querySelectorAll('.rec-table tbody td.verdict'), (td) => td.className)`);
    assert.deepEqual(classes, expected.map((e) => `verdict rec-verdict-${e.verdict}`));
    assert.deepEqual(await page.locator('.rec-table tbody td.verdict').allTextContents(), expected.map((e) => (e.verdict === 'non-decaying' ? 'Non-decaying' : e.verdict === 'short-memory' ? 'Memory ≪ T' : 'Memory within T')));
    // No picture until a layer is picked; the header stays on top while the table scrolls.
    assert.equal(p.charts.length, 0);
    assert.equal(await page.evaluate(`getComputedStyle(document.querySelector('.rec-table th')).position`), 'sticky');
    assert.equal(await page.locator('.card').count(), 0, 'no matrix cards for a file without matrices');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(probe.errors, []);
  });

  it('draws the picked layer: one point per channel, |λ| ≥ 1 apart in the zoom, half-lives and gain', async () => {
    const probe = await showFile(chromium(), 'mamba.safetensors');
    const page = probe.page;
    const e = expectedLayers('mamba.safetensors')[2]!;
    assert.ok(e.nonDecaying > 0, 'the fixture\'s third layer has channels at |λ| = 1');
    await page.locator('.rec-table tbody tr', { hasText: e.layer }).click();
    await waitForExpression(page, 'window.__rgl.recurrences().charts.length === 3');
    let charts = (await probeOf(page)).charts;
    assert.deepEqual(charts.map((c) => c.id), ['rec-plane', 'rec-halflife', 'rec-gain']);
    const points = (c: Probe['charts'][number]): number[] => c.datasets.filter((d) => /^\|λ\| [<≥]/.test(d.label)).map((d) => d.size);
    assert.deepEqual(points(charts[0]!), [e.channels - e.nonDecaying, e.nonDecaying]);
    // The plane's points are numpy's eigenvalues (Im λ = 0 for Mamba); its data table lists them.
    const ys = charts[0]!.datasets.slice(0, 2).flatMap((d) => d.data);
    assert.ok(ys.every((y) => y === 0));
    await page.locator('#chart-rec-plane summary').click();
    // The table is filled on the details' toggle event, a task after the click.
    await waitForExpression(page, `document.querySelectorAll('#chart-rec-plane tbody tr').length > 0`);
    const re = await page.evaluate<number[]>(`Array.from(document.querySelectorAll('#chart-rec-plane tbody tr'), (tr) => Number(tr.children[1].textContent))`);
    assert.equal(re.length, e.channels);
    re.forEach((x, i) => close(x, e.eigenvalues[i]![0], 5e-8, `Re λ of channel ${i}`));
    // Histogram: every decaying channel once (each bin drawn as two points of a step).
    const bins = charts[1]!.datasets[0]!.data.filter((_, i) => i % 2 === 0) as number[];
    assert.equal(bins.reduce((a, b) => a + b, 0), e.channels - e.nonDecaying);
    // Gain bands: five quantiles over t = 1..T; the slowest channel's is ρ^(T−t).
    assert.deepEqual(charts[2]!.datasets.map((d) => d.size), [60, 60, 60, 60, 60]);
    close(10 ** (charts[2]!.datasets[4]!.data[0] as number), e.spectralRadius ** 59, 1e-9, 'ρ^(T−1)');
    assert.equal(await page.locator('.rec-detail .equation').count(), 3);
    assert.equal(await page.locator('.rec-detail .katex-error').count(), 0);

    // The zoom near |λ| = 1: x = log10(1 − |λ|) for the decaying channels, the rest in their own group.
    await page.locator('.rec-zoom').click();
    await waitForExpression(page, `window.__rgl.recurrences().charts[0].datasets.length === 2`);
    charts = (await probeOf(page)).charts;
    assert.deepEqual(points(charts[0]!), [e.channels - e.nonDecaying, e.nonDecaying]);
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(probe.errors, []);
  });

  // Mamba's λ are real; S4D's and the LRU's are complex: |λ|^s, and so the half-lives, scale alike.
  for (const file of ['mamba.safetensors', 's4d.safetensors', 'lru.safetensors'])
    it(`the step slider on ${file} moves half-lives the expected way: a longer step forgets faster`, async () => {
      const probe = await showFile(chromium(), file);
      const page = probe.page;
      const expected = expectedLayers(file);
      const slide = async (log2: number): Promise<void> => {
        await page.evaluate(`(() => {
          const el = document.querySelector('.rec-controls input[type=range]');
          el.value = '${log2}';
          el.dispatchEvent(new Event('input', { bubbles: true }));
        })()`);
      };
      // λ = exp(sΔA): ln|λ| scales by s, so every half-life scales by 1/s and |λ| = 1 stays put.
      for (const [log2, s] of [[1, 2], [-1, 0.5]] as const) {
        await slide(log2);
        const p = await probeOf(page);
        p.layers.forEach((l, i) => {
          const e = expected[i]!;
          assert.equal(l.scale, s);
          for (const k of ['min', 'median', 'max'] as const) close(l.halfLife![k], e.halfLife![k] / s, 1e-12, `${e.layer} ${k} at s = ${s}`);
          assert.equal(l.nonDecaying, e.nonDecaying);
          close(l.spectralRadius, e.spectralRadius ** s, 1e-12, `${e.layer} ρ at s = ${s}`);
        });
        const shown = await rows(page);
        close(Number(shown[0]![5]), expected[0]!.halfLife!.median / s, SHOWN_HALF, 'median cell');
        assert.match((await page.locator('.rec-controls output').textContent()) ?? '', new RegExp(`× ${s}$`));
      }
    });

  /** The Markdown table's rows of layers (cells unescaped), after the export button was pressed. */
  async function exportedLayerRows(page: Page): Promise<string[][]> {
    await page.getByText('Export Markdown').click();
    const md = (await posted(page)).find((m) => m.type === 'export' && m.kind === 'markdown');
    assert.ok(md && typeof md.data === 'string', 'a Markdown export was posted');
    assert.match(String(md.suggestedName), /^[A-Za-z0-9._-]+\.md$/);
    const lines = md.data.split('\n');
    const start = lines.findIndex((l) => l.startsWith('| Layer | Kind |'));
    assert.ok(start >= 0, 'the layers table is in the Markdown');
    const end = lines.indexOf('', start);
    return lines.slice(start + 2, end).map((l) => l.slice(2, -2).split(' | ').map((c) => c.replace(/\\(.)/g, '$1')));
  }

  for (const file of ['mamba.safetensors', 'mamba_lstm_head.safetensors'])
    it(`exports ${file}'s layers in the Markdown report, with numpy's numbers`, async () => {
      const probe = await showFile(chromium(), file);
      const expected = expectedLayers(file);
      const shown = await exportedLayerRows(probe.page);
      assert.deepEqual(shown.map((r) => r[0]), expected.map((e) => e.layer));
      assertRows(shown, expected);
      const table = await rows(probe.page);
      assert.deepEqual(shown.map((r) => r[8]), table.map((r) => r[8]), 'the verdicts as the table words them');
      if (file === 'mamba.safetensors') {
        await probe.page.getByText('Export JSON').click();
        const json = (await posted(probe.page)).find((m) => m.type === 'export' && m.kind === 'json');
        const report = JSON.parse(String(json?.data)) as { recurrences: { layer: string; spectralRadius: number }[] };
        report.recurrences.forEach((r, i) => close(r.spectralRadius, expected[i]!.spectralRadius, REL, `${r.layer} ρ in the JSON`));
      }
      assert.deepEqual(probe.errors, []);
    });

  it('a Mamba backbone with an LSTM head shows the matrix page and the layers table', async () => {
    const probe = await showFile(chromium(), 'mamba_lstm_head.safetensors');
    assertRows(await rows(probe.page), expectedLayers('mamba_lstm_head.safetensors'));
    await probe.page.waitForSelector('.card');
    assert.ok((await probe.page.locator('#chart-gradients').count()) === 1, 'the LSTM head keeps its charts');
    assert.deepEqual(probe.errors, []);
  });

  it('the kind picker asks the host to read the layers as that kind; a forced kind finds unusual names', async () => {
    const probe = await openPanel(chromium());
    await post(probe.page, recurrenceInit('unusual_names.safetensors'));
    const picker = probe.page.locator('.rec-none');
    await picker.waitFor({ timeout: 20000 });
    await picker.locator('summary').click();
    await probe.page.evaluate(`(() => {
      const el = document.querySelector('.rec-none vscode-single-select');
      el.value = 'mamba';
      el.dispatchEvent(new Event('change'));
    })()`);
    const sent = (await posted(probe.page)).filter((m) => m.type === 'setOptions').at(-1) as { state: { recurrenceKind?: string } } | undefined;
    assert.equal(sent?.state.recurrenceKind, 'mamba');
    // What the host sends back when it read the file with --kind mamba.
    await post(probe.page, { ...recurrenceInit('unusual_names.safetensors', { kind: 'mamba' }), type: 'update' });
    await probe.page.waitForSelector('.rec-table');
    assertRows(await rows(probe.page), expectedLayers('unusual_names.safetensors'));
  });

  it('lists layers that were not analysed, names as text', async () => {
    const init = recurrenceInit('mamba.safetensors');
    const bad = '<img src=x onerror="window.__probe(\'layer\')">';
    if (init.type !== 'init') throw new Error('init expected');
    const report = { ...init.report, unrecognisedRecurrences: [{ layer: bad, tensors: [`${bad}.A_log`], reason: 'Q8_0 is quantised' }] };
    const probe = await openPanel(chromium());
    await post(probe.page, { ...init, report });
    await probe.page.waitForSelector('.rec-unrecognised li');
    assert.equal(await probe.page.locator('.rec-unrecognised li').textContent(), `${bad}: Q8_0 is quantised`);
    assert.equal(await probe.page.locator('#app img').count(), 0);
    assert.deepEqual(await probe.page.evaluate('window.__executed'), []);
  });

  it('speaks Vietnamese with the Vietnamese bundle', async () => {
    const vi = JSON.parse(readFileSync(join(__dirname, '..', '..', 'l10n', 'bundle.l10n.vi.json'), 'utf8')) as Record<string, string>;
    const probe = await showFile(chromium(), 'mamba.safetensors', { l10n: vi });
    const page = probe.page;
    assert.equal(await page.locator('.recurrences h2').textContent(), vi['Modern recurrent layers']);
    assert.equal(await page.locator('.rec-table tbody td.verdict').last().textContent(), vi['Non-decaying']);
    await page.locator('.rec-table tbody tr').first().click();
    await page.waitForSelector('.rec-detail .equation');
    assert.equal(await page.locator('#chart-rec-halflife h3').textContent(), vi['Half-lives against the horizon T']);
    assert.ok(vi['Modern recurrent layers'] && vi['Modern recurrent layers'] !== 'Modern recurrent layers');
  });
});
