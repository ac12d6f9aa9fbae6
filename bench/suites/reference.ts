/** Timing against a Python reference: the real interpreter behind any shim, paired wall and CPU times. */
import { execFileSync } from 'node:child_process';

/** The Python interpreter itself, not a shim script in front of it (pyenv's adds ~50 ms per start). */
export function realPython(python: string): string {
  return execFileSync(python, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
}

/** Wall and CPU (user + system) milliseconds of the calls to `time`, paired with a reference's. */
export class PairedTimes {
  readonly ours: number[] = [];
  readonly oursCpu: number[] = [];
  readonly theirs: number[] = [];
  readonly theirsCpu: number[] = [];

  /** Runs f, records its wall and CPU time, returns its value. */
  time<T>(f: () => T): T {
    const t = performance.now();
    const c = process.cpuUsage();
    const value = f();
    const used = process.cpuUsage(c);
    this.ours.push(performance.now() - t);
    this.oursCpu.push((used.user + used.system) / 1000);
    return value;
  }

  reference(ms: number, cpuMs: number): void {
    this.theirs.push(ms);
    this.theirsCpu.push(cpuMs);
  }
}

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
