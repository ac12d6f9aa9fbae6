/**
 * The content of a rescaled copy: each chosen matrix multiplied so its spectral radius (the
 * largest gate's, for a gate stack) becomes the target. Written as JSON keyed by the tensor names,
 * in the orientation the file stored them (Keras kernels transposed back). Pure (no vscode).
 */
import { transpose, type Matrix } from '../../core/matrix';
import type { AnalysisReport } from '../../core/report';
import type { WeightFile } from '../../core/weightFile';
import { leadingRadius } from './findings';

export interface RescaledCopy {
  readonly json: string;
  /** What was scaled: name, radius before, factor applied. */
  readonly scaled: readonly { readonly name: string; readonly rho: number; readonly factor: number }[];
}

function rows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export function rescaledCopy(file: WeightFile, report: AnalysisReport, target: number, names?: readonly string[]): RescaledCopy {
  const out: Record<string, number[][]> = {};
  const scaled: { name: string; rho: number; factor: number }[] = [];
  for (const nm of file.matrices) {
    if (names && names.length > 0 && !names.includes(nm.name)) continue;
    const rep = report.matrices.find((r) => r.name === nm.name);
    const r = rep ? leadingRadius(rep) : undefined;
    if (!r || !(r.rho > 0)) continue; // a nilpotent matrix cannot be rescaled to a radius
    // A large sparse matrix carries no dense form, and a dense JSON of it would be gigabytes.
    if (nm.matrix.data.length !== nm.matrix.rows * nm.matrix.cols) continue;
    const factor = target / r.rho;
    const data = new Float64Array(nm.matrix.data.length);
    for (let i = 0; i < data.length; i++) data[i] = (nm.matrix.data[i] as number) * factor;
    const canonical: Matrix = { rows: nm.matrix.rows, cols: nm.matrix.cols, data };
    const stored = nm.layout === 'keras' ? transpose(canonical) : canonical;
    out[nm.name === '' ? 'W_hh' : nm.name] = rows(stored);
    scaled.push({ name: nm.name, rho: r.rho, factor });
  }
  return { json: `${JSON.stringify(out, null, 1)}\n`, scaled };
}

/** `weights.json` -> `weights.rescaled.json` (always .json: the copy is written as JSON). */
export function rescaledName(baseName: string): string {
  const dot = baseName.lastIndexOf('.');
  const stem = dot > 0 ? baseName.slice(0, dot) : baseName;
  return `${stem}.rescaled.json`;
}
