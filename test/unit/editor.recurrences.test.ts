/**
 * The editor's words for modern recurrent layers, on the committed numpy fixtures
 * (test/fixtures/recurrences, written by scripts/fixtures/make_modern_fixtures.py): which layers
 * get a finding, that each message names the layer and carries numpy's numbers, the worst layer
 * for the status bar, the hover, and where a JSON layer's tensors sit.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../../src/core/analysis';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { readWeightFile } from '../../src/core/readers';
import type { AnalysisReport, RecurrenceReport } from '../../src/core/report';
import { matrixLocations } from '../../src/extension/worker/locations';
import { RECURRENCE_FIXTURES, recurrenceExpected, type LayerWant } from './recurrenceFixtures';
import { halfLifeText, recurrenceFindings, recurrenceHoverMarkdown, recurrenceLensTitle, recurrenceStatus, worstRecurrence } from '../../src/extension/pure/recurrenceText';

const dir = RECURRENCE_FIXTURES;
const expected = recurrenceExpected();
const wanted = (file: string): LayerWant[] => expected.files[file]?.recurrences ?? [];

function analyse(file: string): { report: AnalysisReport; text: string } {
  const bytes = readFileSync(join(dir, file));
  const wf = readWeightFile(new Uint8Array(bytes), file);
  return { report: analyzeFile(wf, file, { ...DEFAULT_OPTIONS, horizon: expected.horizon }), text: bytes.toString('utf8') };
}

/** The numbers in a message, in order (1.5e-06 and ×8.3e+01 included). */
const numbers = (s: string): number[] => (s.match(/-?\d+(?:\.\d+)?(?:e[+-]\d+)?/g) ?? []).map(Number);
const near = (got: number, want: number, digits: number): boolean => Math.abs(got - want) <= 0.5 * 10 ** (1 - digits) * Math.abs(want);

const KIND_OF: Record<string, string[]> = { 'non-decaying': ['nonDecaying'], 'short-memory': ['shortMemory'], 'within-horizon': [] };

describe('editor: modern recurrent layers', () => {
  for (const file of ['mamba_state_dict.json', 'mamba.pt', 'mamba.gguf', 's4d.safetensors']) {
    it(`${file}: a finding per non-decaying or short-memory layer, naming it with numpy's numbers`, () => {
      const { report } = analyse(file);
      const want = wanted(file);
      assert.equal(report.recurrences.length, want.length);
      want.forEach((w, i) => {
        const r = report.recurrences[i] as RecurrenceReport;
        const found = recurrenceFindings(r);
        assert.deepEqual(found.map((f) => f.kind), KIND_OF[w.verdict], w.layer);
        const f = found[0];
        if (!f) return;
        assert.ok(f.message.startsWith(`${w.layer} (${w.kind}): `), f.message);
        const rest = numbers(f.message.slice(w.layer.length));
        if (w.verdict === 'non-decaying') {
          assert.ok(f.message.includes(`${w.nonDecaying} of ${w.channels} channels do not decay`), f.message);
          if (w.spectralRadius > 1) assert.ok(rest.some((x) => near(x, w.spectralRadius, 6)), `ρ ${w.spectralRadius} in ${f.message}`);
          else assert.ok(f.message.includes('(|λ| = 1)'), f.message);
        } else {
          assert.ok(w.halfLife);
          assert.ok(rest.some((x) => near(x, w.halfLife!.max, 3)), `longest half-life ${w.halfLife.max} in ${f.message}`);
          assert.ok(f.message.includes(`T = ${expected.horizon}`) && f.message.includes(`T/10 = ${expected.horizon / 10}`), f.message);
        }
      });
    });
  }

  it('the status bar names the worst layer: non-decaying first, with its count', () => {
    const { report } = analyse('mamba_state_dict.json');
    const want = wanted('mamba_state_dict.json');
    const worst = want.find((w) => w.verdict === 'non-decaying');
    assert.ok(worst, 'the fixture has a non-decaying layer');
    assert.equal(worstRecurrence(report.recurrences)?.layer, worst.layer);
    const s = recurrenceStatus(report.recurrences);
    assert.ok(s);
    assert.ok(s.text.startsWith(`${want.length} layers · worst ρ `), s.text);
    assert.ok(s.text.endsWith(`non-decaying (${worst.nonDecaying})`), s.text);
    assert.ok(s.tooltip.includes(worst.layer), s.tooltip);
    assert.equal(s.warn, true);
    assert.equal(recurrenceStatus([]), undefined);
  });

  it('among short-memory layers the shortest memory is the worst; within the horizon does not warn', () => {
    const { report } = analyse('s4d.safetensors');
    const short = wanted('s4d.safetensors').filter((w) => w.verdict === 'short-memory');
    assert.equal(short.length, 1, 'the fixture has one short-memory layer');
    assert.equal(worstRecurrence(report.recurrences)?.layer, short[0]?.layer);
    const within = report.recurrences.filter((r) => r.verdict === 'within-horizon');
    assert.ok(within.length > 0);
    assert.equal(recurrenceStatus(within)?.warn, false);
  });

  it('the hover and CodeLens carry the layer, its half-lives and verdict', () => {
    const { report } = analyse('mamba_state_dict.json');
    wanted('mamba_state_dict.json').forEach((w, i) => {
      const r = report.recurrences[i] as RecurrenceReport;
      const md = recurrenceHoverMarkdown(r, [{ title: 'Open analysis', href: 'command:x' }]);
      assert.ok(md.startsWith(`**\`${w.layer}\`** · ${w.kind} · **`), md);
      const half = md.split('\n').find((l) => l.startsWith('- half-life')) ?? '';
      const [min, median, max] = numbers(half.slice(half.indexOf(':'))).map(Math.abs);
      assert.ok(w.halfLife && near(min!, w.halfLife.min, 3) && near(median!, w.halfLife.median, 3) && near(max!, w.halfLife.max, 3), half);
      assert.ok(md.includes(`channels with |λ| ≥ 1: ${w.nonDecaying}`), md);
      assert.ok(md.endsWith('[Open analysis](command:x)'));
      const lens = recurrenceLensTitle(r);
      assert.ok(lens.startsWith(`${w.kind} · ${w.channels} λ · ρ `) && lens.endsWith(' · Analyze'), lens);
      assert.equal(halfLifeText(r).split('/').length, 3);
    });
  });

  it("a JSON layer's tensors are located at their keys; binary files have no ranges", () => {
    const { text } = analyse('mamba_state_dict.json');
    const wf = readWeightFile(new TextEncoder().encode(text), 'mamba_state_dict.json');
    const locations = matrixLocations(wf, text);
    const lines = text.split('\n');
    for (const w of wanted('mamba_state_dict.json')) {
      for (const name of [`${w.layer}.A_log`, `${w.layer}.dt_proj.bias`]) {
        const loc = locations.find((l) => l.name === name);
        assert.ok(loc?.keyRange, name);
        const [line, col, endLine, endCol] = loc.keyRange;
        assert.equal(line, endLine);
        assert.equal(lines[line]?.slice(col, endCol), JSON.stringify(name));
      }
    }
    const binary = readWeightFile(new Uint8Array(readFileSync(join(dir, 'mamba.safetensors'))), 'mamba.safetensors');
    assert.ok(matrixLocations(binary, undefined).every((l) => l.keyRange === undefined && l.range === undefined));
  });
});
