/** Builds the bundles and packages the .vsix exactly as a user would install it. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';
import { run } from './proc';

/** The packaged extension holds bundles, media and docs only; anything bigger means a leak. */
const MAX_VSIX_CONTENT_BYTES = 15 * 1024 * 1024;
const FORBIDDEN = [/^src\//, /^test\//, /^node_modules\//, /^webview\//, /^scripts\//, /^\.e2e\//, /\.ts$/, /\.map$/];

const vsce = path.join(repoRoot, 'node_modules', '.bin', 'vsce');

export async function build(): Promise<void> {
  await run('npm', ['run', 'build', '--silent'], { cwd: repoRoot });
}

interface WalkthroughMedia {
  readonly markdown?: string;
  readonly image?: unknown;
  readonly svg?: string;
}

/** Files the manifest points at: the entry bundle and the walkthrough pages. */
function manifestFiles(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    main: string;
    contributes?: { walkthroughs?: { steps: { media?: WalkthroughMedia }[] }[] };
  };
  const media = (manifest.contributes?.walkthroughs ?? []).flatMap((w) => w.steps.map((s) => s.media ?? {}));
  const refs = media.flatMap((m) => [m.markdown, m.svg, typeof m.image === 'string' ? m.image : undefined]);
  return [manifest.main, ...refs].filter((f): f is string => typeof f === 'string').map((f) => path.posix.normalize(f));
}

/** Lists what `vsce` would pack; throws when sources, tests or dependencies would ship. */
export async function checkPackageContents(): Promise<{ files: string[]; bytes: number }> {
  const { stdout } = await run(vsce, ['ls', '--no-dependencies'], { cwd: repoRoot, capture: true });
  const files = stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  const leaked = files.filter((f) => FORBIDDEN.some((re) => re.test(f)));
  if (leaked.length > 0) throw new Error(`.vsix would contain files that must stay out:\n  ${leaked.join('\n  ')}`);
  const missing = manifestFiles().filter((f) => !files.includes(f));
  if (missing.length > 0) throw new Error(`.vsix would lack files the manifest names (build first?): ${missing.join(', ')}`);
  const bytes = files.reduce((sum, f) => sum + fs.statSync(path.join(repoRoot, f)).size, 0);
  if (bytes > MAX_VSIX_CONTENT_BYTES) throw new Error(`.vsix content is ${bytes} bytes, over ${MAX_VSIX_CONTENT_BYTES}`);
  return { files, bytes };
}

/** Packages into `outDir` and returns the .vsix path. */
export async function packageVsix(outDir: string): Promise<string> {
  const { files, bytes } = await checkPackageContents();
  console.log(`[e2e] .vsix content: ${files.length} files, ${(bytes / 1024).toFixed(0)} KiB uncompressed`);
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `${manifest.name}-${manifest.version}.vsix`);
  await run(vsce, ['package', '--no-dependencies', '--out', out], { cwd: repoRoot, capture: true });
  return out;
}
