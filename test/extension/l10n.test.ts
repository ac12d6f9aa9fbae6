import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
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
