/**
 * Reports for the webview tests and the panel bench, made by the real analysis (analyzeFile) from
 * a seeded matrix: block upper triangular with 2x2 rotation-scaling blocks, so the eigenvalues are
 * known (radius `rho`) and the strictly upper part makes W non-normal.
 */
import { analyzeFile } from '../../src/core/analysis';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { gaussianVectors } from '../../src/core/analysis/streams';
import type { AnalysisReport } from '../../src/core/report';
import { PartialReportBuilder, type PartialReport } from '../../src/core/progress';
import type { NamedMatrix, WeightFile } from '../../src/core/weightFile';
import type { MatrixData, PanelState } from '../../src/panelProtocol';

export interface FixtureOptions {
  readonly n?: number;
  readonly rho?: number;
  readonly name?: string;
  readonly file?: string;
  readonly horizon?: number;
  /** Weight of the strictly upper part: > 0 makes W non-normal (transient growth). */
  readonly offDiagonal?: number;
  /** A second tensor in the same file (for the matrix picker). */
  readonly second?: string;
}

export interface Fixture {
  readonly report: AnalysisReport;
  readonly matrix: MatrixData;
  readonly matrices: readonly MatrixData[];
  readonly state: PanelState;
}

export function testMatrix(n: number, rho: number, off: number): Float64Array {
  const w = new Float64Array(n * n);
  const rand = gaussianVectors(7, 1, n * n)[0] as Float64Array;
  for (let b = 0; b < n; b += 2) {
    const r = rho * (1 - (0.6 * b) / n);
    const theta = (Math.PI * (b + 1)) / (n + 1);
    if (b + 1 < n) {
      w[b * n + b] = r * Math.cos(theta);
      w[b * n + b + 1] = -r * Math.sin(theta);
      w[(b + 1) * n + b] = r * Math.sin(theta);
      w[(b + 1) * n + b + 1] = r * Math.cos(theta);
    } else w[b * n + b] = r;
    for (let i = b; i < Math.min(n, b + 2); i++) {
      for (let j = b + 2; j < n; j++) w[i * n + j] = (off * (rand[i * n + j] as number)) / Math.sqrt(n);
    }
  }
  return w;
}

function named(name: string, n: number, data: Float64Array): NamedMatrix {
  return { name, shape: [n, n], matrix: { rows: n, cols: n, data }, role: 'rnn', layout: 'pytorch', dtype: 'float32', score: 1 };
}

export function sampleFixture(opts: FixtureOptions = {}): Fixture {
  return progressiveFixture(opts).fixture;
}

/**
 * The fixture with every partial report the analysis made on the way, as the worker posts them
 * (the first numbers after the first matrix's spectrum stage, the curves later).
 */
export function progressiveFixture(opts: FixtureOptions = {}): { fixture: Fixture; partials: PartialReport[] } {
  const n = opts.n ?? 16;
  const T = opts.horizon ?? 50;
  const name = opts.name ?? 'rnn.weight_hh_l0';
  const file = opts.file ?? 'checkpoints/model.json';
  const mats = [named(name, n, testMatrix(n, opts.rho ?? 1.05, opts.offDiagonal ?? 0.6))];
  if (opts.second !== undefined) mats.push(named(opts.second, n, testMatrix(n, 0.8, 1.5)));
  const wf: WeightFile = { format: 'json', matrices: mats, others: [] };
  const builder = new PartialReportBuilder(file, T);
  builder.read(wf.format, mats.length);
  const partials: PartialReport[] = [];
  const report = analyzeFile(wf, file, { ...DEFAULT_OPTIONS, horizon: T }, undefined, (e) => {
    builder.sink(e);
    partials.push(builder.snapshot());
  });
  const matrices: MatrixData[] = mats.map((m) => ({ name: m.name, rows: n, cols: n, values: Array.from(m.matrix.data) }));
  const state: PanelState = {
    file,
    matrix: name,
    controls: { horizon: T, clipTau: 1, scale: 1, mode: 'linear', forgetBias: 1, lossAt: 'every-step' },
  };
  return { fixture: { report, matrix: matrices[0] as MatrixData, matrices, state }, partials };
}
