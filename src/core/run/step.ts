/**
 * A checkpoint's step from its file name. Training loops write `step_10`, `epoch=3-step=300`,
 * `ckpt-0012`, `checkpoint-500`, `model_0100`: names whose string order is wrong (`step_10`
 * sorts before `step_2`), so a run is ordered by this number instead.
 */

/** Where a checkpoint's step came from: its name, a counter inside it, or neither (mtime order). */
export type StepSource = 'name' | 'content' | 'mtime';

/** Keyword rules, strongest first: `step` beats `epoch` in `epoch=3-step=300`. */
const KEYWORD_RULES: readonly RegExp[] = [
  /(?:^|[^a-z])(?:global[_-]?)?steps?[=_-]?(\d+)(?!\d)/gi,
  /(?:^|[^a-z])(?:ckpt|checkpoint|iter|iteration|it|batch)[=_-]?(\d+)(?!\d)/gi,
  /(?:^|[^a-z])(?:epoch|ep)[=_-]?(\d+)(?!\d)/gi,
];

/** A whole number of digits, not part of a decimal like `0.52` or `1e-3`. */
const PLAIN_INTEGER = /(?<!\d|\d\.|\d[eE][-+]?)(\d+)(?!\d|\.\d|[eE][-+]?\d)/g;

/** The file's base name without directories and its extension(s): `runs/a/step_2.pt` → `step_2`. */
export function stem(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  // `.tar.gz`-like double extensions do not occur among weights files; strip one.
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

const asStep = (digits: string): number | undefined => {
  const v = Number(digits);
  return Number.isSafeInteger(v) ? v : undefined;
};

function lastMatch(re: RegExp, text: string): string | undefined {
  let last: string | undefined;
  for (const m of text.matchAll(re)) last = m[1];
  return last;
}

/**
 * The step a file name states, or undefined: the last `step`/`global_step` number, else a
 * `ckpt`/`checkpoint`/`iter` number, else an `epoch` number, else the last plain integer.
 */
export function stepFromName(path: string): number | undefined {
  const s = stem(path);
  for (const rule of KEYWORD_RULES) {
    const hit = lastMatch(rule, s);
    if (hit !== undefined) return asStep(hit);
  }
  const plain = lastMatch(PLAIN_INTEGER, s);
  return plain === undefined ? undefined : asStep(plain);
}
