/**
 * Hovers: on a matrix in a JSON file (each tensor of a state dict on its own; any tensor of a
 * modern recurrent layer shows that layer), anywhere in a
 * CSV/TSV file, and on numeric matrix literals in Python/TypeScript/JavaScript (notebook cells
 * too). Reports come from the service's cache, so a repeat hover costs a stat and a lookup.
 */
import * as vscode from 'vscode';
import { findMatrixLiterals, literalAt, literalLanguage, type MatrixLiteral } from '../core/literals';
import type { PartialReport } from '../core/progress';
import type { AnalysisOutcome, AnalysisService } from './analysisService';
import { commandHref, firstNumbersMarkdown, gaveUpMarkdown, hasFirstNumbers, hoverMarkdown, type HoverLink } from './pure/hoverText';
import { matrixExtent, recurrenceExtentAt } from './placement';
import { recurrenceHoverMarkdown } from './pure/recurrenceText';
import { isEnabled } from './settings';
import { COMMANDS } from './commandIds';

/** Only this extension's commands may run from hover links. */
export const TRUSTED_COMMANDS = [COMMANDS.analyzeFile, COMMANDS.analyzeMatrix, COMMANDS.saveRescaledCopy];

export const DATA_SELECTOR: vscode.DocumentSelector = [
  { language: 'json' },
  { language: 'jsonc' },
  { language: 'csv' },
  { language: 'tsv' },
  { pattern: '**/*.{csv,tsv}' },
  { language: 'plaintext', pattern: '**/*.txt' }, // np.savetxt output
];

export const CODE_SELECTOR: vscode.DocumentSelector = [
  { language: 'python' },
  { language: 'typescript' },
  { language: 'javascript' },
  { language: 'typescriptreact' },
  { language: 'javascriptreact' },
  { notebookType: '*', language: 'python' },
];

const MIN_LITERAL_SIZE = 2;

/**
 * A hover waits this long for the whole report; past it, once ρ, σ_max and the long-run class are
 * in, it shows those. Only for matrices from FIRST_NUMBERS_FROM rows: a smaller one's curves
 * follow its first numbers within moments, so its hover always waits for the whole report.
 */
export const FIRST_NUMBERS_AFTER_MS = 400;
export const FIRST_NUMBERS_FROM = 256;

/**
 * The outcome, or the first numbers when the report takes longer than FIRST_NUMBERS_AFTER_MS. The
 * analysis goes on either way (its report is cached for the next hover, CodeLens and diagnostics).
 */
function outcomeOrFirstNumbers(service: AnalysisService, uri: vscode.Uri, token: vscode.CancellationToken): Promise<{ outcome: AnalysisOutcome } | { partial: PartialReport }> {
  return new Promise((resolve) => {
    let first: PartialReport | undefined;
    let late = false;
    let settled = false;
    const settle = (v: { outcome: AnalysisOutcome } | { partial: PartialReport }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(v);
    };
    const timer = setTimeout(() => {
      late = true;
      if (first) settle({ partial: first });
    }, FIRST_NUMBERS_AFTER_MS);
    const onPartial = (p: PartialReport): void => {
      if (first || !hasFirstNumbers(p) || !p.matrices.some((m) => m.shape[0] >= FIRST_NUMBERS_FROM)) return;
      first = p;
      if (late) settle({ partial: p });
    };
    void service.analyze({ uri, onPartial }, token).then((outcome) => settle({ outcome }));
  });
}

function trusted(markdown: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(markdown);
  md.isTrusted = { enabledCommands: TRUSTED_COMMANDS };
  md.supportHtml = false;
  return md;
}

export class WeightsHoverProvider implements vscode.HoverProvider {
  /** Literals of the last few documents, per document version (finding them is a scan of the text). */
  private readonly literals = new Map<string, { version: number; found: MatrixLiteral[] }>();

