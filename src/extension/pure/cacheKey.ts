/**
 * Cache and supersede keys for analyses. Pure (no vscode), so the rules are unit-tested.
 * A result is reusable only for the same file, the same file version and the same options.
 */
import type { AnalyzeOptions } from '../../core/options';

/** JSON with sorted object keys and typed arrays as plain arrays, so equal options give equal text. */
export function stableStringify(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') {
    return typeof value === 'number' && !Number.isFinite(value) ? JSON.stringify(String(value)) : JSON.stringify(value);
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return stableStringify(Array.from(value as unknown as ArrayLike<number>));
  }
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
}

/** 32-bit FNV-1a of a string, as 8 hex digits: keeps keys short when options carry big arrays. */
export function hash32(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** What a request asks for, apart from the file version. */
export function requestKey(options: AnalyzeOptions, names: readonly string[] | undefined, readKey = ''): string {
  const text = stableStringify({ options, names: names ?? null, read: readKey });
  return text.length <= 256 ? text : `${hash32(text)}:${text.length}`;
}

/** The cache key: file identity + version + request. */
export function cacheKey(uri: string, version: string, request: string): string {
  return `${uri}\u0000${version}\u0000${request}`;
}

/**
 * Requests on the same supersede key replace each other: a newer one cancels an older one still
 * running. A named channel (the panel's sliders) supersedes across options; without one, only a
 * newer version of the same request does.
 */
export function supersedeKey(uri: string, request: string, channel?: string): string {
  return channel !== undefined ? `${uri}\u0000#${channel}` : `${uri}\u0000${request}`;
}

/** The version of a file on disk; a document with unsaved edits uses its document version. */
export function fileVersion(stat: { readonly mtime: number; readonly size: number }): string {
  return `fs:${stat.mtime}:${stat.size}`;
}

export function documentVersion(version: number): string {
  return `doc:${version}`;
}
