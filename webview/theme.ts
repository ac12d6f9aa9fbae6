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

/** A CSS colour (#rgb, #rrggbb, #rrggbbaa or rgb()) at the given opacity, for canvas strokes. */
export function withAlpha(color: string, alpha: number): string {
  const c = color.trim();
  let rgb: number[] | null = null;
  const hex = /^#([0-9a-f]{3,8})$/i.exec(c)?.[1];
  if (hex && (hex.length === 3 || hex.length === 4)) rgb = [0, 1, 2].map((i) => parseInt(hex[i]! + hex[i]!, 16));
  else if (hex && (hex.length === 6 || hex.length === 8)) rgb = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  else {
    const m = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(c);
    if (m) rgb = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  return rgb ? `rgba(${rgb[0]}, ${rgb[1]}, ${rgb[2]}, ${alpha})` : c;
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
    grid: withAlpha(foreground, dark ? 0.13 : 0.1),
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
