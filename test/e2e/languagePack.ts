/**
 * A test-only language pack (never shipped): code-server honours `--locale vi` only when a
 * language pack for `vi` is installed, and none can be downloaded here. This one declares `vi`
 * with an empty core translation, so VS Code's own UI stays English while `vscode.env.language`
 * is `vi` and extensions load their `vi` bundles — which is what the `host-vi` pass tests.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';
import { run } from './proc';

export interface LanguagePack {
  readonly languageId: string;
  readonly label: string;
  /** `publisher.name`, as VS Code identifies the installed extension. */
  readonly id: string;
  readonly version: string;
  readonly vsix: string;
}

const vsce = path.join(repoRoot, 'node_modules', '.bin', 'vsce');

/** Writes the pack's sources under `dir` and packages them into a .vsix. */
export async function packageLanguagePack(dir: string, languageId: string, languageName: string, localizedLanguageName: string): Promise<LanguagePack> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'translations'), { recursive: true });
  const name = `rgl-test-language-pack-${languageId}`;
  const manifest = {
    name,
    displayName: `${languageName} test language pack`,
    description: `Declares the ${languageName} display language for the e2e tests (no translations).`,
    publisher: 'rnn-gradient-lens-tests',
    version: '1.0.0',
    license: 'MIT',
    repository: { type: 'git', url: 'https://github.com/rnn-gradient-lens/rnn-gradient-lens.git' },
    engines: { vscode: '^1.90.0' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [
        { languageId, languageName, localizedLanguageName, translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] },
      ],
    },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(dir, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT\n');
  fs.writeFileSync(path.join(dir, 'README.md'), `# ${manifest.displayName}\n\n${manifest.description}\n`);
  const out = path.join(dir, `${name}.vsix`);
  await run(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--out', out], { cwd: dir, capture: true });
  return { languageId, label: localizedLanguageName, id: `${manifest.publisher}.${name}`, version: manifest.version, vsix: out };
}

/**
 * Registers an installed pack in `USER_DATA/languagepacks.json`, where the server looks a display
 * language up. The server writes this file only when it installs a pack itself; the offline
 * `--install-extension` CLI does not, so without this `--locale` would fall back to English.
 */
export function registerLanguagePack(pack: LanguagePack, userDataDir: string, extensionsDir: string): void {
  const installed = path.join(extensionsDir, `${pack.id}-${pack.version}`.toLowerCase());
  const translations = path.join(installed, 'translations', 'main.i18n.json');
  if (!fs.existsSync(translations)) throw new Error(`language pack not installed: ${translations} is missing`);
  const entry = {
    hash: createHash('md5').update(pack.id).update(pack.version).digest('hex'),
    extensions: [{ extensionIdentifier: { id: pack.id }, version: pack.version }],
    translations: { vscode: translations },
    label: pack.label,
  };
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify({ [pack.languageId]: entry }, null, 2));
}
