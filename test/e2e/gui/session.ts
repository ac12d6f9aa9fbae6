/** What the GUI suite shares: the running server and the browser; set by test/e2e/run.ts. */
import type { BrowserContext } from 'playwright-core';
import type { Server } from '../server';

export interface GuiSession {
  readonly server: Server;
  /** The folder the GUI windows open (its own copy: windows on one folder share restored editors). */
  readonly workspace: string;
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
