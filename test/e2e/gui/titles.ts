/** Command titles as the user sees them, read from the manifest (menus show the bare title, the palette "Category: Title"). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../paths';

interface ManifestCommand {
  readonly command: string;
  readonly title: string;
  readonly category?: string;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, file), 'utf8')) as T;
}

function command(id: string): { title: string; paletteTitle: string } {
  const manifest = readJson<{ contributes: { commands: ManifestCommand[] } }>('package.json');
  const nls = readJson<Record<string, string>>('package.nls.json');
  const c = manifest.contributes.commands.find((x) => x.command === id);
  if (!c) throw new Error(`package.json contributes no command ${id}`);
  const title = c.title.replace(/^%(.+)%$/, (_, key: string) => nls[key] ?? key);
  return { title, paletteTitle: c.category ? `${c.category}: ${title}` : title };
}

export const analyzeFile = command('rnnGradientLens.analyzeFile');
export const diagnoseWorkspace = command('rnnGradientLens.diagnoseWorkspace');
export const trackFolder = command('rnnGradientLens.trackFolder');
