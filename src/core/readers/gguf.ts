/**
 * GGUF files (llama.cpp): the header is read as far as it goes; tensors of plain types (F32,
 * F16, BF16, F64, integers) are read by offset through the ByteSource, each only when needed; quantised ones are listed with their type and place, and refused where a recurrence
 * needs them. Shapes are row-major (ggml's dims reversed), so `blk.0.ssm_a` of a Mamba model
 * reads as [d_inner, d_state], as in the PyTorch checkpoint it came from.
 */
import type { LayerTensor, TensorListing } from '../recurrences/types';
import { WeightFileError } from '../errors';
import type { ByteSource } from './byteSource';
import { decodeElements, ELEMENT_TYPES } from './floats';
import { GGML_PLAIN, ggmlTypeName, parseGgufHeader, type GgufTensorInfo } from './ggufHeader';
import type { RawFile, RawTensor, SkippedTensor } from './tensor';
import { skipReason } from './tensor';

const count = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function readGguf(source: ByteSource): RawFile {
  const header = parseGgufHeader(source);
  const byName = new Map<string, GgufTensorInfo>(header.tensors.map((t) => [t.name, t]));
  const decode = (t: GgufTensorInfo): LayerTensor => {
    const plain = GGML_PLAIN[t.type];
    if (!plain) throw new WeightFileError(`${t.name} is ${ggmlTypeName(t.type)} (quantised); only F32, F16, BF16 and F64 values are read`, { kind: 'byte', offset: t.offset });
    const data = decodeElements(source.read(t.offset, count(t.shape) * plain.size), 0, count(t.shape), plain.element, true);
    return { name: t.name, shape: t.shape, dtype: ELEMENT_TYPES[plain.element].name, data };
  };
  const tensors: RawTensor[] = [];
  const skipped: SkippedTensor[] = [];
  const listing: TensorListing[] = [];
  for (const t of header.tensors) {
    const plain = GGML_PLAIN[t.type];
    const dtype = ggmlTypeName(t.type);
    if (!plain) {
      const reason = `${dtype} is quantised; only F32, F16, BF16 and F64 values are read`;
      listing.push({ name: t.name, shape: t.shape, dtype, unreadable: { reason, offset: t.offset } });
      skipped.push({ name: t.name, shape: t.shape, reason: `${dtype} (quantised) at byte ${t.offset}, not read` });
      continue;
    }
    listing.push({ name: t.name, shape: t.shape, dtype });
    const skip = skipReason(t.name, t.shape);
    if (skip === undefined) {
      const { data, dtype: name } = decode(t);
      tensors.push({ name: t.name, shape: t.shape, data, dtype: name });
    } else {
      skipped.push({ name: t.name, shape: t.shape, reason: skip });
    }
  }
  const read = (name: string): LayerTensor => {
    const t = byName.get(name);
    if (!t) throw new WeightFileError(`no tensor named ${name}`, { kind: 'file' });
    return decode(t);
  };
  return { tensors, skipped, listing, read };
}
