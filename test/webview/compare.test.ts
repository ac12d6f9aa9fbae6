/** The compare page in headless Chromium: two fixture checkpoints analysed, side by side. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../../src/core/analysis';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { readWeightFile } from '../../src/core/readers';
import { compareAnalyses } from '../../src/core/run/compare';
import { isCompareHostMessage } from '../../src/compareProtocol';
import { EXPECTED, RUN_DIR } from '../unit/runFixture';
import { cspViolations, openComparePanel, post, suiteBrowser, waitForExpression } from './harness';

function side(step: number) {
  const path = join(RUN_DIR, 'safetensors', `step_${step}.safetensors`);
  const file = readWeightFile(new Uint8Array(readFileSync(path)), path);
  return { label: `run/step_${step}.safetensors`, report: analyzeFile(file, path, { ...DEFAULT_OPTIONS, horizon: EXPECTED.horizon }), file };
}

describe('webview compare page in Chromium', function () {
  this.timeout(120000);
  const browser = suiteBrowser();

  it('shows Δρ per matrix and gate and both spectra on one plane, with no CSP violation', async () => {
    const [first, last] = [EXPECTED.steps[0] as number, EXPECTED.steps.at(-1) as number];
    const a = side(first);
    const b = side(last);
    const msg = { type: 'compareInit', l10n: null, a: { label: a.label, report: a.report }, b: { label: b.label, report: b.report }, comparison: compareAnalyses(a, b) };
    assert.ok(isCompareHostMessage(JSON.parse(JSON.stringify(msg))));
    const probe = await openComparePanel(browser());
    await post(probe.page, msg);
    await probe.page.waitForSelector('#compare-table');
    const rows = await probe.page.$$eval('#compare-table tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td: { textContent: string | null }) => td.textContent ?? '')));
    assert.deepEqual(rows.map((r) => r[0]), ['rnn.weight_hh_l0', 'lstm.weight_hh_l0', 'lstm.weight_hh_l0 [i]', 'lstm.weight_hh_l0 [f]', 'lstm.weight_hh_l0 [g]', 'lstm.weight_hh_l0 [o]']);
    const rnn = EXPECTED.series['rnn.weight_hh_l0'];
    const shown = Number(rows[0]?.[3]);
    const numpyDelta = (rnn?.at(-1)?.spectralRadius ?? NaN) - (rnn?.[0]?.spectralRadius ?? NaN);
    assert.ok(Math.abs(shown - numpyDelta) < 5e-3 * Math.abs(numpyDelta), `Δρ shown ${shown} vs numpy ${numpyDelta}`);
    assert.equal(rows[0]?.[5], 'Vanishing → Exploding');
    const plane = await probe.page.evaluate<{ label: string; size: number }[]>('window.__rglCompare.plane()');
    assert.deepEqual(plane.map((d) => d.size), [16, 16, 181]);
    await probe.page.selectOption('#compare-matrix', 'lstm.weight_hh_l0 [f]');
    await waitForExpression(probe.page, 'window.__rglCompare.plane()[0].size === 8');
    assert.deepEqual(await cspViolations(probe.page), []);
    assert.deepEqual(probe.errors, []);
    await probe.page.context().close();
  });
});
