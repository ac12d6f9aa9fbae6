/** Shared helpers of the editor-integration tests: the workspace, the extension's API, polling. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RnnGradientLensApi } from '../../src/extension/extension';
import { extension } from './manifest';

export async function api(): Promise<RnnGradientLensApi> {
  const exports = (await extension().activate()) as RnnGradientLensApi | undefined;
  assert.ok(exports && typeof exports.stats === 'function', 'activate() returns the stats API');
  return exports;
}

/** The test workspace (see test/e2e/workspace.ts): examples/ and formats/ copies. */
/**
 * These suites check the English text; under another display language (the e2e `vi` run) they
 * are skipped and l10n.test.ts checks the translated text instead.
 */
export function englishOnly(ctx: Mocha.Context): void {
  if (!vscode.env.language.toLowerCase().startsWith('en')) ctx.skip();
}

export function workspaceUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the extension-host tests need an open workspace folder');
  return folder.uri;
}

export function wsFile(...parts: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceUri(), ...parts);
}

/** Polls `get` until `ok` holds (events from watchers arrive asynchronously). */
export async function waitFor<T>(what: string, get: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const t0 = Date.now();
  let last = await get();
  while (!ok(last)) {
    if (Date.now() - t0 > timeoutMs) assert.fail(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await get();
  }
  return last;
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'RNN Gradient Lens');
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('rnnGradientLens').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Range of the first occurrence of `needle` in the file's text. */
export async function rangeOf(uri: vscode.Uri, needle: string): Promise<vscode.Range> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} not in ${uri.path}`);
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + needle.length));
}

/**
 * A fresh folder under WS/scratch-editor that the workspace's file watcher already watches. A
 * folder created a moment ago may not be watched yet (the recursive watcher adds it
 * asynchronously, and can miss it altogether when a file lands in it at once), so this waits until
 * the watcher reports a probe file written in it, recreating the folder if it never does.
 */
export async function scratchDir(name: string): Promise<vscode.Uri> {
  const dir = wsFile('scratch-editor', name);
  for (let attempt = 1; ; attempt++) {
    await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await vscode.workspace.fs.createDirectory(dir);
    if (await watcherSees(dir, attempt)) return dir;
    assert.ok(attempt < 4, `the workspace's file watcher never reported a file written in ${dir.path}`);
  }
}

/** True once a probe written into `dir` comes back as a watcher event (the probe is then removed). */
async function watcherSees(dir: vscode.Uri, attempt: number): Promise<boolean> {
  const probe = vscode.Uri.joinPath(dir, `.watch-probe-${attempt}`);
  // A plain glob, like the extension's own watcher: served by the workspace's recursive watcher.
  const watcher = vscode.workspace.createFileSystemWatcher('**/.watch-probe-*');
  try {
    const seen = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 3000);
      const hit = (u: vscode.Uri): void => {
        if (u.toString() !== probe.toString()) return;
        clearTimeout(timer);
        resolve(true);
      };
      watcher.onDidCreate(hit);
      watcher.onDidChange(hit);
    });
    // Written until seen: the first write may land before the folder is watched at all.
    let ok = false;
    for (let i = 0; i < 6 && !ok; i++) {
      await vscode.workspace.fs.writeFile(probe, new TextEncoder().encode(String(i)));
      ok = await Promise.race([seen, new Promise<boolean>((r) => setTimeout(() => r(false), 500))]);
    }
    ok ||= await seen;
    await vscode.workspace.fs.delete(probe, { useTrash: false }).then(undefined, () => undefined);
    return ok;
  } finally {
    watcher.dispose();
  }
}

export async function copyTo(src: vscode.Uri, dest: vscode.Uri): Promise<vscode.Uri> {
  await vscode.workspace.fs.writeFile(dest, await vscode.workspace.fs.readFile(src));
  return dest;
}

export interface PanelStats {
  readonly panels: number;
  readonly resources: number;
}

/** Open analysis panels and editors, and the listeners/watchers/timers they hold. */
export const panelStats = async (): Promise<PanelStats> =>
  (await vscode.commands.executeCommand<PanelStats>('rnnGradientLens._panelStats')) ?? { panels: -1, resources: -1 };
