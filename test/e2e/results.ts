/** One suite's counts, printed in a line that scripts/test-all.mjs parses. */
export interface SuiteResult {
  readonly suite: string;
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  /** Set when the suite could not run at all (its tests are then not counted). */
  readonly error?: string;
}

export function resultLine(r: SuiteResult): string {
  return `[e2e] RESULT ${r.suite} passed=${r.passed} failed=${r.failed} pending=${r.pending}${r.error ? ' error' : ''}`;
}
