/**
 * Extension-host test entry (`extensionTestsPath` → dist/test/index.js). VS Code calls `run()`
 * inside its real extension host: under code-server (test/e2e) and under @vscode/test-electron.
 * When RGL_TEST_RESULTS names a file, the counts and failures are written there for the harness;
 * RGL_TEST_GREP keeps only the tests whose full title contains it.
 */
import * as fs from 'node:fs';
import { testFiles } from 'rgl:extension-tests';
import { errorMessage } from '../../src/core/errors';

type MochaClass = typeof import('mocha');

export interface ExtensionTestResults {
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  readonly files: readonly string[];
  /** Full titles of the tests that passed, for the harness's report. */
  readonly passes: readonly string[];
  readonly failures: readonly { readonly title: string; readonly message: string }[];
}

/**
 * mocha's package entry is ES-module only; an extension host on Node 20 (desktop VS Code) cannot
 * require() it, so load its CommonJS build directly. It stays external to the bundle.
 */
function loadMocha(): MochaClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('mocha/lib/mocha.cjs') as MochaClass;
}

export async function run(): Promise<void> {
  const Mocha = loadMocha();
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  // `tsx test/e2e/run.ts --suite host --grep TEXT` runs only the tests whose full title has TEXT.
  const grep = process.env.RGL_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const t of testFiles) {
    mocha.suite.emit('pre-require', globalThis, t.file, mocha);
    mocha.suite.emit('require', t.load(), t.file, mocha);
    mocha.suite.emit('post-require', globalThis, t.file, mocha);
  }

  const failures: { title: string; message: string }[] = [];
  const passes: string[] = [];
  let pending = 0;
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (test) => passes.push(test.fullTitle()));
    runner.on('pending', () => pending++);
    runner.on('fail', (test, err: unknown) => {
      failures.push({ title: test.fullTitle(), message: errorMessage(err) });
    });
  });

  const results: ExtensionTestResults = {
    passed: passes.length,
    failed: failures.length,
    pending,
    files: testFiles.map((t) => t.file),
    passes,
    failures,
  };
  const out = process.env.RGL_TEST_RESULTS;
  if (out) fs.writeFileSync(out, JSON.stringify(results, null, 2));
  if (failures.length > 0) throw new Error(`${failures.length} extension-host test(s) failed`);
}
