/** Debian's Chromium driven by playwright-core (no browser download), with a throw-away profile. */
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { onCleanup } from './cleanup';
import type { Tools } from './tools';

type Playwright = typeof import('playwright-core');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The playwright-core installed next to code-server in the tool cache (pinned with it). */
function loadPlaywright(tools: Tools): Playwright {
  const requireFromTools = createRequire(path.join(tools.codeServerDir, 'package.json'));
  return requireFromTools('playwright-core') as Playwright;
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(tools: Tools, profileDir: string, headless = true): Promise<Browser> {
  fs.rmSync(profileDir, { recursive: true, force: true });
  const { chromium } = loadPlaywright(tools);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: tools.chromium,
    headless,
    args: CHROMIUM_ARGS,
    // Chromium's crash database and caches go under XDG folders: keep them in the scratch folder.
    env: {
      ...process.env,
      XDG_CONFIG_HOME: `${profileDir}-xdg/config`,
      XDG_CACHE_HOME: `${profileDir}-xdg/cache`,
    },
    viewport: { width: 1600, height: 1000 },
    // Our own handlers close the browser; Playwright's would race them.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    unregister();
    await context.close().catch(() => undefined);
  };
  const unregister = onCleanup(close);
  return { context, close };
}
