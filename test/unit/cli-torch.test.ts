import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalysisReport } from '../../src/core/report';
import { writeZip, zerosDeflated } from '../fuzz/zipWriter';
import { TORCH_FIXTURES } from './torchFixtures';
import { ROOT, ensureBuilt, expectRefusal, runCli } from './cliProcess';

const BIN = join(ROOT, 'bin', 'rnn-gradient-lens.js');

describe('cli: PyTorch checkpoints and .npz archives: names, hostile pickles, deflate bombs', function () {
  this.timeout(120_000);
  before(ensureBuilt);

  it('--matrix takes the dotted names the report shows', () => {
    const path = join(TORCH_FIXTURES, 'train_checkpoint.pth');
    const r = runCli(['analyze', path, '--json', '--matrix', 'model_state_dict.rnn.weight_hh_l0']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as AnalysisReport;
    assert.deepEqual(report.matrices.map((m) => m.name), ['model_state_dict.rnn.weight_hh_l0']);
    const wrong = expectRefusal(runCli(['analyze', path, '--matrix', 'rnn.weight_hh_l0']));
    assert.match(wrong, /no matrix named 'rnn\.weight_hh_l0'; the file has: model_state_dict\.rnn\.weight_hh_l0/);
  });

  it('a __reduce__ calling os.system is named in the report and never run (no marker file appears)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rgl-hostile-'));
    try {
      const r = spawnSync(process.execPath, [BIN, 'analyze', join(TORCH_FIXTURES, 'hostile_reduce.pt')], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /note: not run \(read as data only\): posix\.system\('touch marker'\)/);
      assert.match(r.stdout, /state_dict\.weight_hh_l0/);
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a 2 GiB deflate bomb is refused at the limit, in bounded memory, whatever size it claims', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rgl-bomb-'));
    try {
      const { stream, length } = zerosDeflated(2 * 1024 ** 3);
      assert.ok(length > 2 * 1024 ** 3 - 300 && stream.length < 16 * 1024 * 1024);
      for (const claimedSize of [length, 1024]) {
        const path = join(dir, `bomb_${claimedSize}.npz`);
        writeFileSync(path, writeZip([{ name: 'W_hh.npy', data: new Uint8Array(0), method: 8, compressed: stream, claimedSize, crc: 0 }]));
        // /usr/bin/time -f %M prints the peak resident set in KiB after the CLI's own line (and its exit status).
        const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, 'analyze', path], { encoding: 'utf8' });
        const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('Command exited'));
        const peakKiB = Number(lines.pop());
        assert.equal(r.status, 2, r.stderr);
        assert.equal(lines.length, 1, r.stderr);
        assert.match(lines[0] ?? '', /: byte \d+: member 'W_hh\.npy' (is 2048 MB uncompressed, more than the limit|inflates to more than the 1024 bytes)/);
        assert.ok(peakKiB > 0 && peakKiB < 1024 * 1024, `peak RSS ${peakKiB} KiB`);
      }
      assert.equal(existsSync(join(dir, 'W_hh.npy')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
