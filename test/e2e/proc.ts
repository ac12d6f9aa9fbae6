/** Child processes for the harness: run to completion with inherited or captured output. */
import { spawn, type SpawnOptions } from 'node:child_process';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command; rejects with its output when it exits non-zero (unless `allowFail`). */
export function run(
  cmd: string,
  args: readonly string[],
  opts: SpawnOptions & { capture?: boolean; allowFail?: boolean } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: opts.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const result = { code: code ?? (signal ? 128 : 1), stdout, stderr };
      if (result.code !== 0 && !opts.allowFail) {
        reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}\n${stderr.slice(-4000)}`));
      } else {
        resolve(result);
      }
    });
  });
}

/** What `npm run`/`npx` inject for this package and its Node; nested installs must not inherit it. */
const NPM_RUN_VARS = /^(NODE|npm_node_execpath|npm_execpath|npm_command|npm_package_.*|npm_lifecycle_.*|npm_config_(local_prefix|prefix|global_prefix|nodedir|node_gyp|user_agent))$/;

/** The environment without `npm run`'s additions, so a nested npm uses the Node and prefix it is given. */
export function cleanNpmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!NPM_RUN_VARS.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}
