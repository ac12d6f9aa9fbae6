/**
 * Two checkpoints side by side: per matrix present in both (matched by name), Δρ = ρ_b − ρ_a (per
 * gate for a stack) and the relative change ‖W_a − W_b‖_F / ‖W_a‖_F of the stored matrix.
 */
import type { AnalysisReport, MatrixReport } from '../report';
import type { NamedMatrix, WeightFile } from '../weightFile';

export interface MatrixDiff {
  readonly name: string;
  readonly shape: readonly [number, number];
  /** ρ_b − ρ_a; null for a gate stack (see gates) or when either side has no radius. */
  readonly deltaRadius: number | null;
  readonly gates?: readonly { readonly gate: string; readonly deltaRadius: number }[];
  /** ‖W_a − W_b‖_F / ‖W_a‖_F; null when W_a is zero or the shapes differ. */
  readonly relativeChange: number | null;
  readonly verdictA: string;
  readonly verdictB: string;
}

export interface Comparison {
  readonly matrices: readonly MatrixDiff[];
  /** Names found in only one of the two files. */
  readonly onlyA: readonly string[];
  readonly onlyB: readonly string[];
}

/** ‖a − b‖_F / ‖a‖_F over the stored entries, summed in a scaled form so neither overflows. */
export function relativeFrobenius(a: NamedMatrix, b: NamedMatrix): number | null {
  const x = a.matrix.data;
  const y = b.matrix.data;
  if (a.matrix.rows !== b.matrix.rows || a.matrix.cols !== b.matrix.cols) return null;
  let scale = 0;
  for (let i = 0; i < x.length; i++) scale = Math.max(scale, Math.abs(x[i] as number), Math.abs((x[i] as number) - (y[i] as number)));
  if (scale === 0) return null;
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    const xa = (x[i] as number) / scale;
    const d = ((x[i] as number) - (y[i] as number)) / scale;
    num += d * d;
    den += xa * xa;
  }
  return den === 0 ? null : Math.sqrt(num / den);
}

function diff(ra: MatrixReport, rb: MatrixReport, ma: NamedMatrix, mb: NamedMatrix): MatrixDiff {
  const gates =
    ra.gates && rb.gates && ra.gates.length === rb.gates.length
      ? ra.gates.map((g, k) => ({ gate: g.gate, deltaRadius: (rb.gates?.[k]?.spectralRadius ?? NaN) - g.spectralRadius }))
      : undefined;
  return {
    name: ra.name,
    shape: ra.shape,
    deltaRadius: ra.spectralRadius !== null && rb.spectralRadius !== null ? rb.spectralRadius - ra.spectralRadius : null,
    ...(gates ? { gates } : {}),
    relativeChange: relativeFrobenius(ma, mb),
    verdictA: ra.verdict,
    verdictB: rb.verdict,
  };
}

/** The comparison of two analysed files (reports and the WeightFiles they came from). */
export function compareAnalyses(a: { report: AnalysisReport; file: WeightFile }, b: { report: AnalysisReport; file: WeightFile }): Comparison {
  const namesB = new Set(b.report.matrices.map((m) => m.name));
  const namesA = new Set(a.report.matrices.map((m) => m.name));
  const matrices: MatrixDiff[] = [];
  for (const ra of a.report.matrices) {
    const rb = b.report.matrices.find((m) => m.name === ra.name);
    const ma = a.file.matrices.find((m) => m.name === ra.name);
    const mb = b.file.matrices.find((m) => m.name === ra.name);
    if (rb && ma && mb) matrices.push(diff(ra, rb, ma, mb));
  }
  return {
    matrices,
    onlyA: [...namesA].filter((n) => !namesB.has(n)),
    onlyB: [...namesB].filter((n) => !namesA.has(n)),
  };
}
