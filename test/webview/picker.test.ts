/**
 * The matrix picker of a many-layer checkpoint: one entry per recurrent tensor, each with its
 * verdict and ρ. Files and numbers come from test/fixtures/checkpoints/torch (torch.save;
 * expected.json: numpy's radii, the verdict from numpy's ||W^k|| or, for gate stacks, from
 * torch's own LSTM cell by autograd: scripts/fixtures/make_torch_fixtures.py).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../../src/core/analysis';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import type { ExpectedCheckpoint } from '../unit/readers.checkpoints.test';
import { readCheckpointFixture } from '../unit/checkpointFixtures';
import { openPanel, post, rendered, suiteBrowser } from './harness';

const DIR = join(__dirname, '..', 'fixtures', 'checkpoints', 'torch');
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, { matrices: ExpectedCheckpoint[] }>;
/** The panel's English verdict labels. */
const LABEL: Record<string, string> = { vanishing: 'Vanishing', exploding: 'Exploding', stable: 'Stable', 'transient-growth': 'Transient growth' };

/** ρ (or the largest gate's, with that gate) as numpy gives it. */
function rhoOf(w: ExpectedCheckpoint): { rho: number; gate?: string } {
  if (w.spectralRadius !== undefined) return { rho: w.spectralRadius };
  const [gate, rho] = Object.entries(w.gateSpectralRadius ?? {}).reduce((a, b) => (b[1] > a[1] ? b : a));
  return { rho, gate };
}

describe('webview matrix picker in Chromium', function () {
  this.timeout(120000);
  const browser = suiteBrowser();

  for (const file of ['rnn_4layer_mixed.pt', 'lstm_bidir_2layer.pt']) {
    it(`${file}: every recurrent tensor listed with numpy's ρ and the expected verdict`, async () => {
      const report = analyzeFile(readCheckpointFixture(join(DIR, file)), file, DEFAULT_OPTIONS);
      const first = report.matrices[0];
      assert.ok(first);
      const state = { file, matrix: first.name, controls: { horizon: 60, clipTau: 1, scale: 1, mode: 'linear', forgetBias: 1, lossAt: 'every-step' } };
      const { page } = await openPanel(browser());
      await post(page, { type: 'init', report, matrix: null, l10n: null, state, interactive: true });
      await rendered(page);
      assert.equal(await page.locator('.toolbar vscode-single-select').isHidden(), false);
      const entries = await page.locator('.toolbar vscode-single-select vscode-option').allTextContents();
      const want = expected[file]?.matrices ?? [];
      assert.equal(entries.length, want.length, entries.join('\n'));
      for (const w of want) {
        const entry = entries.find((e) => e.startsWith(`${w.name} · `));
        assert.ok(entry, `no entry for ${w.name} in ${entries.join(' | ')}`);
        const m = /^(.+) · (.+) · (?:gate (\w+): )?ρ = (\S+)$/.exec(entry);
        assert.ok(m, entry);
        assert.equal(m[2], LABEL[w.verdict ?? ''], `${w.name}: verdict`);
        const { rho, gate } = rhoOf(w);
        assert.equal(m[3], gate, `${w.name}: the largest gate`);
        // Shown to 3 significant digits: within half a unit of the third.
        assert.ok(Math.abs(Number(m[4]) - rho) <= 5e-3 * rho, `${w.name}: ρ ${m[4]} vs numpy ${rho}`);
      }
    });
  }
});
