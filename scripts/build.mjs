// @ts-check
// Bundles every entry point with esbuild. `node scripts/build.mjs [--watch] [--minify]`.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { extensionTestsPlugin } from './extensionTestsPlugin.mjs';
import { writeCliCodeCache } from './cliCodeCache.mjs';
import { assembleWasmModules } from '../src/core/linalg/wasmModules.ts';

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

/** @typedef {{ entry: string, out: string, platform: 'node' | 'browser', name?: string, external?: string[], plugins?: esbuild.Plugin[] }} Bundle */

/** One row per bundle: host (cjs, vscode external), CLI/worker/bench (node), webview (browser). */
const bundles = /** @type {Bundle[]} */ ([
  { entry: 'src/extension/extension.ts', out: 'dist/extension.js', platform: 'node', external: ['vscode'] },
  { entry: 'src/extension/worker/worker.ts', out: 'dist/worker.js', platform: 'node' },
  // The CLI: a small entry that runs the CLI bundle through a V8 code cache (src/cli/boot.ts).
  { entry: 'src/cli/boot.ts', out: 'dist/cli.js', platform: 'node', name: 'cli' },
  { entry: 'src/cli/main.ts', out: 'dist/cli-main.js', platform: 'node', name: 'cli' },
  // `track`'s threads, one checkpoint each at a time (src/cli/trackThreads.ts).
  { entry: 'src/cli/trackWorker.ts', out: 'dist/track-worker.js', platform: 'node', name: 'cli' },
  { entry: 'webview/main.ts', out: 'dist/webview/main.js', platform: 'browser' },
  { entry: 'webview/run/main.ts', out: 'dist/webview/run.js', platform: 'browser' },
  { entry: 'webview/compare/main.ts', out: 'dist/webview/compare.js', platform: 'browser' },
  // test/extension/**/*.test.ts are found at build time (see scripts/extensionTestsPlugin.mjs).
  { entry: 'test/extension/index.ts', out: 'dist/test/index.js', platform: 'node', external: ['vscode', 'mocha'], plugins: [extensionTestsPlugin(resolve('test/extension'))] },
  { entry: 'bench/run.ts', out: 'dist/bench/run.js', platform: 'node', external: ['playwright-core'] },
]).filter((b) => existsSync(b.entry));
// `--only=cli,worker`: build just those bundles (named by their output file), e.g. for the CLI's tests.
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
if (only) bundles.splice(0, bundles.length, ...bundles.filter((b) => only.includes(b.name ?? b.out.replace(/^dist\/|\.js$/g, ''))));

/**
 * In watch mode: one `[watch] build started` / `[watch] build finished` pair around each round of
 * rebuilds (every bundle that a save touched), and each error as `file:line:col: error: text`, the
 * lines the problem matcher in .vscode/tasks.json reads.
 */
/** @returns {esbuild.Plugin} */
function watchReporter() {
  let building = 0;
  return {
    name: 'watch-reporter',
    setup(build) {
      build.onStart(() => {
        if (building++ === 0) console.log('[watch] build started');
      });
      build.onEnd((result) => {
        for (const [severity, list] of /** @type {const} */ ([['error', result.errors], ['warning', result.warnings]])) {
          for (const m of list) {
            const at = m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}` : 'esbuild:1:1';
            console.error(`${at}: ${severity}: ${m.text}`);
          }
        }
        if (--building === 0) console.log('[watch] build finished');
      });
    },
  };
}
const reporter = watch ? [watchReporter()] : [];

/**
 * The WebAssembly kernels' bytes, assembled here from the same sources as the bundles, so that a
 * fresh process compiles them without running the assembler (src/core/linalg/wasmRuntime.ts).
 * Not in watch mode, where a saved kernel would otherwise keep its old bytes.
 * @type {Record<string, string>}
 */
const define = watch ? {} : { RGL_ASSEMBLED_WASM: JSON.stringify(JSON.stringify(assembleWasmModules())) };
/**
 * The webviews' CSP does not allow compiling WebAssembly (no 'wasm-unsafe-eval'): their bundles
 * carry no kernel bytes and never try, so the panel's recomputations run the TypeScript loops
 * without a CSP violation per attempt.
 */
const browserDefine = { RGL_NO_WASM: 'true' };

const contexts = await Promise.all(
  bundles.map((b) =>
    esbuild.context({
      entryPoints: [b.entry],
      outfile: b.out,
      bundle: true,
      platform: b.platform,
      format: b.platform === 'browser' ? 'iife' : 'cjs',
      target: b.platform === 'browser' ? 'es2022' : 'node20',
      external: b.external ?? [],
      plugins: [...(b.plugins ?? []), ...reporter],
      // jsonc-parser's `main` is a UMD build with dynamic requires that esbuild cannot follow; use its ESM build.
      mainFields: b.platform === 'browser' ? ['browser', 'module', 'main'] : ['module', 'main'],
      sourcemap: true,
      minify: minify || b.platform === 'browser',
      loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file' },
      assetNames: 'fonts/[name]',
      logLevel: watch ? 'silent' : 'warning',
      legalComments: 'linked',
      define: b.platform === 'browser' ? browserDefine : define,
    }),
  ),
);

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`watching ${bundles.length} bundles`);
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  // After the bundles: the cache is made by running the built CLI.
  if (bundles.some((b) => b.name === 'cli')) writeCliCodeCache();
}
