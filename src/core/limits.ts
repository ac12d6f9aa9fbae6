/** The limits every face shares, and how sizes are written in messages. */

export const MB = 1024 * 1024;

/** Default refusal limit for input files, in MB (the `rnnGradientLens.maxFileSizeMB` default and `--max-size`). */
export const DEFAULT_MAX_SIZE_MB = 200;

/** Used when the caller sets no limit: well above the 100 MB the readers must handle. */
export const DEFAULT_MAX_BYTES = 1024 * MB;

/**
 * Largest matrix (entries) whose values travel to the panel or into a standalone report: the page
 * recomputes trajectories from them. Larger ones are shown from the report alone.
 */
export const MAX_LIVE_ENTRIES = 512 * 512;

/** `1.5 MB` below 10 MB, `200 MB` above. */
export function formatMB(bytes: number): string {
  return `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;
}

/** The refusal of a file read by offset whose needed bytes pass the limit. */
export function readLimitMessage(size: number, maxBytes: number, setting?: string): string {
  return `reading this ${formatMB(size)} file needs more than the limit of ${formatMB(maxBytes)}${setting ? `; raise ${setting} to read it` : ''}`;
}

/** The refusal of a file over the limit; `setting` names the flag or setting that raises it. */
export function tooLargeMessage(size: number, maxBytes: number, setting?: string): string {
  return `the file is ${formatMB(size)}, more than the limit of ${formatMB(maxBytes)}${setting ? `; raise ${setting} to read it` : ''}`;
}
