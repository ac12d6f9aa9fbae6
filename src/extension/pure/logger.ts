/**
 * The extension's log as the pure side and the service see it. In the editor it is a
 * `LogOutputChannel` ("RNN Gradient Lens" in the Output view, its level set by the user);
 * tests pass a fake that records lines.
 */
export interface Logger {
  /** Timings and per-request detail: off unless the user asks for trace. */
  trace(message: string): void;
  info(message: string): void;
  /** Something fell back or gave up: the result is still right, only slower or missing. */
  warn(message: string): void;
  /** Something that should not happen (a worker died, an unexpected error). */
  error(message: string): void;
}

/** Logs nothing: for callers that were given no log (the bench, most tests). */
export const SILENT: Logger = { trace: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

