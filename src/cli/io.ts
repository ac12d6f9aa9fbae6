/** Where the CLI writes and what it knows of its terminal; tests pass their own. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal (colour is used only then). */
  readonly isTTY: boolean | undefined;
  readonly env: NodeJS.ProcessEnv;
}

export const processIO: CliIO = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  isTTY: process.stdout.isTTY,
  env: process.env,
};
