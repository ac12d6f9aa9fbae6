/**
 * Runs the extension-host mocha suite (dist/test/index.js) inside code-server: the workbench
 * payload names the repo as the development extension and the bundle as its tests; the smoke-test
 * driver then calls `codeAutomationExit(code)` when `run()` settles.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import type { ExtensionTestResults } from '../extension/index';
import { repoRoot, testDebugAdapterPath } from './paths';
import type { SuiteResult } from './results';
import type { Server } from './server';

const TIMEOUT_MS = 10 * 60_000;

export function hostSuiteUrl(server: Server, testAdapter = false): string {
  const remote = `vscode-remote://127.0.0.1:${server.port}`;
  const payload = [
    ['extensionDevelopmentPath', `${remote}${repoRoot}`],
    // Test-only: the debug type that starts debugpy's adapter (live-matrix tests). The server then
    // loads only this development path, so it is added only where the extension is also installed
    // from its .vsix (the English pass); elsewhere those tests skip themselves.
    ...(testAdapter ? [['extensionDevelopmentPath', `${remote}${testDebugAdapterPath}`]] : []),
    ['extensionTestsPath', `${remote}${path.join(repoRoot, 'dist', 'test', 'index.js')}`],
  ];
  return `${server.baseUrl}/?folder=${encodeURIComponent(server.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export interface HostSuiteOptions {
  /** The name in the result line: `extension-host`, or `extension-host-vi` for the `vi` pass. */
  readonly suite: string;
  /** Full-title prefix of tests that must pass in this pass (they skip themselves elsewhere). */
  readonly mustPass?: string;
  /** Also load the test-only debugpy debug type. */
  readonly testAdapter?: boolean;
}

export async function runHostSuite(
  context: BrowserContext,
  server: Server,
  resultsFile: string,
  logFile: string,
  { suite, mustPass, testAdapter }: HostSuiteOptions = { suite: 'extension-host', testAdapter: true },
): Promise<SuiteResult> {
  fs.rmSync(resultsFile, { force: true });
  const log = fs.createWriteStream(logFile);
  const page = await context.newPage();
  try {
    let exitCode: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (exitCode = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => exitCode(code));
    // The workbench forwards its log lines here; keep them for post-mortems, out of the console.
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      log.write(`[${type}] ${args.map(String).join(' ')}\n`);
    });
    page.on('console', (m) => log.write(`[console.${m.type()}] ${m.text()}\n`));
    await page.goto(hostSuiteUrl(server, testAdapter));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS)));
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (code === 'timeout') {
      return { suite, passed: 0, failed: 0, pending: 0, error: `no exit after ${TIMEOUT_MS / 1000} s (see ${logFile})` };
    }
    if (!fs.existsSync(resultsFile)) {
      return { suite, passed: 0, failed: 0, pending: 0, error: `exited with ${code} without results (see ${logFile})` };
    }
    const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as ExtensionTestResults;
    console.log(`[e2e] ${suite} suite over ${r.files.length} files: ${r.files.join(', ')}`);
    for (const title of r.passes) console.log(`  ✔ ${title}`);
    for (const f of r.failures) console.log(`  ✗ ${f.title}\n      ${f.message.split('\n').join('\n      ')}`);
    if (code !== 0 && r.failed === 0) {
      return { ...r, suite, error: `exit code ${code} with no failed test (see ${logFile})` };
    }
    if (mustPass !== undefined && !r.passes.some((t) => t.startsWith(mustPass))) {
      return { suite, passed: r.passed, failed: r.failed, pending: r.pending, error: `no test of "${mustPass}" passed (skipped: wrong display language?)` };
    }
    return { suite, passed: r.passed, failed: r.failed, pending: r.pending };
  } finally {
    await page.close().catch(() => undefined);
    log.end();
  }
}
