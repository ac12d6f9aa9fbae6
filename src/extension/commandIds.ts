/**
 * Every command this extension registers, by id, and the custom editor's view types. The public ones are the manifest's
 * `contributes.commands` (checked by a unit test); a new command is one line here, its manifest
 * entry and its handler. Pure: no vscode.
 */
export const COMMANDS = {
  analyzeFile: 'rnnGradientLens.analyzeFile',
  analyzeMatrix: 'rnnGradientLens.analyzeMatrix',
  diagnoseWorkspace: 'rnnGradientLens.diagnoseWorkspace',
  diagnoseActiveFile: 'rnnGradientLens.diagnoseActiveFile',
  clearDiagnostics: 'rnnGradientLens.clearDiagnostics',
  saveRescaledCopy: 'rnnGradientLens.saveRescaledCopy',
  openExample: 'rnnGradientLens.openExample',
  analyzeVariable: 'rnnGradientLens.analyzeVariable',
  analyzeExpression: 'rnnGradientLens.analyzeExpression',
  trackFolder: 'rnnGradientLens.trackFolder',
  compareWith: 'rnnGradientLens.compareWith',
} as const;

/** Commands for tests only: registered, never in the palette or the manifest. */
export const INTERNAL_COMMANDS = {
  panelStats: 'rnnGradientLens._panelStats',
  runPanelStats: 'rnnGradientLens._runPanelStats',
} as const;

/**
 * The analysis as a custom editor, contributed twice: the default editor for some extensions and
 * an Open With… option for others (package.json's selectors come from the format table).
 */
export const CHECKPOINT_EDITOR = {
  default: 'rnnGradientLens.checkpoint',
  option: 'rnnGradientLens.checkpointOpenWith',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];
