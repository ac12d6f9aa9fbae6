/** ANSI styling for the human output; a no-op style when colour is off. */
import type { Verdict } from '../core/report';

export interface Style {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly verdict: (v: Verdict, s: string) => string;
}

const sgr = (code: string) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;

const VERDICT_CODES: Record<Verdict, string> = {
  exploding: '1;31',
  vanishing: '1;34',
  'transient-growth': '1;33',
  stable: '1;32',
  uncertain: '1;35',
};

export const PLAIN: Style = { bold: (s) => s, dim: (s) => s, verdict: (_v, s) => s };

export const ANSI: Style = {
  bold: sgr('1'),
  dim: sgr('2'),
  verdict: (v, s) => sgr(VERDICT_CODES[v])(s),
};

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColour(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  const noColor = env.NO_COLOR;
  return isTTY === true && (noColor === undefined || noColor === '');
}
