// @ts-check
// esbuild plugin: `import { testFiles } from 'rgl:extension-tests'` becomes a generated module
// listing every test/extension/**/*.test.ts found at build time, each behind a lazy loader.
// A bundle cannot glob at run time, and a hand-kept list silently skips new files.
import * as fs from 'node:fs';
import * as path from 'node:path';

const MODULE_ID = 'rgl:extension-tests';
const NAMESPACE = 'rgl-extension-tests';

function findTests(dir, prefix = '') {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...findTests(path.join(dir, entry.name), rel));
    else if (entry.name.endsWith('.test.ts')) found.push(rel);
  }
  return found.sort();
}

/** @param {string} testDir absolute path of test/extension */
export function extensionTestsPlugin(testDir) {
  return {
    name: 'extension-tests',
    setup(build) {
      build.onResolve({ filter: /^rgl:extension-tests$/ }, () => ({ path: MODULE_ID, namespace: NAMESPACE }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, () => {
        const files = findTests(testDir);
        // require() inside a function: esbuild wraps each file in a lazy initialiser, so its
        // describe() calls run only when mocha has set the globals for that file.
        const rows = files.map((f) => `  { file: ${JSON.stringify(f)}, load: () => require(${JSON.stringify(`./${f}`)}) },`);
        return {
          contents: `export const testFiles = [\n${rows.join('\n')}\n];\n`,
          loader: 'js',
          resolveDir: testDir,
          watchDirs: [testDir],
        };
      });
    },
  };
}
