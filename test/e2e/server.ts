/**
 * code-server with the packaged extension installed, in scratch folders under `.e2e/`, on a free
 * port of 127.0.0.1. It runs in its own process group, which `stop()` (and the cleanup hooks) kill.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { onCleanup, stopGroup, trackGroup } from './cleanup';
import { run } from './proc';
import type { Tools } from './tools';

export interface ServerDirs {
  readonly root: string;
  readonly userData: string;
  readonly extensions: string;
  readonly xdg: string;
  readonly config: string;
  readonly log: string;
}

export interface Server {
  readonly baseUrl: string;
  readonly port: number;
  readonly workspace: string;
  readonly dirs: ServerDirs;
  stop(): Promise<void>;
}

export function prepareDirs(root: string): ServerDirs {
  fs.rmSync(root, { recursive: true, force: true });
  const dirs: ServerDirs = {
    root,
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    xdg: path.join(root, 'xdg'),
    config: path.join(root, 'config.yaml'),
    log: path.join(root, 'code-server.log'),
  };
  for (const d of [dirs.userData, dirs.extensions, dirs.xdg]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(dirs.config, 'auth: none\ncert: false\n');
  const settings = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'editor.hover.delay': 300,
    'git.enabled': false,
    // Unsaved editors of one window must not be restored into the next one.
    'files.hotExit': 'off',
    // Keep the chat side bar out of the screenshots and the layout.
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  return dirs;
}

function serverEnv(tools: Tools, dirs: ServerDirs, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...extra,
    PATH: `${path.join(tools.node24Dir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    XDG_DATA_HOME: path.join(dirs.xdg, 'data'),
    XDG_CONFIG_HOME: path.join(dirs.xdg, 'config'),
    XDG_CACHE_HOME: path.join(dirs.xdg, 'cache'),
    XDG_STATE_HOME: path.join(dirs.xdg, 'state'),
  };
}

function commonArgs(dirs: ServerDirs): string[] {
  return ['--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

export async function installVsix(tools: Tools, dirs: ServerDirs, vsix: string): Promise<void> {
  const { stdout } = await run(tools.codeServerBin, [...commonArgs(dirs), '--install-extension', vsix], {
    env: serverEnv(tools, dirs, {}),
    capture: true,
  });
  if (!/successfully installed/i.test(stdout)) throw new Error(`Installing ${vsix} failed:\n${stdout}`);
}

/**
 * Starts code-server on `workspace`; `env` reaches the extension hosts it spawns. `locale` sets the
 * display language (it needs a language pack for it installed, else code-server stays English).
 */
export async function startServer(
  tools: Tools,
  dirs: ServerDirs,
  workspace: string,
  env: NodeJS.ProcessEnv = {},
  locale?: string,
): Promise<Server> {
  const logFd = fs.openSync(dirs.log, 'w');
  const args = [
    ...commonArgs(dirs),
    '--bind-addr', '127.0.0.1:0',
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--vscode-option', 'enable-smoke-test-driver',
    ...(locale ? ['--locale', locale] : []),
    workspace,
  ];
  // detached: setsid, so the server and its extension hosts form one group we can kill together.
  const child = spawn(tools.codeServerBin, args, {
    env: serverEnv(tools, dirs, env),
    detached: true,
    stdio: ['ignore', logFd, logFd],
  });
  fs.closeSync(logFd);
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('code-server did not start');
  trackGroup(pgid);
  let exited = false;
  child.on('exit', () => (exited = true));
  const stop = async (): Promise<void> => {
    unregister();
    await stopGroup(pgid);
  };
  const unregister = onCleanup(stop);

  const deadline = Date.now() + 60_000;
  for (;;) {
    const log = fs.readFileSync(dirs.log, 'utf8');
    const m = /listening on https?:\/\/127\.0\.0\.1:(\d+)/.exec(log);
    if (m?.[1]) {
      const port = Number(m[1]);
      return { baseUrl: `http://127.0.0.1:${port}`, port, workspace, dirs, stop };
    }
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not report its port (see ${dirs.log}):\n${log.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
