/** One clear, localised sentence for each reason a live matrix could not be read. */
import * as vscode from 'vscode';
import type { LiveError } from '../pure/live/transfer';

function megabytes(bytes: string): string {
  return (Number(bytes) / (1024 * 1024)).toFixed(1);
}

export function liveErrorMessage(e: LiveError, expression: string): string {
  switch (e.code) {
    case 'notPaused':
      return vscode.l10n.t('RNN Gradient Lens: the debugger is not paused; stop at a breakpoint to read {0}.', expression);
    case 'unsupported':
      return vscode.l10n.t('RNN Gradient Lens: the {0} debugger is not supported; live matrices are read from Python (debugpy) and JavaScript (js-debug).', e.detail);
    case 'syntax':
      return vscode.l10n.t('RNN Gradient Lens: {0} is not a single expression ({1}).', expression, e.detail);
    case 'refused':
      return vscode.l10n.t('RNN Gradient Lens: the debugger could not evaluate {0}: {1}', expression, e.detail);
    case 'notArray':
      return vscode.l10n.t('RNN Gradient Lens: {0} is not an array (it is a {1}).', expression, e.detail);
    case 'notMatrix':
      return vscode.l10n.t('RNN Gradient Lens: {0} is not a 2-D matrix (its shape is {1}).', expression, e.detail);
    case 'notNumeric':
      return vscode.l10n.t('RNN Gradient Lens: {0} does not hold real numbers (its type is {1}).', expression, e.detail);
    case 'tooLarge':
      return vscode.l10n.t(
        'RNN Gradient Lens: {0} is {1} MB, more than rnnGradientLens.maxFileSizeMB allows; nothing was transferred.',
        expression,
        megabytes(e.detail),
      );
    case 'truncated':
      return vscode.l10n.t('RNN Gradient Lens: the debugger shortens every result of {0}, even in chunks; it cannot be transferred.', expression);
    case 'changed':
      return vscode.l10n.t('RNN Gradient Lens: {0} changed while it was being read; read it again at a stop.', expression);
    case 'unexpected':
      return vscode.l10n.t('RNN Gradient Lens: the debugger answered {0} with something unexpected: {1}', expression, e.detail);
  }
}
