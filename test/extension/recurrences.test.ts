/**
 * Modern recurrent layers in the editor: Diagnose Workspace finds a Mamba state_dict's
 * non-decaying and short-memory layers (JSON: on the layer's A_log key; .safetensors: at the start
 * of the file), the hover and CodeLens on the JSON, the status bar's worst layer. The numbers come
 * from WS/modern/expected.json (numpy, scripts/fixtures/make_modern_fixtures.py).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeOf, englishOnly, ours, rangeOf, waitFor, wsFile } from './editorHelpers';

interface Layer {
  layer: string;
  kind: string;
  channels: number;
  nonDecaying: number;
  verdict: string;
  halfLife: { max: number } | null;
}

async function expected(file: string): Promise<Layer[]> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(wsFile('modern', 'expected.json')));
  return (JSON.parse(text) as { files: Record<string, { recurrences: Layer[] }> }).files[file]?.recurrences ?? [];
}

const CODE: Record<string, string> = { 'non-decaying': 'nonDecaying', 'short-memory': 'shortMemory' };

describe('modern recurrent layers in the editor', () => {
  before(async function () {
    englishOnly(this);
    await api();
    await vscode.commands.executeCommand('rnnGradientLens.clearDiagnostics');
  });
  after(async () => {
    await vscode.commands.executeCommand('rnnGradientLens.clearDiagnostics');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Diagnose Workspace flags non-decaying and short-memory layers with their numbers, at the layer', async () => {
    await vscode.commands.executeCommand('rnnGradientLens.diagnoseWorkspace');
    for (const file of ['mamba_state_dict.json', 'mamba.safetensors']) {
      const uri = wsFile('modern', file);
      const flagged = (await expected(file)).filter((l) => CODE[l.verdict] !== undefined);
      assert.ok(flagged.length > 0, `${file} has layers to flag`);
      const got = ours(uri);
      assert.deepEqual(got.map(codeOf).sort(), flagged.map((l) => CODE[l.verdict]).sort(), file);
      for (const l of flagged) {
        const d = got.find((x) => x.message.startsWith(`${l.layer} (${l.kind}): `));
        assert.ok(d, `a finding names ${l.layer}: ${got.map((x) => x.message).join(' | ')}`);
        if (l.verdict === 'non-decaying') {
          assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
          assert.ok(d.message.includes(`${l.nonDecaying} of ${l.channels} channels do not decay`), d.message);
        } else {
          assert.equal(d.severity, vscode.DiagnosticSeverity.Information);
          assert.match(d.message, /memory far shorter than T = 60: the longest half-life is ([0-9.]+) steps \(< T\/10 = 6\)/);
          const longest = Number(/half-life is ([0-9.]+) steps/.exec(d.message)?.[1]);
          assert.ok(Math.abs(longest - (l.halfLife?.max ?? NaN)) <= 5e-3 * longest, `${longest} vs numpy ${l.halfLife?.max}`);
        }
        const where = file.endsWith('.json') ? await rangeOf(uri, JSON.stringify(`${l.layer}.A_log`)) : new vscode.Range(0, 0, 0, 0);
        assert.ok(d.range.isEqual(where), `${l.layer}: range ${JSON.stringify(d.range)}`);
      }
    }
  });

  it('hovering a layer’s A_log key shows its λ summary and verdict; CodeLens sits above each layer', async () => {
    const uri = wsFile('modern', 'mamba_state_dict.json');
    for (const l of await expected('mamba_state_dict.json')) {
      const key = await rangeOf(uri, JSON.stringify(`${l.layer}.A_log`));
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, key.start.translate(0, 3));
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).find((t) => t.includes('half-life'));
      assert.ok(text, `a hover on ${l.layer}.A_log`);
      assert.ok(text.startsWith(`**\`${l.layer}\`** · ${l.kind} · **`), text);
      assert.ok(text.includes(`channels with |λ| ≥ 1: ${l.nonDecaying}`), text);
    }
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
    const layerLenses = lenses.filter((c) => c.command?.title.startsWith('mamba · '));
    assert.equal(layerLenses.length, (await expected('mamba_state_dict.json')).length);
  });

  it('the status bar shows the worst layer of a model of modern layers', async () => {
    const a = await api();
    await vscode.window.showTextDocument(wsFile('modern', 'mamba_state_dict.json'));
    const layers = await expected('mamba_state_dict.json');
    const worst = layers.find((l) => l.verdict === 'non-decaying');
    assert.ok(worst);
    const head = `$(warning) ${layers.length} layers · worst ρ `;
    await waitFor('the status bar for the Mamba state_dict', () => a.statusText(), (t) => t !== undefined && t.startsWith(head) && t.endsWith(`non-decaying (${worst.nonDecaying})`));
  });
});
