/**
 * Watches the files a model reads beside itself (ONNX external data), so that rewriting
 * `model.onnx.data`, or creating it after a refusal, re-analyses `model.onnx` as a change of the
 * model itself would. The set is bounded: past `max` watched files the oldest is let go.
 */
import * as vscode from 'vscode';

interface Watched {
  readonly watcher: vscode.Disposable;
  readonly models: Set<string>;
}

export class SiblingWatchers implements vscode.Disposable {
  private readonly watched = new Map<string, Watched>();
  /** How many times each model's siblings changed, for cache keys ('' before the first change). */
  private readonly generations = new Map<string, number>();

  constructor(
    /** Called with the model URI (as a string) whose sibling changed, appeared or went. */
    private readonly changed: (model: string) => void,
    private readonly max = 64,
  ) {}

  get size(): number {
    return this.watched.size;
  }

  generation(model: string): string {
    const g = this.generations.get(model);
    return g === undefined ? '' : `+${g}`;
  }

  /** Follows `names` beside `model` (a `file:` URI) from now on. */
  watch(model: vscode.Uri, names: readonly string[]): void {
    const modelKey = model.toString();
    const folder = vscode.Uri.joinPath(model, '..');
    for (const name of names) {
      const key = vscode.Uri.joinPath(folder, name).toString();
      const known = this.watched.get(key);
      if (known) {
        known.models.add(modelKey);
        continue;
      }
      const models = new Set([modelKey]);
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, name));
      const fire = (): void =>
        models.forEach((m) => {
          this.generations.set(m, (this.generations.get(m) ?? 0) + 1);
          this.changed(m);
        });
      const subs = [w, w.onDidChange(fire), w.onDidCreate(fire), w.onDidDelete(fire)];
      this.watched.set(key, { watcher: { dispose: () => subs.forEach((d) => d.dispose()) }, models });
      this.evict();
    }
  }

  private evict(): void {
    for (const [key, w] of this.watched) {
      if (this.watched.size <= this.max) return;
      w.watcher.dispose();
      this.watched.delete(key);
    }
  }

  dispose(): void {
    for (const w of this.watched.values()) w.watcher.dispose();
    this.watched.clear();
    this.generations.clear();
  }
}
