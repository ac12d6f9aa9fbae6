/** Glob helpers for findFiles, which takes one pattern whose brace groups must not nest. Pure. */

/** Expands brace groups (`*.{a,b}` -> `*.a`, `*.b`) so globs can be joined into one group. */
export function expandBraces(glob: string): string[] {
  const open = glob.indexOf('{');
  if (open < 0) return [glob];
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    if (glob[i] === '{') depth++;
    else if (glob[i] === '}' && --depth === 0) {
      const parts: string[] = [];
      let d = 0;
      let start = open + 1;
      for (let j = open + 1; j < i; j++) {
        const c = glob[j];
        if (c === '{') d++;
        else if (c === '}') d--;
        else if (c === ',' && d === 0) {
          parts.push(glob.slice(start, j));
          start = j + 1;
        }
      }
      parts.push(glob.slice(start, i));
      const head = glob.slice(0, open);
      const tail = glob.slice(i + 1);
      return parts.flatMap((p) => expandBraces(head + p + tail));
    }
  }
  return [glob]; // unbalanced: leave as written
}

/** One `{a,b,c}` pattern of several globs (findFiles takes a single pattern; groups must not nest). */
export function joinGlobs(globs: readonly string[]): string | undefined {
  const flat = [...new Set(globs.flatMap(expandBraces))];
  if (flat.length === 0) return undefined;
  return flat.length === 1 ? flat[0] : `{${flat.join(',')}}`;
}
