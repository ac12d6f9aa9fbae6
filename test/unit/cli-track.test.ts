import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/io';
import { run } from '../../src/cli/run';
import { CSV_HEADER } from '../../src/cli/trackOutput';
import type { MatrixReport } from '../../src/core/report';
import { ensureBuilt, runCli } from './cliProcess';
import { EXPECTED, expectedFirstChange, near, RUN_DIR } from './runFixture';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliOn({ isTTY: false }, ...argv);
}

/** The CLI with the given terminals (stdout's and stderr's); output collected. */
async function cliOn(tty: { isTTY: boolean; stderrIsTTY?: boolean }, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), ...tty, env: {} };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

interface TrackJson {
  checkpoints: { file: string; step: number | null; stepSource: string; matrices: MatrixReport[]; recurrences: unknown[] }[];
  errors: { file: string; error: string }[];
}

const SAFETENSORS = join(RUN_DIR, 'safetensors');
const RNN = 'rnn.weight_hh_l0';

describe('cli: track', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rgl-track-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--json: every checkpoint in step order, each matrix as analyze reports it, numbers as numpy', async () => {
    const r = await cli('track', SAFETENSORS, '--json', '--horizon', String(EXPECTED.horizon));
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as TrackJson;
    assert.deepEqual(out.checkpoints.map((c) => c.step), EXPECTED.steps);
    assert.deepEqual(out.errors, []);
    out.checkpoints.forEach((c, i) => {
      assert.equal(c.stepSource, 'name');
      assert.deepEqual(c.recurrences, []);
      const m = c.matrices.find((x) => x.name === RNN);
      const e = EXPECTED.series[RNN]?.[i];
      assert.ok(m && e);
      near(m.spectralRadius, e.spectralRadius, EXPECTED.tolerance.spectralRadius, `ρ at step ${c.step}`);
      assert.equal(m.verdict, e.verdict);
      assert.ok(Array.isArray(m.eigenvalues) && m.trajectory.log10GradNorm.length > 0, 'a full analyze report');
      const stack = c.matrices.find((x) => x.role === 'lstm');
      assert.deepEqual(stack?.gates?.map((g) => g.gate), ['i', 'f', 'g', 'o']);
    });
  });

  it('--csv: one header, then a line per checkpoint and matrix, a stack followed by its gates', async () => {
    const r = await cli('track', SAFETENSORS, '--csv');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], CSV_HEADER);
    const rows = lines.slice(1).map((l) => l.split(','));
    assert.equal(rows.length, EXPECTED.steps.length * (1 + 1 + 4));
    const col = (name: string): number => CSV_HEADER.split(',').indexOf(name);
    const rnnRows = rows.filter((x) => x[col('name')] === RNN);
    assert.deepEqual(rnnRows.map((x) => Number(x[col('step')])), EXPECTED.steps);
    rnnRows.forEach((x, i) => near(Number(x[col('spectral_radius')]), EXPECTED.series[RNN]?.[i]?.spectralRadius ?? NaN, 1e-9, `csv ρ ${i}`));
    const gateRows = rows.filter((x) => x[col('gate')] === 'f');
    assert.equal(gateRows.length, EXPECTED.steps.length);
    gateRows.forEach((x, i) => assert.equal(x[col('verdict')], EXPECTED.series['lstm.weight_hh_l0 [f]']?.[i]?.verdict));
  });

  it('human: one table per matrix, rows in step order, the first verdict change marked', async () => {
    const r = await cli('track', SAFETENSORS);
    assert.equal(r.code, 0, r.stderr);
    const first = expectedFirstChange(EXPECTED.series[RNN] ?? []);
    const table = r.stdout.split('\n\n').find((b) => b.startsWith(RNN)) ?? '';
    const rows = table.split('\n').filter((l) => /^\s+\d+\s/.test(l));
    assert.deepEqual(rows.map((l) => Number(l.trim().split(/\s+/)[0])), EXPECTED.steps);
    const marked = rows.filter((l) => l.includes('◀'));
    assert.equal(marked.length, 1);
    assert.ok(marked[0]?.trim().startsWith(`${EXPECTED.steps[first]} `), marked[0]);
    assert.match(table, new RegExp(`verdict changed at step ${EXPECTED.steps[first]}: vanishing → exploding`));
    assert.match(r.stdout, /gate f \(its own ‖W\^k‖\): vanishing → exploding at step \d+/);
  });

  it('takes steps from inside checkpoints, and falls back to modification time', async () => {
    const inside = JSON.parse((await cli('track', join(RUN_DIR, 'content'), '--json')).stdout) as TrackJson;
    assert.deepEqual(inside.checkpoints.map((c) => c.step), EXPECTED.steps);
    assert.ok(inside.checkpoints.every((c) => c.stepSource === 'content'));
    // Unnumbered copies whose mtimes run opposite to their names.
    const names = readdirSync(join(RUN_DIR, 'npy'));
    const words = ['zeta', 'eta', 'theta'];
    words.forEach((w, i) => {
      const to = join(dir, `${w}.npy`);
      copyFileSync(join(RUN_DIR, 'npy', names[i] as string), to);
      utimesSync(to, 1000 + i, 1000 + i);
    });
    const byTime = JSON.parse((await cli('track', dir, '--json')).stdout) as TrackJson;
    assert.deepEqual(byTime.checkpoints.map((c) => c.file), words.map((w) => join(dir, `${w}.npy`)));
    assert.ok(byTime.checkpoints.every((c) => c.step === null && c.stepSource === 'mtime'));
  });

  it('reads the PyTorch run (torch.save .pt, Lightning .ckpt): step order, numpy radii, counters inside', async () => {
    for (const sub of ['torch', 'lightning']) {
      const r = await cli('track', join(RUN_DIR, sub), '--json');
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as TrackJson;
      assert.deepEqual(out.checkpoints.map((c) => c.step), EXPECTED.steps, sub);
      out.checkpoints.forEach((c, i) => {
        const m = c.matrices.find((x) => x.name.endsWith(RNN));
        near(m?.spectralRadius ?? null, EXPECTED.series[RNN]?.[i]?.spectralRadius ?? null, EXPECTED.tolerance.spectralRadius, `${sub} ρ at step ${c.step}`);
      });
    }
    // Renamed without numbers: the step comes from the checkpoint's global_step.
    const names = readdirSync(join(RUN_DIR, 'torch'));
    names.forEach((n, i) => copyFileSync(join(RUN_DIR, 'torch', n), join(dir, `${EXPECTED.words[i] ?? 'x'}.pt`)));
    const inside = JSON.parse((await cli('track', dir, '--json')).stdout) as TrackJson;
    assert.deepEqual(inside.checkpoints.map((c) => c.step), EXPECTED.steps);
    assert.ok(inside.checkpoints.every((c) => c.stepSource === 'content'));
  });

  it('a checkpoint of modern layers only: its recurrences, as analyze reports them', async () => {
    const file = join(RUN_DIR, '..', 'recurrences', 'mamba.gguf');
    const single = JSON.parse((await cli('analyze', file, '--json')).stdout) as { recurrences: { layer: string; spectralRadius: number }[] };
    const r = await cli('track', file, '--json');
    assert.equal(r.code, 0, r.stderr);
    const rec = (JSON.parse(r.stdout) as TrackJson).checkpoints[0]?.recurrences as { layer: string; spectralRadius: number }[];
    assert.ok(single.recurrences.length > 0);
    assert.deepEqual(rec.map((x) => [x.layer, x.spectralRadius]), single.recurrences.map((x) => [x.layer, x.spectralRadius]));
  });

  it('skips a bad file with its located line, keeps the rest, and exits 3', async () => {
    for (const n of readdirSync(SAFETENSORS)) copyFileSync(join(SAFETENSORS, n), join(dir, n));
    writeFileSync(join(dir, 'step_7.safetensors'), Buffer.concat([Buffer.from([5, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{"a":')]));
    const r = await cli('track', dir, '--json');
    assert.equal(r.code, 3);
    assert.equal(r.stderr, `${join(dir, 'step_7.safetensors')}: byte 8: the header is not valid JSON (skipped)\n`);
    const out = JSON.parse(r.stdout) as TrackJson;
    assert.deepEqual(out.checkpoints.map((c) => c.step), EXPECTED.steps);
    assert.equal(out.errors.length, 1);
  });

  it('on a terminal, counts the checkpoints on stderr in place, erasing the line before a skip and at the end', async () => {
    for (const n of readdirSync(SAFETENSORS)) copyFileSync(join(SAFETENSORS, n), join(dir, n));
    writeFileSync(join(dir, 'step_7.safetensors'), Buffer.concat([Buffer.from([5, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{"a":')]));
    const total = EXPECTED.steps.length + 1;
    const r = await cliOn({ isTTY: true, stderrIsTTY: true }, 'track', dir, '--matrix', RNN);
    assert.equal(r.code, 3);
    const ERASE = '\r\u001b[2K';
    assert.ok(r.stderr.startsWith(`${ERASE}0/${total} checkpoints`), JSON.stringify(r.stderr.slice(0, 80)));
    assert.ok(r.stderr.includes(`${ERASE}${join(dir, 'step_7.safetensors')}: byte 8:`), 'the count is erased before the skipped file is named');
    assert.ok(r.stderr.endsWith(`${ERASE}${total}/${total} checkpoints · step_${String(EXPECTED.steps.at(-1))}.safetensors${ERASE}`), JSON.stringify(r.stderr.slice(-120)));
    assert.ok(!r.stdout.includes('\r'), 'stdout carries only the tables');
    // Not a terminal, or JSON streaming to the terminal: no count at all.
    for (const [tty, extra] of [[{ isTTY: false, stderrIsTTY: false }, []], [{ isTTY: true, stderrIsTTY: true }, ['--json']]] as const) {
      const quiet = await cliOn(tty, 'track', SAFETENSORS, '--matrix', RNN, ...extra);
      assert.equal(quiet.code, 0, quiet.stderr);
      assert.equal(quiet.stderr, '');
    }
  });

  it('--fail-on judges the last checkpoint only', async () => {
    const last = EXPECTED.series[RNN]?.at(-1)?.verdict;
    const firstVerdict = EXPECTED.series[RNN]?.[0]?.verdict;
    assert.ok(last && firstVerdict && last !== firstVerdict);
    const hit = await cli('track', SAFETENSORS, '--matrix', RNN, '--fail-on', last, '--csv');
    assert.equal(hit.code, 1);
    assert.match(hit.stderr, /--fail-on matched in the last checkpoint .*step_200\.safetensors/);
    const miss = await cli('track', SAFETENSORS, '--matrix', RNN, '--fail-on', firstVerdict, '--csv');
    assert.equal(miss.code, 0, miss.stderr);
  });

  it('refuses bad usage with one line and exit 2', async () => {
    const both = await cli('track', SAFETENSORS, '--json', '--csv');
    assert.equal(both.code, 2);
    assert.match(both.stderr, /^rnn-gradient-lens track: --json and --csv cannot be combined/);
    const none = await cli('track');
    assert.equal(none.code, 2);
    const empty = await cli('track', dir);
    assert.match(empty.stderr, new RegExp(`^${dir}: no checkpoints here \\(files ending .*\\.safetensors.*\\)\\n$`));
    const missing = await cli('track', join(dir, 'nope'));
    assert.equal(missing.stderr, `${join(dir, 'nope')}: no such file or folder\n`);
  });

  it('runs as a process: files named on the command line, in step order', () => {
    ensureBuilt();
    const files = readdirSync(join(RUN_DIR, 'npy')).map((n) => join(RUN_DIR, 'npy', n));
    const r = runCli(['track', ...files, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as TrackJson).checkpoints.map((c) => c.step), EXPECTED.steps);
  });

  it('on its threads (as a process) gives what one thread gives, a bad file located and skipped in its place', async () => {
    ensureBuilt();
    for (const n of readdirSync(SAFETENSORS)) copyFileSync(join(SAFETENSORS, n), join(dir, n));
    writeFileSync(join(dir, 'step_7.safetensors'), Buffer.concat([Buffer.from([5, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{"a":')]));
    const threads = runCli(['track', dir, '--csv']);
    const inProcess = await cli('track', dir, '--csv');
    assert.equal(threads.code, 3, threads.stderr);
    assert.equal(threads.stderr, `${join(dir, 'step_7.safetensors')}: byte 8: the header is not valid JSON (skipped)\n`);
    assert.equal(threads.stdout, inProcess.stdout);
    const steps = threads.stdout.split('\n').slice(1, -1).map((l) => Number(l.split(',')[1]));
    assert.deepEqual([...new Set(steps)], EXPECTED.steps);
  });
});
