/**
 * The page's link to its host: VS Code's webview API, or (in the standalone HTML report) a stub
 * that answers from the data embedded in the page.
 */
import { isHostMessage, type HostMessage, type MatrixData, type WebviewMessage } from '../src/panelProtocol';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

export interface HostApi {
  post(msg: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/** The standalone report's payload: the init message plus every analysed matrix's data. */
export interface EmbeddedPayload {
  readonly init: HostMessage;
  readonly matrices: readonly MatrixData[];
}

export function acquireHost(deliver: (m: HostMessage) => void): HostApi {
  const acquire = (globalThis as { acquireVsCodeApi?: () => VsCodeApi }).acquireVsCodeApi;
  if (typeof acquire === 'function') {
    const api = acquire();
    window.addEventListener('message', (e: MessageEvent<unknown>) => {
      if (isHostMessage(e.data)) deliver(e.data);
    });
    return { post: (m) => api.postMessage(m), getState: () => api.getState(), setState: (s) => api.setState(s) };
  }
  return standaloneHost(deliver);
}

function readEmbedded(): EmbeddedPayload | null {
  const el = document.getElementById('rgl-data');
  if (!el || el.getAttribute('type') !== 'application/json') return null;
  try {
    const data: unknown = JSON.parse(el.textContent ?? '');
    if (typeof data !== 'object' || data === null) return null;
    const { init, matrices } = data as { init?: unknown; matrices?: unknown };
    if (!isHostMessage(init) || !Array.isArray(matrices)) return null;
    return { init, matrices: matrices as MatrixData[] };
  } catch {
    return null;
  }
}

/** Outside VS Code nobody sets the theme class: follow the browser's colour scheme unless the page chose one. */
function followBrowserTheme(): void {
  if (/\bvscode-/.test(document.body.className)) return;
  const dark = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = (): void => {
    document.body.classList.remove('vscode-light', 'vscode-dark');
    document.body.classList.add(dark.matches ? 'vscode-dark' : 'vscode-light');
  };
  apply();
  dark.addEventListener('change', apply);
}

function standaloneHost(deliver: (m: HostMessage) => void): HostApi {
  followBrowserTheme();
  const payload = readEmbedded();
  let state: unknown;
  return {
    post(m) {
      if (!payload || payload.init.type !== 'init') return;
      if (m.type === 'ready') deliver(payload.init);
      if (m.type === 'selectMatrix') {
        const matrix = payload.matrices.find((x) => x.name === m.name) ?? null;
        const msg = { type: 'update', report: payload.init.report, matrix, state: { ...payload.init.state, matrix: m.name } };
        if (isHostMessage(msg)) deliver(msg);
      }
    },
    getState: () => state,
    setState: (s) => {
      state = s;
    },
  };
}
