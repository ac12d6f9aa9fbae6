/**
 * The bridge from a read file to modern recurrences: list its tensors, find the layers by name
 * (../recurrences/detect.ts) and read only their tensors.
 */
import { WeightFileError } from '../errors';
import { detectRecurrences, readRecurrentLayers, type RecurrenceKind, type RecurrentLayerData, type UnrecognisedLayer } from '../recurrences';
import type { LayerTensor, TensorListing } from '../recurrences/types';
import type { OtherTensor } from '../weightFile';
import type { RawFile } from './tensor';

export interface FoundRecurrences {
  readonly recurrent: RecurrentLayerData[];
  readonly unrecognised: UnrecognisedLayer[];
}

export function findRecurrences(raw: RawFile, kind: RecurrenceKind | undefined): FoundRecurrences {
  const listing: readonly TensorListing[] = raw.listing ?? raw.tensors.map((t) => ({ name: t.name, shape: t.shape, dtype: t.dtype }));
  const byName = new Map(raw.tensors.map((t) => [t.name, t]));
  const read =
    raw.read ??
    ((name: string): LayerTensor => {
      const t = byName.get(name);
      if (!t) throw new WeightFileError(`no tensor named ${name}`, { kind: 'file' });
      return t;
    });
  const found = detectRecurrences(listing, kind);
  const { layers, unrecognised } = readRecurrentLayers(found.plans, read);
  return { recurrent: layers, unrecognised: [...found.unrecognised, ...unrecognised] };
}

/** The refusal of a file whose only recurrent-looking layers could not be read (the first, with its place). */
export function unreadableOnly(found: FoundRecurrences): WeightFileError | undefined {
  const first = found.unrecognised[0];
  if (found.recurrent.length > 0 || first === undefined) return undefined;
  const where = first.offset === undefined ? ({ kind: 'file' } as const) : ({ kind: 'byte', offset: first.offset } as const);
  return new WeightFileError(`layer ${first.layer || '(top level)'}: ${first.reason.replace(/ at byte \d+/, '')}`, where);
}

/** The other tensors without those read as recurrences (those are analysed, in `recurrences`). */
export function withoutRecurrent(others: readonly OtherTensor[], layers: readonly RecurrentLayerData[]): OtherTensor[] {
  const used = new Set(layers.flatMap((l) => Object.values(l.tensors).map((t) => t.name)));
  return others.filter((o) => !used.has(o.name));
}
