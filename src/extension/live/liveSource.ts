/**
 * A matrix read from a paused debug session, shown by the analysis panel like a file: it knows the
 * expression, the session and the stop it was read at, reads the value again on Refresh (at the
 * session's current stop) and says when the program has moved on or ended since.
 */
import * as vscode from 'vscode';
import { readOptionsFromSettings } from '../analysisOptions';
import type { PanelSource } from '../panel/analysisPanel';
import type { DebugStops } from './debugStops';
import { LIVE_SCHEME, type LiveFileSystem } from './liveFs';
import { liveErrorMessage } from './messages';
import { LiveError, liveFileName, readLiveValue, type EvaluateSession, type LiveLanguage } from '../pure/live/transfer';

/** The language of the values a session's adapter evaluates, from its debug type. */
export function languageOf(session: vscode.DebugSession): LiveLanguage {
  const type = session.type.toLowerCase();
  if (/python|debugpy/.test(type)) return 'python';
  if (/node|chrome|msedge|extensionhost|js/.test(type)) return 'javascript';
  throw new LiveError('unsupported', session.type);
}

/** One in-memory file per session (the authority) and expression: `/W_hh.npy`, as the panel's header shows it. */
export function liveUri(session: vscode.DebugSession, expression: string): vscode.Uri {
  const ext = liveFileName(languageOf(session)).replace(/^.*\./, '');
  const authority = session.id.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return vscode.Uri.from({ scheme: LIVE_SCHEME, authority, path: `/${encodeURIComponent(expression)}.${ext}` });
}

interface Frame {
  readonly frameId: number;
  /** `train.py:42` */
  readonly place: string;
}

interface StackFrameBody {
  readonly stackFrames?: readonly { readonly id: number; readonly line: number; readonly source?: { readonly name?: string; readonly path?: string } }[];
}

/** The frame the user is looking at when it is in this session, else the stopped thread's top frame. */
async function currentFrame(session: vscode.DebugSession, stops: DebugStops): Promise<Frame> {
  const item = vscode.debug.activeStackItem;
  const mine = item && item.session.id === session.id ? item : undefined;
  const state = stops.state(session.id);
  if (!mine && !state.paused) throw new LiveError('notPaused', '');
  let threadId = mine?.threadId ?? state.threadId;
  const frameId = mine instanceof vscode.DebugStackFrame ? mine.frameId : undefined;
  let body: StackFrameBody;
  try {
    if (threadId === undefined) {
      const threads = (await session.customRequest('threads')) as { threads?: readonly { id: number }[] };
      threadId = threads.threads?.[0]?.id;
    }
    body = (await session.customRequest('stackTrace', { threadId, startFrame: 0, levels: 200 })) as StackFrameBody;
  } catch {
    throw new LiveError('notPaused', '');
  }
  const frames = body.stackFrames ?? [];
  const frame = frames.find((f) => f.id === frameId) ?? frames[0];
  if (!frame) throw new LiveError('notPaused', '');
  const file = frame.source?.path ?? frame.source?.name ?? '?';
  return { frameId: frame.id, place: `${file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1)}:${frame.line}` };
}

function evaluator(session: vscode.DebugSession, frameId: number): EvaluateSession {
  return {
    evaluate: async (expression, context) => {
      const body = (await session.customRequest('evaluate', { expression, frameId, context })) as { result?: unknown } | undefined;
      if (typeof body?.result !== 'string') throw new Error(vscode.l10n.t('no result'));
      return body.result;
    },
  };
}

export class LiveSource implements PanelSource {
  readonly uri: vscode.Uri;
  private readonly emitter = new vscode.EventEmitter<'value' | 'state'>();
  private readonly sub: vscode.Disposable;
  private place = '';
  private stop = -1;
  readonly onDidChange = this.emitter.event;

  constructor(
    readonly session: vscode.DebugSession,
    readonly expression: string,
    private readonly files: LiveFileSystem,
    private readonly stops: DebugStops,
  ) {
    this.uri = liveUri(session, expression);
    this.sub = stops.onDidChange((id) => {
      if (id === session.id) this.emitter.fire('state');
    });
  }

  title(): string {
    return this.place ? `${this.expression} @ ${this.place}` : this.expression;
  }

  banner(): { readonly text: string; readonly stale: boolean } {
    const s = this.stops.state(this.session.id);
    const at = this.title();
    if (s.ended) return { text: vscode.l10n.t('{0}, read before the debug session ended: these are the last numbers read.', at), stale: true };
    if (!s.paused) return { text: vscode.l10n.t('{0}, read at an earlier stop; the program is running. Refresh at the next stop.', at), stale: true };
    if (s.stop !== this.stop) return { text: vscode.l10n.t('{0}, read at an earlier stop; the program has stopped again since.', at), stale: true };
    return { text: vscode.l10n.t('{0}, read from the paused program.', at), stale: false };
  }

  /** Reads the value at the current stop into the in-memory file (throws LiveError). */
  async read(signal?: AbortSignal): Promise<void> {
    const frame = await currentFrame(this.session, this.stops);
    const stop = this.stops.state(this.session.id).stop;
    const maxBytes = readOptionsFromSettings().maxBytes;
    const value = await readLiveValue(evaluator(this.session, frame.frameId), languageOf(this.session), this.expression, { maxBytes, ...(signal ? { signal } : {}) });
    this.place = frame.place;
    this.stop = stop;
    this.files.set(this.uri, value.bytes);
    this.emitter.fire('value');
  }

  async refresh(): Promise<string | undefined> {
    try {
      await this.read();
      return undefined;
    } catch (e) {
      if (!(e instanceof LiveError)) throw e;
      const message = liveErrorMessage(e, this.expression);
      void vscode.window.showErrorMessage(message);
      return message;
    }
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
    this.files.forget(this.uri);
  }
}
