/**
 * End-to-end tests in a real VS Code: installs the pinned tools (cached), builds and packages the
 * .vsix, installs it into code-server with scratch folders, then runs the extension-host suite and
 * the GUI suite in Debian's Chromium, then the extension-host suite again under display language
 * `vi` (a second server with a test-only language pack). The servers and browser are always stopped.
 *
 *   tsx test/e2e/run.ts [--suite all|host|host-vi|gui] [--grep TEXT] [--skip-build]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser } from './browser';
import { cleanupAll, installSignalHandlers, processesMentioning } from './cleanup';
import { build, packageVsix } from './extensionPackage';
import { runGuiSuite } from './guiSuite';
import { runHostSuite } from './hostSuite';
import { packageLanguagePack, registerLanguagePack } from './languagePack';
import { artifactsDir, scratchRoot } from './paths';
import { resultLine, type SuiteResult } from './results';
import { installVsix, prepareDirs, startServer } from './server';
import { ensureTools, isAlive } from './tools';
import { createWorkspace } from './workspace';
import { TEST_SPIN_ENV } from '../../src/core/progress';
import { errorMessage } from '../../src/core/errors';

interface Args {
  readonly suite: 'all' | 'host' | 'host-vi' | 'gui';
  readonly grep?: string;
  readonly skipBuild: boolean;
}

function parseArgs(argv: string[]): Args {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const suite = value('--suite') ?? 'all';
  if (suite !== 'all' && suite !== 'host' && suite !== 'host-vi' && suite !== 'gui') {
    throw new Error(`--suite must be all, host, host-vi or gui (got ${suite})`);
  }
  const grep = value('--grep');
  return { suite, skipBuild: argv.includes('--skip-build'), ...(grep ? { grep } : {}) };
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    console.log(`[e2e] ${label}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

/**
 * A scratch folder of this run's own (server, workspaces, .vsix), so runs started at the same time
 * in one checkout do not share folders. Folders of runs whose process is gone are removed.
 */
function claimRunDir(): string {
  const runs = path.join(scratchRoot, 'runs');
  fs.mkdirSync(runs, { recursive: true });
  for (const name of fs.readdirSync(runs)) {
    if (!/^\d+$/.test(name) || isAlive(Number(name))) continue;
    fs.rmSync(path.join(runs, name), { recursive: true, force: true });
  }
  const dir = path.join(runs, String(process.pid));
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  installSignalHandlers();
  const started = Date.now();
  const runDir = claimRunDir();
  const results: SuiteResult[] = [];
  const names = { host: 'extension-host', gui: 'gui', 'host-vi': 'extension-host-vi' } as const;
  const wanted: SuiteResult['suite'][] = args.suite === 'all' ? [names.host, names.gui, names['host-vi']] : [names[args.suite]];
  try {
    const tools = await timed('tools', ensureTools);
    if (!args.skipBuild) await timed('build', build);
    const vsix = await timed('package', () => packageVsix(path.join(runDir, 'vsix')));
    fs.rmSync(artifactsDir, { recursive: true, force: true });
    fs.mkdirSync(artifactsDir, { recursive: true });
    const browser = await launchBrowser(tools, path.join(runDir, 'chromium-profile'));
    if (wanted.includes(names.host) || wanted.includes(names.gui)) {
      const dirs = prepareDirs(path.join(runDir, 'server'));
      await timed('install .vsix', () => installVsix(tools, dirs, vsix));
      const workspace = createWorkspace(path.join(runDir, 'workspace'));
      const guiWorkspace = createWorkspace(path.join(runDir, 'workspace-gui'));
      const hostResults = path.join(dirs.root, 'extension-host-results.json');
      // The spin hook stands in for an input that hangs the solver (test/extension/budget.test.ts).
      const testEnv = { RGL_TEST_RESULTS: hostResults, [TEST_SPIN_ENV]: 'power-norms', ...(args.grep ? { RGL_TEST_GREP: args.grep } : {}) };
      const server = await timed('start code-server', () => startServer(tools, dirs, workspace, testEnv));
      console.log(`[e2e] code-server ${server.baseUrl} on ${workspace}`);
      if (wanted.includes(names.host)) {
        results.push(await timed('extension-host suite', () => runHostSuite(browser.context, server, hostResults, path.join(artifactsDir, 'extension-host.log'))));
      }
      if (wanted.includes(names.gui)) {
        results.push(await timed('gui suite', () => runGuiSuite(browser.context, server, guiWorkspace, artifactsDir, args.grep)));
      }
      await server.stop();
    }
    if (wanted.includes(names['host-vi'])) {
      // A second server whose display language is `vi`: its own user data (languagepacks.json)
      // with only the test language pack installed; the extension itself comes from the repo.
      results.push(await timed('extension-host suite (vi)', async () => {
        const dirs = prepareDirs(path.join(runDir, 'server-vi'));
        const pack = await packageLanguagePack(path.join(runDir, 'language-pack-vi'), 'vi', 'Vietnamese', 'Tiếng Việt');
        await installVsix(tools, dirs, pack.vsix);
        registerLanguagePack(pack, dirs.userData, dirs.extensions);
        const workspace = createWorkspace(path.join(runDir, 'workspace-vi'));
        const hostResults = path.join(dirs.root, 'extension-host-results.json');
        const server = await startServer(tools, dirs, workspace, { RGL_TEST_RESULTS: hostResults, ...(args.grep ? { RGL_TEST_GREP: args.grep } : {}) }, 'vi');
        console.log(`[e2e] code-server ${server.baseUrl} on ${workspace}, display language vi`);
        try {
          return await runHostSuite(browser.context, server, hostResults, path.join(artifactsDir, 'extension-host-vi.log'), {
            suite: names['host-vi'],
            ...(args.grep ? {} : { mustPass: 'Vietnamese display language' }),
          });
        } finally {
          await server.stop();
        }
      }));
    }
  } catch (e) {
    console.error(`[e2e] ${errorMessage(e)}`);
    for (const suite of wanted) {
      if (!results.some((r) => r.suite === suite)) results.push({ suite, passed: 0, failed: 0, pending: 0, error: 'did not run' });
    }
  } finally {
    await cleanupAll();
  }

  const leftovers = processesMentioning(runDir);
  for (const p of leftovers) {
    console.error(`[e2e] process outlived the run, killing ${p.pid}: ${p.cmd.slice(0, 160)}`);
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
  const bad = leftovers.length > 0 || results.some((r) => r.failed > 0 || r.error !== undefined);
  if (bad) {
    for (const server of ['server', 'server-vi']) {
      const log = path.join(runDir, server, 'code-server.log');
      if (!fs.existsSync(log)) continue;
      fs.mkdirSync(artifactsDir, { recursive: true });
      fs.copyFileSync(log, path.join(artifactsDir, server === 'server' ? 'code-server.log' : 'code-server-vi.log'));
    }
  }
  fs.rmSync(runDir, { recursive: true, force: true });
  for (const r of results) console.log(resultLine(r));
  console.log(`[e2e] total ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${path.relative(process.cwd(), artifactsDir)}`);
  return bad ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
