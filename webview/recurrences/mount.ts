/**
 * Where the recurrences section lives: above a matrix's charts when the file has matrices too,
 * or alone on its own page (a Mamba checkpoint). The kind picker asks the host to read again.
 */
import type { AnalysisReport } from '../../src/core/report';
import type { RecurrenceKind } from '../../src/core/recurrences/types';
import type { PanelState } from '../../src/panelProtocol';
import { button, showStatus } from '../page';
import { readPalette, watchTheme, type Palette } from '../theme';
import { buildRecurrencePage, hasRecurrences, recurrenceProbe, renderRecurrenceHeader, type RecurrencePage } from './page';
import * as l10n from '@vscode/l10n';
import { createRecurrenceSection, kindRow, type RecurrenceSection } from './section';

/** For a file with no layer found by name: a folded line that offers the kind picker. */
function noneFound(kind: RecurrenceKind | null, pick: (k: RecurrenceKind | null) => void): HTMLElement {
  const details = document.createElement('details');
  details.className = 'rec-none';
  const summary = document.createElement('summary');
  summary.textContent = kind === null ? l10n.t('Modern recurrent layers: none found by tensor names') : l10n.t('Modern recurrent layers: none read as {0}', kind);
  details.append(summary);
  const row = kindRow(details, pick);
  if (kind !== null) row.select.value = kind;
  details.open = kind !== null;
  return details;
}

export interface RecurrenceMount {
  /**
   * On the matrix page: the section in `slot`, against the controls' horizon (redrawn when T moved
   * or `force`); with no layer found, the kind picker alone in `footer`.
   */
  drawIn(
    slot: HTMLElement,
    footer: HTMLElement,
    report: AnalysisReport,
    horizon: number,
    palette: Palette,
    kind: RecurrenceKind | null,
    interactive: boolean,
    force: boolean,
  ): void;
  /** The page of a file with recurrent layers and no matrix (replaces whatever `root` held). */
  showAlone(report: AnalysisReport, state: PanelState, interactive: boolean): void;
  /** The matrix page took over `root`. */
  leave(): void;
  /** The status line of the page of its own, if that is on screen. */
  status(): HTMLElement | null;
  probe(): ReturnType<typeof recurrenceProbe>;
}

export function createRecurrenceMount(
  root: HTMLElement,
  matrixState: () => PanelState | null,
  post: (state: PanelState) => void,
  exportReport: (kind: 'markdown' | 'json', report: AnalysisReport) => void,
): RecurrenceMount {
  let section: RecurrenceSection | null = null;
  let page: (RecurrencePage & { state: PanelState; report: AnalysisReport }) | null = null;
  let key = '';

  const setKind = (kind: RecurrenceKind | null): void => {
    const base = page?.state ?? matrixState();
    if (!base) return;
    const { recurrenceKind: _, ...rest } = base;
    const state: PanelState = kind === null ? rest : { ...rest, recurrenceKind: kind };
    if (page) page.state = state;
    post(state);
  };
  const sectionFor = (interactive: boolean): RecurrenceSection => (section ??= createRecurrenceSection(interactive ? { kind: setKind } : {}));

  return {
    drawIn(slot, footer, report, horizon, palette, kind, interactive, force) {
      if (force) footer.replaceChildren();
      if (!hasRecurrences(report)) {
        slot.replaceChildren();
        if (force && interactive) footer.replaceChildren(noneFound(kind, setKind));
        key = '';
        return;
      }
      if (!force && key === `${horizon}`) return;
      key = `${horizon}`;
      const s = sectionFor(interactive);
      if (s.element.parentElement !== slot) slot.replaceChildren(s.element);
      s.update(report, horizon, palette, kind);
    },
    showAlone(report, state, interactive) {
      const s = sectionFor(interactive);
      if (!page) {
        page = { ...buildRecurrencePage(root), state, report };
        page.slot.append(s.element);
        if (interactive) {
          const p = page;
          p.toolbar.append(button(l10n.t('Export Markdown'), () => exportReport('markdown', p.report)), button(l10n.t('Export JSON'), () => exportReport('json', p.report)));
        }
        watchTheme((p) => page && s.update(page.report, page.report.horizon, p, page.state.recurrenceKind ?? null));
      }
      page.state = state;
      page.report = report;
      renderRecurrenceHeader(page.header, report);
      showStatus(page.status, 'none', '');
      s.update(report, report.horizon, readPalette(), state.recurrenceKind ?? null);
      key = '';
    },
    leave() {
      page = null;
      key = '';
    },
    status: () => page?.status ?? null,
    probe: () => recurrenceProbe(section),
  };
}
