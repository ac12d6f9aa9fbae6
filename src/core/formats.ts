/**
 * The one table of file formats. Detection, the editor's globs, menus and open-file filters, the
 * custom editor's selectors and the messages all derive from it (package.json through
 * `npm run sync-manifest`, checked by a unit test). Which function reads a format is in
 * `readers/registry.ts`, one line per format. Pure data: no vscode, no readers imported here.
 */

export type FormatId = 'json' | 'csv' | 'npy' | 'npz' | 'safetensors' | 'pytorch' | 'keras' | 'onnx' | 'gguf' | 'mtx';

/**
 * Looks at the first bytes of a file (at most SNIFF_BYTES; fewer for a short file) and says
 * whether they are this format's. Cheap and pure: it runs on every file opened.
 */
export type Sniffer = (head: Uint8Array) => boolean;

export interface FormatRecord {
  readonly id: FormatId;
  /** What users call it, in messages: "reading {label} files is not supported yet". */
  readonly label: string;
  /** Lower-case, without the dot; the first is the usual one. */
  readonly extensions: readonly string[];
  /** Text formats open in VS Code's text editor (hover, CodeLens, diagnostics in place). */
  readonly binary: boolean;
  /**
   * Binary extensions whose double-click keeps VS Code's own editor, the analysis being offered
   * under Open With… only (the name is shared with files of other kinds). The binary format's
   * other extensions open the analysis on double-click.
   */
  readonly openWithOnly?: readonly string[];
  /** Text extensions under which the content decides: one that starts with `[` or `{` is JSON. */
  readonly contentDecides?: readonly string[];
  /** Extensions Diagnose Workspace skips unless the user includes them (mostly other files). */
  readonly notScanned?: readonly string[];
  /** A signature that is this format whatever the file is called (a magic number). */
  readonly magic?: Sniffer;
  /** A weaker signature, only consulted when the file's name names no format. */
  readonly sniff?: Sniffer;
  /**
   * Its reader fetches only the ranges it needs (an index, the recurrent tensors), so the size
   * limit counts the bytes read rather than the file's size: a 2 GB language-model checkpoint
   * whose LSTM takes 16 MB is read under the default limit.
   */
  readonly readsByOffset?: boolean;
}

/** How many leading bytes sniffers see. */
export const SNIFF_BYTES = 4096;

const startsWith =
  (...sig: readonly number[]): Sniffer =>
  (head) =>
    head.length >= sig.length && sig.every((b, i) => head[i] === b);
const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

const isZip = startsWith(0x50, 0x4b, 0x03, 0x04);
/** Name of a zip's first member, from its local file header (offset 26: name length; 30: name). */
export function firstZipMember(head: Uint8Array): string | undefined {
  if (!isZip(head) || head.length < 30) return undefined;
  const len = (head[26] ?? 0) | ((head[27] ?? 0) << 8);
  const extra = 30 + len;
  if (len === 0 || extra > head.length) return undefined;
  return new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(30, extra));
}
const zipFirstMember =
  (test: RegExp): Sniffer =>
  (head) => {
    const name = firstZipMember(head);
    return name !== undefined && test.test(name);
  };

export const hasNpyMagic = startsWith(0x93, ...ascii('NUMPY'));
/** 8-byte little-endian header length (well under 2^48), then the JSON header's `{`. */
const safetensorsLayout: Sniffer = (head) => head.length >= 9 && head[8] === 0x7b && head[6] === 0 && head[7] === 0;
/** A pickle stream, protocol 2 to 5 (`torch.save`'s legacy format starts with one). */
const pickle: Sniffer = (head) => head[0] === 0x80 && (head[1] ?? 0) >= 2 && (head[1] ?? 0) <= 5;
const hdf5 = startsWith(0x89, ...ascii('HDF\r\n'), 0x1a, 0x0a);

