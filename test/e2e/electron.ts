/**
 * The extension-host suite under desktop VS Code via @vscode/test-electron, for machines that can
 * download VS Code (a contributor's laptop, a public CI): `npm run test:electron`. It runs the same
 * dist/test/index.js as the code-server run, on the same scratch workspace layout.
 * Pass `--version X.Y.Z` (or set RGL_VSCODE_VERSION) to pin VS Code; the default is the latest stable.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import type { ExtensionTestResults } from '../extension/index';
import { repoRoot, scratchRoot, testDebugAdapterPath } from './paths';
import type { SuiteResult } from './results';
import { resultLine } from './results';
import { createWorkspace } from './workspace';
import { TEST_SPIN_ENV } from '../../src/core/progress';
import { errorMessage } from '../../src/core/errors';

function counts(r: ExtensionTestResults): Pick<SuiteResult, 'passed' | 'failed' | 'pending'> {
  return { passed: r.passed, failed: r.failed, pending: r.pending };
}

async function main(): Promise<number> {
  const i = process.argv.indexOf('--version');
  const version = i >= 0 ? process.argv[i + 1] : process.env.RGL_VSCODE_VERSION;
  const root = path.join(scratchRoot, 'electron');
  fs.mkdirSync(root, { recursive: true });
  const workspace = createWorkspace(path.join(root, 'workspace'));
  const resultsFile = path.join(root, 'extension-host-results.json');
  fs.rmSync(resultsFile, { force: true });
  let code: number;
  try {
    code = await runTests({
      ...(version ? { version } : {}),
      extensionDevelopmentPath: [repoRoot, testDebugAdapterPath],
      extensionTestsPath: path.join(repoRoot, 'dist', 'test', 'index.js'),
      extensionTestsEnv: { RGL_TEST_RESULTS: resultsFile, [TEST_SPIN_ENV]: 'power-norms' },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        `--user-data-dir=${path.join(root, 'user-data')}`,
        `--extensions-dir=${path.join(root, 'extensions')}`,
      ],
    });
  } catch (e) {
    console.error(`[e2e] VS Code could not run the tests: ${errorMessage(e)}`);
    code = 1;
  }
  const result: SuiteResult = fs.existsSync(resultsFile)
    ? { suite: 'electron-extension-host', ...counts(JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as ExtensionTestResults) }
    : { suite: 'electron-extension-host', passed: 0, failed: 0, pending: 0, error: 'no results' };
  console.log(resultLine(result));
  return code === 0 && result.failed === 0 && !result.error ? 0 : 1;
}

main().then((code) => process.exit(code));
