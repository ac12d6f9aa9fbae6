/** What the GUI suite shares: the running server and the browser; set by test/e2e/run.ts. */
import type { BrowserContext } from 'playwright-core';
import type { Server } from '../server';

export interface GuiSession {
  readonly server: Server;
  readonly context: BrowserContext;
  readonly artifactsDir: string;
}

let current: GuiSession | undefined;

export function setGuiSession(s: GuiSession | undefined): void {
  current = s;
}

export function guiSession(): GuiSession {
  if (!current) throw new Error('GUI tests run only through test/e2e/run.ts (no code-server session)');
  return current;
}
