import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { matrixFindings } from '../../src/extension/pure/findings';
import { hoverMarkdown, lensTitle } from '../../src/extension/pure/hoverText';
import { api, ours, rangeOf, wsFile } from './editorHelpers';
import { extension } from './manifest';

const read = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(extension().extensionPath, file), 'utf8')) as Record<string, unknown>;

/** Messages of the editor features that must read in Vietnamese. */
const EDITOR_MESSAGES = [
  '{0}: gradients grow ×{1} over T = {2}',
  '{0}: gradients shrink ×{1} over T = {2}',
  '{0} < 1, yet ‖W^k‖ peaks at ×{1} at k = {2} before it decays (non-normal transient growth)',
  'σ_max = {0} < 1/γ = {1}: with tanh, gradients vanish for any input (sufficient condition)',
  'exploding',
  'vanishing',
  'transient growth',
  'stable',
  'Open analysis',
  'Save rescaled copy (ρ = 0.99)…',
  'ρ (spectral radius): {0}',
  'σ_max (spectral norm): {0}',
  'growth over T = {0}: ‖W^T‖ = {1}',
  'Analyze',
];

describe('Vietnamese strings', () => {
  it('translates every manifest string', () => {
    const en = read('package.nls.json');
    const vi = read('package.nls.vi.json');
    assert.deepEqual(Object.keys(vi).sort(), Object.keys(en).sort());
    const same = Object.keys(en).filter((k) => k !== 'displayName' && vi[k] === en[k]);
    assert.deepEqual(same, [], 'left in English');
  });

  it('translates every host and panel message, keeping the placeholders', () => {
    const en = read('l10n/bundle.l10n.json');
    const vi = read('l10n/bundle.l10n.vi.json');
    for (const m of EDITOR_MESSAGES) assert.ok(m in en, `${m} is in the English bundle`);
    const missing = Object.keys(en).filter((k) => typeof vi[k] !== 'string' || vi[k] === '');
    assert.deepEqual(missing, []);
    for (const k of Object.keys(en)) {
      const holes = (s: string): string[] => (s.match(/\{\d+\}/g) ?? []).sort();
      assert.deepEqual(holes(vi[k] as string), holes(k), `placeholders of "${k}"`);
    }
    assert.match(vi['{0}: gradients grow ×{1} over T = {2}'] as string, /gradient/i);
    assert.equal(vi['exploding'], 'bùng nổ');
    assert.equal(vi['vanishing'], 'tiêu biến');
  });
});

describe('Vietnamese display language', () => {
  before(function () {
    if (!vscode.env.language.toLowerCase().startsWith('vi')) this.skip(); // runs in the e2e `vi` pass
  });

  it('runs the extension host in vi and loads bundle.l10n.vi.json', () => {
    assert.equal(vscode.env.language, 'vi');
    assert.equal(vscode.l10n.t('exploding'), 'bùng nổ');
    assert.equal(vscode.l10n.t('Analyze'), read('l10n/bundle.l10n.vi.json')['Analyze']);
  });

  it('writes diagnostics, hovers and CodeLens titles in Vietnamese', async () => {
    await api();
    const uri = wsFile('examples', 'exploding.json');
    await vscode.commands.executeCommand('rnnGradientLens.diagnoseActiveFile', uri);
    const d = ours(uri)[0];
    assert.match(d?.message ?? '', /^ρ = 1\.100: gradient tăng ×3\.0e\+02 qua T = 60 bước \(gradient bùng nổ\)$/);
    const key = await rangeOf(uri, '"rnn.weight_hh_l0"');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, key.start.translate(0, 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /ρ \(bán kính phổ\): 1\.1\b/);
    assert.match(text, /σ_max \(chuẩn phổ\)/);
    await vscode.workspace.openTextDocument(uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    assert.ok(lenses.some((l) => l.command?.title === 'ρ 1.10 · bùng nổ · Phân tích'));
  });
});

describe('Vietnamese messages through the bundle', () => {
  after(() => {
    l10n.config({ contents: {} });
  });

  it('renders findings, hover lines and CodeLens titles from bundle.l10n.vi.json', async () => {
    const { service } = await api();
    const out = await service.analyze({ uri: wsFile('examples', 'exploding.json') });
    assert.ok(out.ok);
    const m = out.report.matrices[0];
    assert.ok(m);
    // This bundle's own copy of @vscode/l10n, configured as the extension configures its own under `vi`.
    l10n.config({ contents: read('l10n/bundle.l10n.vi.json') as Record<string, string> });
    const [f] = matrixFindings(m, out.report.horizon, false);
    assert.equal(f?.message, 'ρ = 1.100: gradient tăng ×3.0e+02 qua T = 60 bước (gradient bùng nổ)');
    assert.equal(lensTitle(m), 'ρ 1.10 · bùng nổ · Phân tích');
    const md = hoverMarkdown(m, out.report.horizon, []);
    assert.match(md, /ρ \(bán kính phổ\): 1\.1\b/);
    assert.match(md, /σ_max \(chuẩn phổ\): /);
    assert.match(md, /mức tăng trên T = 60: ‖W\^T‖ = 3\.0e\+02/);
  });
});
