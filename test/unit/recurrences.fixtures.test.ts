/**
 * Modern recurrences against numpy: every fixture in test/fixtures/recurrences (written by
 * scripts/fixtures/make_modern_fixtures.py, which computes the expected numbers with numpy from
 * the stored values). Numbers agree to 1e-9 relative; eigenvalues to 1e-9 of |λ|.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../../src/core/analysis';
import { WeightFileError } from '../../src/core/errors';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { readWeightFile } from '../../src/core/readers';
import type { RecurrenceKind } from '../../src/core/recurrences';
import type { RecurrenceReport } from '../../src/core/report';

const dir = join(__dirname, '..', 'fixtures', 'recurrences');
const bytes = (f: string): Uint8Array => new Uint8Array(readFileSync(join(dir, f)));

interface Want {
  layer: string;
  kind: string;
  variant?: string;
  channels: number;
  spectralRadius: number;
  halfLife: { min: number; median: number; max: number } | null;
  nonDecaying: number;
  verdict: string;
  eigenvalues: [number, number][];
  logModulus: number[];
  phase?: number[];
  gainLog10PerStep: number[];
  memory: { log10StateVariance: { median: number; max: number }; log10Sensitivity: { median: number; max: number } } | null;
  blocks?: { head: number; gate: string; spectralRadius: number }[];
}
interface FileWant {
  note: string;
  kind?: RecurrenceKind;
  recurrences?: Want[];
  matrices?: { name: string; role: string; gateSpectralRadius: number[] }[];
  quantised?: string[];
  refused?: string;
}
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { horizon: number; files: Record<string, FileWant> };

const REL = 1e-9;
function close(got: number, want: number, what: string, scale = Math.abs(want)): void {
  assert.ok(Math.abs(got - want) <= REL * Math.max(scale, Number.MIN_VALUE) || got === want, `${what}: ${got} vs numpy ${want}`);
}

function compare(got: RecurrenceReport, want: Want): void {
  const at = (s: string): string => `${want.layer} ${s}`;
  assert.equal(got.layer, want.layer);
  assert.equal(got.kind, want.kind);
  assert.equal(got.variant, want.variant);
  assert.equal(got.channels, want.channels);
  assert.equal(got.nonDecaying, want.nonDecaying, at('nonDecaying'));
  assert.equal(got.verdict, want.verdict, at('verdict'));
  close(got.spectralRadius, want.spectralRadius, at('spectralRadius'));
  if (want.halfLife === null) assert.equal(got.halfLife, null);
  else {
    assert.ok(got.halfLife);
    for (const k of ['min', 'median', 'max'] as const) close(got.halfLife[k], want.halfLife[k], at(`halfLife.${k}`));
  }
  assert.equal(got.eigenvalues.length, want.eigenvalues.length);
  want.eigenvalues.forEach(([re, im], i) => {
    const g = got.eigenvalues[i] as [number, number];
    const mod = Math.hypot(re, im);
    close(g[0], re, at(`λ[${i}].re`), mod);
    close(g[1], im, at(`λ[${i}].im`), mod);
  });
  want.logModulus.forEach((l, i) => close(got.logModulus[i] as number, l, at(`ln|λ|[${i}]`)));
  if (want.phase) want.phase.forEach((p, i) => close(got.phase?.[i] as number, p, at(`phase[${i}]`)));
  else assert.equal(got.phase, null);
  want.gainLog10PerStep.forEach((s, i) => close(got.gain.log10PerStep[i] as number, s, at(`gain quantile ${i}`)));
  if (want.memory === null) assert.equal(got.memory, null);
  else {
    assert.ok(got.memory);
    close(got.memory.log10StateVariance.max, want.memory.log10StateVariance.max, at('state variance max'));
    close(got.memory.log10StateVariance.median, want.memory.log10StateVariance.median, at('state variance median'));
    close(got.memory.log10Sensitivity.max, want.memory.log10Sensitivity.max, at('sensitivity max'));
    close(got.memory.log10Sensitivity.median, want.memory.log10Sensitivity.median, at('sensitivity median'));
  }
  if (want.blocks) {
    assert.equal(got.blocks?.length, want.blocks.length);
    want.blocks.forEach((b, i) => {
      const g = got.blocks?.[i];
      assert.equal(g?.head, b.head);
      assert.equal(g?.gate, b.gate);
      close(g?.spectralRadius as number, b.spectralRadius, at(`block ${b.head}/${b.gate}`));
    });
  }
}

describe('modern recurrences: numpy fixtures (test/fixtures/recurrences)', () => {
  const options = { ...DEFAULT_OPTIONS, horizon: expected.horizon };
  for (const [file, want] of Object.entries(expected.files)) {
    if (want.refused !== undefined) continue;
    it(`${file}: ${want.note}`, () => {
      const wf = readWeightFile(bytes(file), file, want.kind ? { recurrenceKind: want.kind } : {});
      const report = analyzeFile(wf, file, options);
      const wantRec = want.recurrences ?? [];
      assert.deepEqual(report.recurrences.map((r) => r.layer), wantRec.map((r) => r.layer));
      wantRec.forEach((w, i) => compare(report.recurrences[i] as RecurrenceReport, w));
      for (const m of want.matrices ?? []) {
        const got = report.matrices.find((x) => x.name === m.name);
        assert.ok(got, `${m.name} not found`);
        assert.equal(got.role, m.role);
        m.gateSpectralRadius.forEach((r, g) => close(got.gates?.[g]?.spectralRadius as number, r, `${m.name} gate ${g}`));
      }
      for (const q of want.quantised ?? []) {
        const s = report.skipped.find((x) => x.name === q);
        assert.ok(s && /quantised/.test(s.reason), `${q} listed as quantised`);
      }
    });
  }

  it('the fixtures cover every kind, complex λ, |λ| = 1, |λ| > 1 and all three verdicts', () => {
    const all = Object.values(expected.files).flatMap((f) => f.recurrences ?? []);
    for (const k of ['mamba', 'mamba2', 's4d', 'lru', 'rwkv', 'rwkv7', 'xlstm']) assert.ok(all.some((r) => r.kind === k), k);
    assert.ok(all.some((r) => r.eigenvalues.some(([, im]) => im !== 0)), 'complex λ');
    assert.ok(all.some((r) => r.eigenvalues.some(([re, im]) => Math.hypot(re, im) === 1)), '|λ| = 1');
    assert.ok(all.some((r) => r.spectralRadius > 1), '|λ| > 1');
    for (const v of ['non-decaying', 'short-memory', 'within-horizon']) assert.ok(all.some((r) => r.verdict === v), v);
  });

  it('a layer that needs a quantised GGUF tensor is refused with the tensor and its byte offset', () => {
    const file = 'mamba_q8.gguf';
    const name = expected.files[file]?.refused as string;
    try {
      readWeightFile(bytes(file), file);
      assert.fail('accepted');
    } catch (e) {
      assert.ok(e instanceof WeightFileError);
      assert.equal(e.place.kind, 'byte');
      assert.ok(e.message.includes(`${name} (Q8_0)`), e.message);
      assert.ok(e.place.kind === 'byte' && e.place.offset > 0);
    }
  });

  it('unusual names are not guessed without --kind', () => {
    const file = 'unusual_names.safetensors';
    const wf = readWeightFile(bytes(file), file);
    assert.equal(wf.recurrent?.length ?? 0, 0);
  });
});
