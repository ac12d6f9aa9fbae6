/** Converts text offsets (NamedMatrix.span/keySpan) into editor line/character ranges. Pure. */
import { lineAndCharacter, lineStartOffsets } from '../../core/readers/text';
import type { TextSpan, WeightFile } from '../../core/weightFile';
import type { MatrixLocation, RangeTuple } from '../pure/workerProtocol';

export function spanToRange(starts: readonly number[], span: TextSpan): RangeTuple {
  const [l0, c0] = lineAndCharacter(starts, span.start);
  const [l1, c1] = lineAndCharacter(starts, span.end);
  return [l0, c0, l1, c1];
}

/** Each matrix's place, then each modern layer's tensors' (looked up by tensor name). */
export function matrixLocations(file: WeightFile, text: string | undefined): MatrixLocation[] {
  const tensors = (file.recurrent ?? []).flatMap((l) => Object.values(l.tensors));
  if (text === undefined) return [...file.matrices, ...tensors].map((m) => ({ name: m.name }));
  const starts = lineStartOffsets(text);
  return [...file.matrices, ...tensors].map((m) => ({
    name: m.name,
    ...(m.span ? { range: spanToRange(starts, m.span) } : {}),
    ...(m.keySpan ? { keyRange: spanToRange(starts, m.keySpan) } : {}),
  }));
}
