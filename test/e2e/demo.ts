/**
 * `npm run demo`: builds and packages the extension, installs it into code-server on `examples/`
 * and prints the URL to open; stays up until Ctrl-C. `npm run demo -- --headless` is a smoke run:
 * opens the panel on exploding.json, saves .e2e/artifacts/demo.png and exits.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser } from './browser';
import { cleanupAll, installSignalHandlers } from './cleanup';
import { build, packageVsix } from './extensionPackage';
import { setGuiSession } from './gui/session';
import { analyzeFile } from './gui/titles';
import { explorerContextMenu, openWorkbench, screenshot, webviewContent } from './gui/workbench';
import { artifactsDir, repoRoot, scratchRoot } from './paths';
import { installVsix, prepareDirs, startServer, type Server } from './server';
import { ensureTools, type Tools } from './tools';
import { errorMessage } from '../../src/core/errors';

async function smoke(tools: Tools, server: Server): Promise<boolean> {
  const browser = await launchBrowser(tools, path.join(server.dirs.root, 'chromium-profile'));
  fs.mkdirSync(artifactsDir, { recursive: true });
  setGuiSession({ server, context: browser.context, workspace: server.workspace, artifactsDir });
  try {
    const page = await openWorkbench('exploding.json');
    await explorerContextMenu(page, 'exploding.json', analyzeFile.title);
    const shown = await webviewContent(page)
      .locator('.katex')
      .first()
      .waitFor({ timeout: 60_000 })
      .then(() => true, () => false);
    await page.waitForTimeout(1500); // let the charts finish their first animation frame
    await screenshot(page, 'demo');
    console.log(`[demo] ${shown ? 'panel shown' : 'the panel did not render'}; screenshot ${path.join(artifactsDir, 'demo.png')}`);
    return shown;
  } finally {
    setGuiSession(undefined);
    await browser.close();
  }
}

async function main(): Promise<number> {
  const headless = process.argv.includes('--headless');
  installSignalHandlers();
  try {
    const tools = await ensureTools();
    await build();
    const vsix = await packageVsix(path.join(scratchRoot, 'vsix'));
    const dirs = prepareDirs(path.join(scratchRoot, 'demo-server'));
    await installVsix(tools, dirs, vsix);
    const examples = path.join(repoRoot, 'examples');
    const server = await startServer(tools, dirs, examples);
    if (headless) return (await smoke(tools, server)) ? 0 : 1;
    console.log(`\n  RNN Gradient Lens is running in VS Code (code-server ${dirs.root}).`);
    console.log(`  Open: ${server.baseUrl}/?folder=${encodeURIComponent(examples)}`);
    console.log('  Right-click a weights file → "Analyze Weights File". Ctrl-C stops the server.\n');
    await new Promise<never>(() => undefined); // the signal handlers clean up and exit
    return 0;
  } catch (e) {
    console.error(`[demo] ${errorMessage(e)}`);
    return 1;
  } finally {
    await cleanupAll();
  }
}

main().then((code) => process.exit(code));
