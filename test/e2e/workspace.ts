/**
 * The test workspace: a scratch copy of `examples/` and the format fixtures, so tests may write
 * (diagnostics, rescaled copies) without touching the repo. Layout, relied on by the suites:
 *   WS/examples/*   the demo files (exploding.json, vanishing.npy, ...)
 *   WS/formats/*    test/fixtures/formats (every reader format, plus bad_* files)
 *   WS/debug/*      programs and matrices for the live-debugger tests (test/fixtures/debug)
 *   WS/ckpt/*       one torch.save checkpoint and its numpy references (test/fixtures/checkpoints/torch)
 *   WS/onnx/*       an ONNX model with external data beside it, two refused ones, numpy references
 *   WS/run/*        test/fixtures/run/safetensors (a training run, step_2 ... step_200)
 *   WS/run-expected.json  numpy's numbers for that run (test/fixtures/run/expected.json)
 *   WS/modern/*     a Mamba state_dict as JSON and as .safetensors, Mamba parameters under
 *                   unusual names, and their numpy references (test/fixtures/recurrences)
 *   WS/scratch-editor/  empty, watched from the start; tests make their folders in it
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';

export function createWorkspace(dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(path.join(repoRoot, 'examples'), path.join(dir, 'examples'), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'formats'), path.join(dir, 'formats'), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'debug'), path.join(dir, 'debug'), { recursive: true });
  // One real torch.save file and its numpy references, in a folder short enough to stay on screen.
  fs.mkdirSync(path.join(dir, 'ckpt'));
  for (const f of ['rnn_2layer.pt', 'expected.json']) fs.copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'checkpoints', 'torch', f), path.join(dir, 'ckpt', f));
  fs.mkdirSync(path.join(dir, 'onnx'));
  for (const f of ['lstm_external.onnx', 'lstm_external.onnx.data', 'bad_external_missing.onnx', 'bad_external_escape.onnx', 'expected.json']) {
    fs.copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'checkpoints', 'onnx', f), path.join(dir, 'onnx', f));
  }
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'run', 'safetensors'), path.join(dir, 'run'), { recursive: true });
  fs.copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'run', 'expected.json'), path.join(dir, 'run-expected.json'));
  fs.mkdirSync(path.join(dir, 'modern'));
  for (const f of ['mamba_state_dict.json', 'mamba.safetensors', 'unusual_names.safetensors', 'expected.json']) fs.copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'recurrences', f), path.join(dir, 'modern', f));
  fs.mkdirSync(path.join(dir, 'scratch-editor'));
  return dir;
}