  constructor(private readonly service: AnalysisService) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!isEnabled('hover.enabled')) return undefined;
    const lang = literalLanguage(doc.languageId);
    return lang ? this.literalHover(doc, pos, lang, token) : this.fileHover(doc, pos, token);
  }

  private async fileHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const got = await outcomeOrFirstNumbers(this.service, doc.uri, token);
    if (token.isCancellationRequested) return undefined;
    if ('partial' in got) {
      const open: HoverLink = { title: vscode.l10n.t('Open analysis'), href: commandHref(COMMANDS.analyzeFile, [doc.uri]) };
      return new vscode.Hover(trusted(firstNumbersMarkdown(got.partial, [open])));
    }
    const outcome = got.outcome;
    if (!outcome.ok) {
      // Past the time budget: say so (with what was computed) instead of a hover that never comes.
      if (!outcome.gaveUp) return undefined;
      const open: HoverLink = { title: vscode.l10n.t('Open analysis'), href: commandHref('rnnGradientLens.analyzeFile', [doc.uri]) };
      return new vscode.Hover(trusted(gaveUpMarkdown(outcome.gaveUp, [open])));
    }
    const tabular = outcome.report.format === 'csv';
    for (const m of outcome.report.matrices) {
      const extent = matrixExtent(outcome, m.name);
      if (!tabular && !(extent && extent.contains(pos))) continue;
      const links: HoverLink[] = [
        m.name === ''
          ? { title: vscode.l10n.t('Open analysis'), href: commandHref(COMMANDS.analyzeFile, [doc.uri]) }
          : { title: vscode.l10n.t('Open analysis'), href: commandHref(COMMANDS.analyzeMatrix, [doc.uri, m.name]) },
      ];
      if (m.verdict !== 'stable') {
        links.push({ title: vscode.l10n.t('Save rescaled copy (ρ = 0.99)…'), href: commandHref(COMMANDS.saveRescaledCopy, [doc.uri, m.name]) });
      }
      return new vscode.Hover(trusted(hoverMarkdown(m, outcome.report.horizon, links)), extent);
    }
    for (const r of outcome.report.recurrences) {
      const extent = recurrenceExtentAt(outcome, r, pos);
      if (!extent) continue;
      const open: HoverLink = { title: vscode.l10n.t('Open analysis'), href: commandHref(COMMANDS.analyzeFile, [doc.uri]) };
      return new vscode.Hover(trusted(recurrenceHoverMarkdown(r, [open])), extent);
    }
    return undefined;
  }

  private async literalHover(doc: vscode.TextDocument, pos: vscode.Position, lang: 'python' | 'js', token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const key = doc.uri.toString();
    let entry = this.literals.get(key);
    if (!entry || entry.version !== doc.version) {
      entry = { version: doc.version, found: findMatrixLiterals(doc.getText(), lang) };
      this.literals.delete(key);
      this.literals.set(key, entry);
      if (this.literals.size > 16) this.literals.delete(this.literals.keys().next().value as string);
    }
    const lit = literalAt(entry.found, doc.offsetAt(pos));
    const n = lit?.rows.length ?? 0;
    if (!lit || n < MIN_LITERAL_SIZE || lit.rows[0]?.length !== n) return undefined; // square matrices only
    const outcome = await this.service.analyzeRows(lit.rows, lit.callee ?? 'matrix literal', token);
    if (token.isCancellationRequested) return undefined;
    const range = new vscode.Range(doc.positionAt(lit.exprSpan.start), doc.positionAt(lit.exprSpan.end));
    if (!outcome.ok) return outcome.gaveUp ? new vscode.Hover(trusted(gaveUpMarkdown(outcome.gaveUp, [])), range) : undefined;
    const horizon = outcome.matrix.log10PowerNorms.length - 1;
    return new vscode.Hover(trusted(hoverMarkdown({ ...outcome.matrix, name: '' }, horizon, [])), range);
  }

  /** Documents whose literals are remembered (for leak tests). */
  get cachedDocuments(): number {
    return this.literals.size;
  }
}

export function registerHover(service: AnalysisService): { provider: WeightsHoverProvider; disposable: vscode.Disposable } {
  const provider = new WeightsHoverProvider(service);
  const disposable = vscode.Disposable.from(
    vscode.languages.registerHoverProvider(DATA_SELECTOR, provider),
    vscode.languages.registerHoverProvider(CODE_SELECTOR, provider),
  );
  return { provider, disposable };
}
