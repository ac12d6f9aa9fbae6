/**
 * Loads the real webview bundle (dist/webview) into headless Chromium behind the production CSP,
 * served from a fake origin so that `cspSource` means exactly what it means in VS Code.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { panelHtml } from '../../src/extension/pure/webviewHtml';
import type { HostMessage } from '../../src/panelProtocol';

export const ORIGIN = 'https://webview.test';
// Two levels up from test/webview (sources) and from dist/bench (the bundled bench) alike.
const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist', 'webview');
const STUB = join(ROOT, 'test', 'webview', 'pages', 'stub.js');

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** One Chromium for a mocha suite: launched before its tests, closed after; call inside `describe`. */
export function suiteBrowser(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium is not running');
    return browser;
  };
}

export async function launch(): Promise<Browser> {
  if (!existsSync(join(DIST, 'main.js'))) throw new Error('dist/webview/main.js is missing: run `npm run build` first');
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.html': 'text/html' };

export interface PageProbe {
  readonly page: Page;
  readonly dialogs: string[];
  readonly errors: string[];
  readonly requests: string[];
}

/** Serves `html` at ORIGIN/index.html and dist/webview at ORIGIN/dist/*; anything else is refused. */
async function open(browser: Browser, html: string, theme: 'vscode-light' | 'vscode-dark', standalone: boolean): Promise<PageProbe> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const probe: PageProbe = { page, dialogs: [], errors: [], requests: [] };
  page.on('dialog', (d) => {
    probe.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => probe.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') probe.errors.push(m.text());
  });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    probe.requests.push(url.href);
    if (url.origin !== ORIGIN) return route.abort();
    if (url.pathname === '/index.html') return route.fulfill({ status: 200, contentType: 'text/html', body: html });
    const file = normalize(join(DIST, url.pathname.replace(/^\/dist\/webview\//, '')));
    if (!file.startsWith(DIST) || !existsSync(file)) return route.fulfill({ status: 404, body: '' });
    const ext = file.slice(file.lastIndexOf('.'));
    return route.fulfill({ status: 200, contentType: TYPES[ext] ?? 'application/octet-stream', body: readFileSync(file) });
  });
  await page.addInitScript({ content: `window.__standalone = ${standalone};` });
  await page.addInitScript({ path: STUB });
  await page.goto(`${ORIGIN}/index.html`);
  await page.evaluate(`document.body.className = ${JSON.stringify(theme)}`);
  return probe;
}

/**
 * Waits until a JavaScript expression is truthy in the page. Polled from here with
 * page.evaluate (the DevTools protocol, which the page's CSP does not govern): Playwright's own
 * waitForFunction evaluates a string predicate with eval inside the page once it has to poll,
 * and the production CSP (no 'unsafe-eval') then refuses it, so it failed only when slow.
 */
export async function waitForExpression(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${expression}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A page of the given bundle behind the production CSP, once it posted its ready message. */
async function openEntry(browser: Browser, entry: 'main' | 'run' | 'compare', theme: 'vscode-light' | 'vscode-dark', nonce: string, ready: string): Promise<PageProbe> {
  const html = panelHtml({
    cspSource: ORIGIN,
    nonce,
    scriptUri: `${ORIGIN}/dist/webview/${entry}.js`,
    styleUri: `${ORIGIN}/dist/webview/${entry}.css`,
    lang: 'en',
    title: 'RNN Gradient Lens',
  });
  const probe = await open(browser, html, theme, false);
  await waitForExpression(probe.page, `window.__posted.some((m) => m.type === ${JSON.stringify(ready)})`);
  return probe;
}

export async function openPanel(browser: Browser, theme: 'vscode-light' | 'vscode-dark' = 'vscode-dark', nonce = 'dGVzdC1ub25jZS0xMjM0'): Promise<PageProbe> {
  return openEntry(browser, 'main', theme, nonce, 'ready');
}

/** The run page (dist/webview/run.js), after it said `runReady`. */
export async function openRunPanel(browser: Browser, theme: 'vscode-light' | 'vscode-dark' = 'vscode-dark'): Promise<PageProbe> {
  return openEntry(browser, 'run', theme, 'cnVuLW5vbmNlLTU2Nzg5MA', 'runReady');
}

/** The compare page (dist/webview/compare.js), after it said `compareReady`. */
export async function openComparePanel(browser: Browser): Promise<PageProbe> {
  return openEntry(browser, 'compare', 'vscode-dark', 'Y29tcGFyZS1ub25jZS0xMjM', 'compareReady');
}

/** A standalone report page (no VS Code API), served as-is. */
export async function openStandalone(browser: Browser, html: string, theme: 'vscode-light' | 'vscode-dark' = 'vscode-light'): Promise<PageProbe> {
  return open(browser, html, theme, true);
}

/** Delivers a host message the way VS Code does: a window `message` event. */
export async function post(page: Page, msg: HostMessage | Record<string, unknown>): Promise<void> {
  await page.evaluate(`window.postMessage(${JSON.stringify(msg)}, '*')`);
}

export interface ChartSnapshot {
  readonly id: string;
  readonly ariaLabel: string | null;
  readonly datasets: { readonly label: string; readonly color: string | null; readonly data: (number | null)[]; readonly size: number }[];
}

export async function charts(page: Page): Promise<ChartSnapshot[]> {
  return page.evaluate<ChartSnapshot[]>('window.__rgl.charts()');
}

export async function cspViolations(page: Page): Promise<unknown[]> {
  return page.evaluate<unknown[]>('window.__csp');
}

export async function posted(page: Page): Promise<{ type: string; [k: string]: unknown }[]> {
  return page.evaluate<{ type: string }[]>('window.__posted');
}

/** Waits until the panel has drawn a report (cards present, aria-busy cleared). */
export async function rendered(page: Page): Promise<void> {
  await page.waitForSelector('#app[aria-busy="false"] .card', { timeout: 20000 });
}
