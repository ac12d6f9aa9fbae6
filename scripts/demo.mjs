// @ts-check
// `npm run demo [-- --headless]`: the extension in a real VS Code (code-server) on examples/.
// The work is in test/e2e/demo.ts, which shares the e2e harness (tools, packaging, server).
import { spawn } from 'node:child_process';

const child = spawn('npx', ['tsx', 'test/e2e/demo.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
// Ctrl-C reaches the whole foreground group; the demo cleans up and exits on its own.
for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(sig, () => child.kill(sig));
child.on('close', (code) => process.exit(code ?? 1));
