/**
 * `rnn-gradient-lens report FILE -o report.html [analysis options]`: the analysis panel as one
 * standalone page (for people without VS Code, and as a CI artifact). The page inlines the same
 * webview bundle and CSS (KaTeX fonts as data: URLs), embeds the data as JSON that no payload can
 * break out of, and locks itself down with a CSP of hashes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors';
import type { AnalysisReport } from '../core/report';
import type { WeightFile } from '../core/weightFile';
import type { HostMessage, MatrixData, PanelState } from '../panelProtocol';
import { analyzeWithin, LocatedError, toOptions } from './analyze';
import { EXIT_GAVE_UP } from './budget';
import { parseAnalyzeArgs } from './args';
import type { CliIO } from './io';
import { formatMB, MAX_LIVE_ENTRIES } from '../core/limits';

/** Matrices larger than this are embedded without their entries (no heatmap, no live curves). */

export const REPORT_HELP = `usage: rnn-gradient-lens report <file> -o <report.html> [options]

Writes the analysis panel as one standalone HTML page: equations with the
matrix's numbers, charts and live controls, with no network access and no VS Code.

options:
  -o, --output FILE     the HTML file to write (required; never the weights file)
  --theme light|dark    colours of the page (default: follow the browser)
  and the analysis options of \`rnn-gradient-lens analyze\` (--matrix, --horizon,
  --upstream, --clip, --forget-bias, --layout, --scale, --loss-at, --seed,
  --max-size, --timeout); see \`rnn-gradient-lens analyze --help\`.

exit codes: 0 written, 2 bad input or usage, 4 gave up at --timeout (nothing
            written).
`;

interface ReportArgs {
  readonly output?: string;
  readonly theme?: 'light' | 'dark';
  readonly rest: string[];
}

function splitReportArgs(argv: readonly string[]): ReportArgs {
  const rest: string[] = [];
  let output: string | undefined;
  let theme: 'light' | 'dark' | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const eq = a.indexOf('=');
    const [flag, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    if (flag === '-o' || flag === '--output' || flag === '--theme') {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
      if (flag === '--theme') {
        if (value !== 'light' && value !== 'dark') throw new UsageError(`--theme expects light or dark, got '${value}'`);
        theme = value;
      } else output = value;
    } else if (a === '--json' || a.startsWith('--fail-on')) {
      throw new UsageError(`${a.split('=')[0]} is an option of analyze, not of report`);
    } else rest.push(a);
  }
  return { output, theme, rest };
}

/** JSON that is inert inside <script type="application/json">: no `<`, `>`, `&`, U+2028/9 survive. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The built webview bundle: next to dist/cli.js, or dist/webview from the sources. */
function bundleDir(): string {
  for (const dir of [join(__dirname, 'webview'), join(__dirname, '..', '..', 'dist', 'webview')]) {
    if (existsSync(join(dir, 'main.js')) && existsSync(join(dir, 'main.css'))) return dir;
  }
  throw new Error('the webview bundle (dist/webview) is missing: run `npm run build`');
}

/** The bundle's CSS with KaTeX's woff2 fonts inlined (the woff/ttf fallbacks dropped). */
function inlineCss(dir: string): string {
  const css = readFileSync(join(dir, 'main.css'), 'utf8');
  return css
    .replace(/,\s*url\("?\.\/fonts\/[^)"]+\.(?:woff|ttf)"?\)\s*format\("[a-z]+"\)/g, '')
    .replace(/url\("?\.\/fonts\/([A-Za-z0-9_-]+\.woff2)"?\)/g, (_m, name: string) => {
      const font = readFileSync(join(dir, 'fonts', name));
      return `url(data:font/woff2;base64,${font.toString('base64')})`;
    });
}

export interface StandaloneInput {
  readonly report: AnalysisReport;
  readonly matrices: readonly MatrixData[];
  readonly state: PanelState;
  readonly theme?: 'light' | 'dark';
}

/** The whole page. Scripts and styles are allowed by hash only; fonts and images by data: URL. */
export function standaloneHtml(input: StandaloneInput, dir = bundleDir()): string {
  const js = readFileSync(join(dir, 'main.js'), 'utf8');
  // An inline script ends at the first `</script`; the bundle must never contain one.
  if (/<\/script|<!--/i.test(js)) throw new Error('the webview bundle cannot be inlined safely');
  const css = inlineCss(dir);
  if (/<\/style/i.test(css)) throw new Error('the webview CSS cannot be inlined safely');
  const matrix = input.matrices.find((m) => m.name === input.state.matrix) ?? null;
  const init: HostMessage = { type: 'init', report: input.report, matrix, l10n: null, state: input.state, interactive: false };
  const data = embedJson({ init, matrices: input.matrices });
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(js)}`,
    `style-src ${sha256(css)}`,
    'font-src data:',
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const bodyClass = input.theme ? ` class="vscode-${input.theme}"` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="rnn-gradient-lens ${input.report.version}">
<title>RNN Gradient Lens report</title>
<style>${css}</style>
</head>
<body${bodyClass}>
<main id="app" aria-busy="true"></main>
<script type="application/json" id="rgl-data">${data}</script>
<script>${js}</script>
</body>
</html>
`;
}

/** The analysed matrices' entries as in the file (the page applies the scale) and any given dL/do. */
function embeddedMatrices(file: WeightFile, report: AnalysisReport, upstream: readonly (readonly number[])[] | undefined): MatrixData[] {
  const out: MatrixData[] = [];
  for (const r of report.matrices) {
    const m = file.matrices.find((x) => x.name === r.name);
    if (!m || m.matrix.rows * m.matrix.cols > MAX_LIVE_ENTRIES) continue;
    const { rows, cols } = m.matrix;
    const up = upstream && rows === cols && upstream.every((row) => row.length === cols) ? { upstream } : {};
    out.push({ name: m.name, rows, cols, values: Array.from(m.matrix.data), ...up });
  }
  return out;
}

export async function runReport(argv: readonly string[], io: CliIO): Promise<number> {
  const split = splitReportArgs(argv);
  const args = parseAnalyzeArgs(split.rest);
  if (args.help) {
    io.stdout(REPORT_HELP);
    return 0;
  }
  if (split.output === undefined) throw new UsageError('report needs an output file: -o report.html');
  if (resolve(split.output) === resolve(args.file)) throw new UsageError('the output file is the weights file; choose another name');
  const done = analyzeWithin(args, io);
  if (!done) return EXIT_GAVE_UP;
  const { weights: file, upstream, report } = done;
  const options = toOptions(args, upstream);
  const first = report.matrices[0];
  if (!first) throw new LocatedError(`${args.file}: no matrix to analyse`);
  const state: PanelState = {
    file: args.file,
    matrix: first.name,
    controls: {
      horizon: first.trajectory.T,
      clipTau: options.clipTau,
      // Relative to the file's W, like the panel's slider; the report already includes it.
      scale: options.scale,
      mode: 'linear',
      forgetBias: first.trajectory.lstm?.forgetBias ?? 1,
      lossAt: options.lossAt,
    },
  };
  const matrices = embeddedMatrices(file, report, options.upstream);
  const html = standaloneHtml({ report, matrices, state, theme: split.theme });
  writeFileSync(split.output, html);
  io.stderr(`rnn-gradient-lens: wrote ${split.output} (${formatMB(Buffer.byteLength(html))})\n`);
  return 0;
}