export const FORMATS: readonly FormatRecord[] = [
  { id: 'json', label: 'JSON', extensions: ['json', 'jsonc'], binary: false, notScanned: ['jsonc'] },
  { id: 'csv', label: 'CSV', extensions: ['csv', 'tsv', 'txt'], binary: false, contentDecides: ['txt'], notScanned: ['txt'] },
  { id: 'mtx', label: 'Matrix Market', extensions: ['mtx'], binary: false, magic: startsWith(...ascii('%%MatrixMarket')) },
  { id: 'npy', label: 'NumPy array', extensions: ['npy'], binary: true, magic: hasNpyMagic, readsByOffset: true },
  { id: 'npz', label: 'NumPy archive', extensions: ['npz'], binary: true, magic: zipFirstMember(/\.npy$/), readsByOffset: true },
  { id: 'safetensors', label: 'safetensors', extensions: ['safetensors'], binary: true, sniff: safetensorsLayout, readsByOffset: true },
  {
    id: 'pytorch',
    label: 'PyTorch checkpoint',
    extensions: ['pt', 'pth', 'ckpt', 'bin'],
    binary: true,
    openWithOnly: ['bin'],
    notScanned: ['bin'],
    magic: zipFirstMember(/^[^/]+\/data\.pkl$/),
    sniff: pickle,
    readsByOffset: true,
  },
  {
    id: 'keras',
    label: 'Keras model',
    extensions: ['keras', 'h5'],
    binary: true,
    openWithOnly: ['keras', 'h5'],
    notScanned: ['h5'],
    magic: zipFirstMember(/^(metadata\.json|config\.json|model\.weights\.h5)$/),
    sniff: hdf5,
  },
  { id: 'onnx', label: 'ONNX model', extensions: ['onnx'], binary: true, openWithOnly: ['onnx'] },
  { id: 'gguf', label: 'GGUF model', extensions: ['gguf'], binary: true, openWithOnly: ['gguf'], magic: startsWith(...ascii('GGUF')), readsByOffset: true },
];

const byId = new Map(FORMATS.map((f) => [f.id, f]));
const byExtension = new Map(FORMATS.flatMap((f) => f.extensions.map((e) => [e, f] as const)));

export function formatById(id: FormatId): FormatRecord {
  return byId.get(id) as FormatRecord;
}

/** Lower-case extension of a path or file name, without the dot ('' when none). */
export function extensionOf(fileName: string): string {
  return /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
}

/** The format a file's name claims, if any. */
export function formatOfName(fileName: string): FormatRecord | undefined {
  return byExtension.get(extensionOf(fileName));
}

/** Whether the size limit of a file with this name counts the bytes read (see readsByOffset). */
export function limitCountsBytesRead(fileName: string): boolean {
  return formatOfName(fileName)?.readsByOffset === true;
}

/** Every extension in the table (menus, watchers, status bar, the open-file filter). */
export const ALL_EXTENSIONS: readonly string[] = FORMATS.flatMap((f) => f.extensions);

/** Extensions Diagnose Workspace reads by default. */
export const SCANNED_EXTENSIONS: readonly string[] = FORMATS.flatMap((f) => f.extensions.filter((e) => !f.notScanned?.includes(e)));

/** Binary extensions whose double-click opens the analysis, and those offered under Open With…. */
export function editorExtensions(priority: 'default' | 'option'): string[] {
  return FORMATS.filter((f) => f.binary).flatMap((f) => f.extensions.filter((e) => (f.openWithOnly?.includes(e) ?? false) === (priority === 'option')));
}

/** `**\/*.{json,csv,...}`: one glob for a list of extensions. */
export function globOf(extensions: readonly string[]): string {
  return extensions.length === 1 ? `**/*.${extensions[0] ?? ''}` : `**/*.{${extensions.join(',')}}`;
}

/** The refusal of a format the table knows but no reader reads yet. */
export function notSupportedYet(id: FormatId): string {
  return `reading ${formatById(id).label} files is not supported yet`;
}

export function isNotSupportedYet(message: string): boolean {
  return / files is not supported yet$/.test(message);
}

/** A case-insensitive test of a path's extension against a list. */
export function extensionTest(extensions: readonly string[]): RegExp {
  return new RegExp(`\\.(${extensions.join('|')})$`, 'i');
}
