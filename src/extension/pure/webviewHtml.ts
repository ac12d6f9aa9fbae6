/**
 * The panel's HTML shell. No data is ever interpolated here: the report arrives by postMessage.
 * Pure (no vscode import) so the webview tests load exactly this page with exactly this CSP.
 */

export interface WebviewHtmlInput {
  /** `webview.cspSource`: the origin the page's own resources come from. */
  readonly cspSource: string;
  /** Fresh per page load, from crypto.getRandomValues. */
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  /** BCP 47 language tag for <html lang>. */
  readonly lang: string;
  readonly title: string;
}

/** The Content-Security-Policy of the panel: scripts only by nonce, styles and fonts from the extension. */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** 128 random bits, base64url: a fresh nonce per page load. */
export function makeNonce(random: (bytes: Uint8Array) => Uint8Array = (b) => globalThis.crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(16));
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function panelHtml(input: WebviewHtmlInput): string {
  return `<!DOCTYPE html>
<html lang="${attr(input.lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(panelCsp(input.cspSource, input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>${attr(input.title)}</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
<script nonce="${attr(input.nonce)}" src="${attr(input.scriptUri)}"></script>
</body>
</html>
`;
}
