/**
 * Process-group bookkeeping: everything the harness starts runs in its own group, and every group
 * is killed on normal exit, on an exception and on SIGINT/SIGTERM/SIGHUP.
 */
import * as fs from 'node:fs';

const groups = new Set<number>();
const asyncCleanups = new Set<() => Promise<void>>();

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export function trackGroup(pgid: number): void {
  groups.add(pgid);
}

/** SIGTERM the group, wait up to `graceMs` for it to go, then SIGKILL what is left. */
export async function stopGroup(pgid: number, graceMs = 5000): Promise<void> {
  killGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pgid)) killGroup(pgid, 'SIGKILL');
  groups.delete(pgid);
}

export function onCleanup(fn: () => Promise<void>): () => void {
  asyncCleanups.add(fn);
  return () => asyncCleanups.delete(fn);
}

export async function cleanupAll(): Promise<void> {
  for (const fn of [...asyncCleanups]) {
    asyncCleanups.delete(fn);
    await fn().catch(() => undefined);
  }
  for (const g of [...groups]) await stopGroup(g);
}

/** Processes whose command line mentions `marker` (our scratch folder): none may outlive a run. */
export function processesMentioning(marker: string): { pid: number; cmd: string }[] {
  const found: { pid: number; cmd: string }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (cmd.includes(marker)) found.push({ pid, cmd });
    } catch {
      // Exited while we looked.
    }
  }
  return found;
}

let installed = false;
/** Kills the tracked groups however the process ends. */
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    for (const g of groups) killGroup(g, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      console.error(`\n[e2e] ${sig}: stopping code-server and the browser`);
      void cleanupAll().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
    });
  }
}
