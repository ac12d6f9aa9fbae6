/** The panel's model: the report, the selected matrix and the controls, plus the saved state. */
import type { AnalysisReport, MatrixReport } from '../src/core/report';
import type { RecurrenceKind } from '../src/core/recurrences/types';
import type { MatrixData, PanelControls, PanelState } from '../src/panelProtocol';

export interface Model {
  readonly report: AnalysisReport;
  readonly matrix: MatrixData | null;
  readonly selected: MatrixReport;
  readonly controls: PanelControls;
  readonly file: string;
  readonly interactive: boolean;
  /** The kind every modern recurrent layer is read as, when the user picked one. */
  readonly recurrenceKind?: RecurrenceKind | undefined;
}

export function selectMatrix(report: AnalysisReport, name: string): MatrixReport | undefined {
  return report.matrices.find((m) => m.name === name) ?? report.matrices[0];
}

/** Controls as the report was computed (used when the saved state is missing). */
export function controlsFromReport(report: AnalysisReport, m: MatrixReport): PanelControls {
  return {
    horizon: report.horizon,
    clipTau: m.trajectory.clipping?.tau ?? 1,
    scale: 1,
    mode: 'linear',
    forgetBias: m.trajectory.lstm?.forgetBias ?? 1,
    lossAt: m.trajectory.lossAt,
  };
}

export function toPanelState(model: Model): PanelState {
  return { file: model.file, matrix: model.selected.name, controls: model.controls, ...(model.recurrenceKind ? { recurrenceKind: model.recurrenceKind } : {}) };
}

/** Slider ranges: wide enough for what-ifs, bounded so recomputation stays instant. */
export const LIMITS = {
  horizon: { min: 1, max: 1000 },
  /** log10 tau */
  tau: { min: -3, max: 3 },
  /** log10 scale */
  scale: { min: -1, max: 1 },
  forgetBias: { min: -4, max: 6 },
} as const;
