/** Converts text offsets (NamedMatrix.span/keySpan) into editor line/character ranges. Pure. */
import type { TextSpan, WeightFile } from '../../core/weightFile';
import type { MatrixLocation, RangeTuple } from './protocol';

/** Offsets at which each line starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function position(starts: readonly number[], offset: number): [number, number] {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return [lo, offset - (starts[lo] as number)];
}

export function spanToRange(starts: readonly number[], span: TextSpan): RangeTuple {
  const [l0, c0] = position(starts, span.start);
  const [l1, c1] = position(starts, span.end);
  return [l0, c0, l1, c1];
}

export function matrixLocations(file: WeightFile, text: string | undefined): MatrixLocation[] {
  if (text === undefined) return file.matrices.map((m) => ({ name: m.name }));
  const starts = lineStarts(text);
  return file.matrices.map((m) => ({
    name: m.name,
    ...(m.span ? { range: spanToRange(starts, m.span) } : {}),
    ...(m.keySpan ? { keyRange: spanToRange(starts, m.keySpan) } : {}),
  }));
}
