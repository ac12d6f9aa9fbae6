/**
 * Follows every debug session's stops through a debug adapter tracker: whether it is paused, how
 * many times it has stopped (a live matrix remembers the stop it was read at), the thread that
 * stopped last, and whether it has ended. A live panel uses this to say when its numbers are old.
 */
import * as vscode from 'vscode';

export interface StopState {
  readonly paused: boolean;
  /** Increases at every `stopped` event. */
  readonly stop: number;
  readonly threadId: number | undefined;
  readonly ended: boolean;
}

const RUN_REQUESTS = new Set(['continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'goto', 'restartFrame']);

interface DapMessage {
  readonly type?: unknown;
  readonly event?: unknown;
  readonly command?: unknown;
  readonly body?: { readonly threadId?: unknown };
}

export class DebugStops implements vscode.Disposable {
  private readonly states = new Map<string, StopState>();
  private readonly emitter = new vscode.EventEmitter<string>();
  private readonly subs: vscode.Disposable[] = [];
  /** Fires with the id of a session whose state changed. */
  readonly onDidChange = this.emitter.event;

  constructor() {
    this.subs.push(
      vscode.debug.registerDebugAdapterTrackerFactory('*', {
        createDebugAdapterTracker: (session) => ({
          onDidSendMessage: (m: DapMessage) => this.fromAdapter(session.id, m),
          onWillReceiveMessage: (m: DapMessage) => {
            if (m.type === 'request' && typeof m.command === 'string' && RUN_REQUESTS.has(m.command)) this.update(session.id, { paused: false });
          },
        }),
      }),
      vscode.debug.onDidTerminateDebugSession((s) => this.update(s.id, { paused: false, ended: true })),
    );
  }

  state(sessionId: string): StopState {
    return this.states.get(sessionId) ?? { paused: false, stop: 0, threadId: undefined, ended: false };
  }

  private fromAdapter(id: string, m: DapMessage): void {
    if (m.type !== 'event') return;
    if (m.event === 'stopped') {
      const thread = typeof m.body?.threadId === 'number' ? m.body.threadId : this.states.get(id)?.threadId;
      this.update(id, { paused: true, stop: (this.states.get(id)?.stop ?? 0) + 1, threadId: thread });
    } else if (m.event === 'continued') this.update(id, { paused: false });
    else if (m.event === 'terminated' || m.event === 'exited') this.update(id, { paused: false, ended: true });
  }

  private update(id: string, change: Partial<StopState>): void {
    const before = this.states.get(id) ?? { paused: false, stop: 0, threadId: undefined, ended: false };
    this.states.set(id, { ...before, ...change });
    this.emitter.fire(id);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.emitter.dispose();
    this.states.clear();
  }
}
