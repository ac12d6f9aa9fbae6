/**
 * The page for a file whose only recurrences are modern layers (a Mamba checkpoint, say): the
 * file's header, the status line and the recurrences section, without the matrix cards and charts.
 */
import * as l10n from '@vscode/l10n';
import type { AnalysisReport } from '../../src/core/report';
import { chartSnapshot } from '../charts/view';
import { headerAndStatus } from '../page';
import type { RecurrenceSection } from './section';

export interface RecurrencePage {
  readonly header: HTMLElement;
  readonly status: HTMLElement;
  /** The export buttons (empty when the page is not interactive). */
  readonly toolbar: HTMLElement;
  readonly slot: HTMLElement;
}

export const hasRecurrences = (r: AnalysisReport): boolean => r.recurrences.length > 0 || r.unrecognisedRecurrences.length > 0;

export function buildRecurrencePage(root: HTMLElement): RecurrencePage {
  const { header, status } = headerAndStatus();
  const toolbar = document.createElement('div');
  toolbar.className = 'toolbar';
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', l10n.t('Report actions'));
  const slot = document.createElement('div');
  root.replaceChildren(header, status, toolbar, slot);
  return { header, status, toolbar, slot };
}

export function renderRecurrenceHeader(header: HTMLElement, report: AnalysisReport): void {
  const title = document.createElement('h1');
  title.className = 'file';
  title.textContent = report.file;
  const meta = document.createElement('p');
  meta.className = 'meta';
  const parts: [string, string][] = [
    [l10n.t('Format'), report.format],
    [l10n.t('Recurrent layers'), String(report.recurrences.length)],
  ];
  for (const [k, v] of parts) {
    const item = document.createElement('span');
    item.className = 'meta-item';
    const key = document.createElement('span');
    key.className = 'meta-key';
    key.textContent = `${k}: `;
    const value = document.createElement('span');
    value.className = 'meta-value';
    value.textContent = v;
    item.append(key, value);
    meta.append(item);
  }
  header.replaceChildren(title, meta);
}

/** The section's rows and the selected layer's charts, for tests. */
export function recurrenceProbe(section: RecurrenceSection | null) {
  if (!section) return null;
  return {
    layers: section.views().map((v) => ({
      layer: v.layer,
      kind: v.kind,
      channels: v.channels,
      spectralRadius: v.spectralRadius,
      halfLife: v.halfLife,
      nonDecaying: v.nonDecaying,
      verdict: v.verdict,
      scale: v.scale,
    })),
    charts: section.detail.charts().map(chartSnapshot),
  };
}
