/** The host side of the panel that needs no VS Code: its HTML shell, CSP, nonce and export checks. */
import { strict as assert } from 'node:assert';
import { exportBytes, safeFileName } from '../../src/extension/pure/exportData';
import { makeNonce, panelCsp, panelHtml } from '../../src/extension/pure/webviewHtml';

describe('panel HTML and CSP', () => {
  it('uses exactly the panel CSP', () => {
    assert.equal(
      panelCsp('https://x.vscode-cdn.net', 'abc'),
      "default-src 'none'; script-src 'nonce-abc'; style-src https://x.vscode-cdn.net; font-src https://x.vscode-cdn.net; img-src https://x.vscode-cdn.net; base-uri 'none'; form-action 'none'",
    );
  });

  it('makes a fresh 128-bit nonce per page from crypto.getRandomValues', () => {
    const seen = new Set(Array.from({ length: 200 }, () => makeNonce()));
    assert.equal(seen.size, 200);
    for (const n of seen) assert.match(n, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(makeNonce((b) => b.fill(0)), 'AAAAAAAAAAAAAAAAAAAAAA');
  });

  it('has one script (nonced, from the bundle), no inline script or style, and no data', () => {
    const html = panelHtml({ cspSource: 'https://c', nonce: 'n0', scriptUri: 'https://c/main.js', styleUri: 'https://c/main.css', lang: 'vi', title: 'T' });
    assert.deepEqual(html.match(/<script[^>]*>/g), ['<script nonce="n0" src="https://c/main.js">']);
    assert.doesNotMatch(html, /<style|\sstyle=|\son\w+=|'unsafe-/);
    assert.match(html, /<html lang="vi">/);
  });

  it('escapes what it puts in attributes', () => {
    const html = panelHtml({ cspSource: 'https://c', nonce: 'n"><script>', scriptUri: 'https://c/a.js?x="><b>', styleUri: 'https://c/m.css', lang: 'en', title: '<t>' });
    assert.doesNotMatch(html, /<b>|"><script>|<t>/);
  });
});

describe('panel exports', () => {
  it('writes PNG only from a PNG data URL, SVG only when it is an SVG document', () => {
    assert.deepEqual(Array.from(exportBytes('png', 'data:image/png;base64,AAEC') ?? []), [0, 1, 2]);
    assert.equal(exportBytes('png', 'data:text/html;base64,PGI+'), null);
    assert.equal(exportBytes('png', 'data:image/png;base64,AA EC'), null);
    assert.equal(exportBytes('svg', '<html><script>'), null);
    assert.ok(exportBytes('svg', '<svg xmlns="http://www.w3.org/2000/svg"></svg>'));
    assert.equal(new TextDecoder().decode(exportBytes('markdown', '# r') ?? new Uint8Array()), '# r');
  });

  it('suggests a plain file name with the right extension, never a path', () => {
    assert.equal(safeFileName('../../etc/passwd', 'json'), 'passwd.json');
    assert.equal(safeFileName('..\\..\\x.md', 'markdown'), 'x.md');
    assert.equal(safeFileName('.bashrc', 'svg'), 'bashrc.svg');
    assert.equal(safeFileName('<img src=x>', 'png'), 'img_src_x_.png');
    assert.equal(safeFileName('', 'png'), 'report.png');
    assert.equal(safeFileName('chart.png', 'png'), 'chart.png');
  });
});
