/** Where the end-to-end harness reads and writes: the repo, its scratch folder and the tool cache. */
import * as os from 'node:os';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');

/** A test-only extension contributing the `rgl-test-debugpy` debug type (debugpy's adapter). */
export const testDebugAdapterPath = path.join(repoRoot, 'test', 'extension', 'debugpyAdapter');

/** Everything a run writes inside the repo lives here (gitignored). */
export const scratchRoot = path.join(repoRoot, '.e2e');
export const artifactsDir = path.join(scratchRoot, 'artifacts');

/** Pinned tools, keyed by version; outside the repo so a fresh clone reuses them. */
export const toolCacheRoot =
  process.env.RGL_TOOL_CACHE ?? path.join(os.homedir(), '.cache', 'rnn-gradient-lens', 'tools');

export const NODE24_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const PLAYWRIGHT_CORE_VERSION = '1.65.1';

export const chromiumPath = process.env.RGL_CHROMIUM ?? '/usr/bin/chromium';
