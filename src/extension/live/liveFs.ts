/**
 * Matrices read from a debugger live in memory under the `rnn-gradient-lens-live` scheme, so the
 * analysis service reads them like any file (and caches them by version: each new read gets a new
 * mtime). Read-only: nothing writes there but the extension itself.
 */
import * as vscode from 'vscode';

export const LIVE_SCHEME = 'rnn-gradient-lens-live';

interface Entry {
  bytes: Uint8Array;
  mtime: number;
}

export class LiveFileSystem implements vscode.FileSystemProvider {
  private readonly files = new Map<string, Entry>();
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  private clock = 0;
  readonly onDidChangeFile = this.emitter.event;

  get size(): number {
    return this.files.size;
  }

  set(uri: vscode.Uri, bytes: Uint8Array): void {
    // Strictly increasing even within one millisecond: the service's cache key holds the mtime.
    this.clock = Math.max(this.clock + 1, Date.now());
    const created = !this.files.has(uri.toString());
    this.files.set(uri.toString(), { bytes, mtime: this.clock });
    this.emitter.fire([{ type: created ? vscode.FileChangeType.Created : vscode.FileChangeType.Changed, uri }]);
  }

  forget(uri: vscode.Uri): void {
    this.files.delete(uri.toString());
  }

  private entry(uri: vscode.Uri): Entry {
    const e = this.files.get(uri.toString());
    if (!e) throw vscode.FileSystemError.FileNotFound(uri);
    return e;
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const e = this.entry(uri);
    return { type: vscode.FileType.File, ctime: e.mtime, mtime: e.mtime, size: e.bytes.length, permissions: vscode.FilePermission.Readonly };
  }

  readFile(uri: vscode.Uri): Uint8Array {
    return this.entry(uri).bytes;
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  dispose(): void {
    this.files.clear();
    this.emitter.dispose();
  }
}
