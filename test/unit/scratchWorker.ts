/** Stand-in worker scripts for the pool's tests: written to a fresh temp folder per suite. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Registers the suite's hooks: before, `source` is written as `fileName` (its `path` is set then);
 * after, the folder is removed. Call inside `describe`.
 */
export function scratchWorker(fileName: string, source: string): { readonly path: string } {
  const script = { path: '' };
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rgl-pool-'));
    script.path = join(dir, fileName);
    writeFileSync(script.path, source);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return script;
}
