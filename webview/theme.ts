/**
 * Chart colours from the editor theme. Canvas cannot resolve var(--x), so the values are read with
 * getComputedStyle, and read again whenever VS Code swaps the body's theme class.
 */
export interface Palette {
  readonly kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly background: string;
  readonly series: {
    readonly linear: string;
    readonly clipped: string;
    readonly tanh: string;
    readonly lstm: string;
    readonly bound: string;
    readonly rho: string;
  };
  /** Diverging heatmap ends (negative, positive) around the background. */
  readonly negative: string;
  readonly positive: string;
}

function themeKind(body: HTMLElement): Palette['kind'] {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  return c.contains('vscode-light') ? 'light' : 'dark';
}

export function readPalette(body: HTMLElement = document.body): Palette {
  const kind = themeKind(body);
  const dark = kind === 'dark' || kind === 'high-contrast';
  const css = getComputedStyle(body);
  const v = (name: string, fallbackLight: string, fallbackDark: string): string =>
    css.getPropertyValue(name).trim() || (dark ? fallbackDark : fallbackLight);
  const foreground = v('--vscode-editor-foreground', '#1f1f1f', '#cccccc');
  return {
    kind,
    foreground,
    muted: v('--vscode-descriptionForeground', '#616161', '#9d9d9d'),
    grid: v('--vscode-editorWidget-border', '#d4d4d4', '#454545'),
    background: v('--vscode-editor-background', '#ffffff', '#1e1e1e'),
    series: {
      linear: v('--vscode-charts-red', '#c72e0f', '#f14c4c'),
      clipped: v('--vscode-charts-blue', '#0063b1', '#3794ff'),
      tanh: v('--vscode-charts-purple', '#652d90', '#b180d7'),
      lstm: v('--vscode-charts-green', '#388a34', '#89d185'),
      bound: v('--vscode-charts-orange', '#b05a00', '#d18616'),
      rho: v('--vscode-charts-yellow', '#8a6d00', '#cca700'),
    },
    negative: v('--vscode-charts-blue', '#0063b1', '#3794ff'),
    positive: v('--vscode-charts-red', '#c72e0f', '#f14c4c'),
  };
}

/** Calls `onChange` with a fresh palette whenever the body's class list changes theme. */
export function watchTheme(onChange: (p: Palette) => void, body: HTMLElement = document.body): MutationObserver {
  let last = body.className;
  const obs = new MutationObserver(() => {
    if (body.className === last) return;
    last = body.className;
    onChange(readPalette(body));
  });
  obs.observe(body, { attributes: true, attributeFilter: ['class'] });
  return obs;
}
