/**
 * "Analyze in RNN Gradient Lens" on a Variables or Watch entry, and "Analyze Expression…" while a
 * session is paused: read the value in the paused frame and open it in the analysis panel.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { PanelRegistry } from '../panel';
import { DebugStops } from './debugStops';
import { LiveFileSystem, LIVE_SCHEME } from './liveFs';
import { languageOf, liveUri, LiveSource } from './liveSource';
import { liveErrorMessage } from './messages';
import { LiveError } from '../pure/live/transfer';

/** What VS Code passes to a `debug/variables/context` or `debug/watch/context` command. */
interface VariableArg {
  readonly sessionId?: unknown;
  readonly variable?: { readonly name?: unknown; readonly evaluateName?: unknown };
}

/** The variable's own expression from the adapter (`evaluateName`), else its name. */
export function variableExpression(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const v = (arg as VariableArg).variable;
  if (typeof v?.evaluateName === 'string' && v.evaluateName !== '') return v.evaluateName;
  return typeof v?.name === 'string' && v.name !== '' ? v.name : undefined;
}

/** The session the menu entry belongs to, else the one the user is looking at. */
function sessionFor(arg: unknown): vscode.DebugSession | undefined {
  const id = typeof arg === 'object' && arg !== null ? (arg as VariableArg).sessionId : undefined;
  const candidates = [vscode.debug.activeStackItem?.session, vscode.debug.activeDebugSession];
  return typeof id === 'string' ? candidates.find((s) => s?.id === id) : candidates.find((s) => s !== undefined);
}

export interface LiveCommands {
  /** Open live sources and in-memory files (0 after their panels close). */
  stats(): { readonly files: number };
}

export function registerLive(context: vscode.ExtensionContext, panels: PanelRegistry): LiveCommands {
  const files = new LiveFileSystem();
  const stops = new DebugStops();

  /** Opens (or refreshes) the panel; returns the error shown, if any (the tests read it). */
  const analyze = async (session: vscode.DebugSession | undefined, expression: string): Promise<string | undefined> => {
    try {
      if (!session) throw new LiveError('notPaused', '');
      languageOf(session);
      const open = panels.find(liveUri(session, expression));
      if (open) {
        open.reveal();
        return await open.refreshSource();
      }
      const source = new LiveSource(session, expression, files, stops);
      try {
        await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('RNN Gradient Lens: reading {0} from the debugger', expression), cancellable: true },
          (_p, token) => {
            const abort = new AbortController();
            token.onCancellationRequested(() => abort.abort());
            return source.read(abort.signal);
          },
        );
      } catch (e) {
        source.dispose();
        throw e;
      }
      panels.openLive(source);
      return undefined;
    } catch (e) {
      if (!(e instanceof LiveError)) throw e;
      const message = liveErrorMessage(e, expression);
      void vscode.window.showErrorMessage(message);
      return message;
    }
  };

  context.subscriptions.push(
    files,
    stops,
    vscode.workspace.registerFileSystemProvider(LIVE_SCHEME, files, { isReadonly: true, isCaseSensitive: true }),
    vscode.commands.registerCommand(COMMANDS.analyzeVariable, async (arg: unknown) => {
      const expression = variableExpression(arg);
      return expression ? analyze(sessionFor(arg), expression) : undefined;
    }),
    vscode.commands.registerCommand(COMMANDS.analyzeExpression, async (given?: unknown) => {
      const editor = vscode.window.activeTextEditor;
      const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
      const expression =
        typeof given === 'string'
          ? given
          : await vscode.window.showInputBox({
              title: vscode.l10n.t('Analyze Expression'),
              prompt: vscode.l10n.t('An expression for a 2-D array in the paused frame (NumPy, PyTorch, JAX, TensorFlow; JavaScript arrays)'),
              value: selected.trim(),
            });
      return expression?.trim() ? analyze(sessionFor(undefined), expression.trim()) : undefined;
    }),
  );
  return { stats: () => ({ files: files.size }) };
}
