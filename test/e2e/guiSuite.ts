/** Runs test/e2e/gui/*.test.ts with mocha in this process, against a running code-server. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import type { BrowserContext } from 'playwright-core';
import { setGuiSession } from './gui/session';
import type { SuiteResult } from './results';
import type { Server } from './server';

const GUI_DIR = path.join(__dirname, 'gui');

export async function runGuiSuite(
  context: BrowserContext,
  server: Server,
  workspace: string,
  artifactsDir: string,
  grep?: string,
): Promise<SuiteResult> {
  setGuiSession({ server, context, workspace, artifactsDir });
  const mocha = new Mocha({ ui: 'bdd', timeout: 180_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  for (const f of fs.readdirSync(GUI_DIR).filter((n) => n.endsWith('.test.ts')).sort()) mocha.addFile(path.join(GUI_DIR, f));
  let passed = 0;
  let failed = 0;
  let pending = 0;
  try {
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', () => passed++);
      runner.on('fail', () => failed++);
      runner.on('pending', () => pending++);
    });
  } finally {
    setGuiSession(undefined);
  }
  return { suite: 'gui', passed, failed, pending };
}
