/** Export payloads from the webview, checked before anything is written (pure: no vscode). */
import type { ExportKind } from '../../panelProtocol';

/** The bytes to write: PNG arrives as a data URL, the rest as text. Null when malformed. */
export function exportBytes(kind: ExportKind, data: string): Uint8Array | null {
  if (kind === 'png') {
    const m = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(data);
    return m ? Uint8Array.from(Buffer.from(m[1] as string, 'base64')) : null;
  }
  if (kind === 'svg' && !data.trimStart().startsWith('<svg')) return null;
  return new TextEncoder().encode(data);
}

/** Only a plain file name survives: no folders, no leading dots. */
export function safeFileName(name: string, kind: ExportKind): string {
  const ext = kind === 'markdown' ? 'md' : kind;
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 100);
  return clean.toLowerCase().endsWith(`.${ext}`) ? clean : `${clean || 'report'}.${ext}`;
}
