/**
 * The banner of a matrix read from a paused debugger: the expression and the frame it was read in,
 * whether the program has moved on since, and a Refresh button that reads it again.
 */
import * as l10n from '@vscode/l10n';
import { button } from './page';

export function showLive(root: HTMLElement, text: string, stale: boolean, refresh: () => void): void {
  let banner = root.querySelector<HTMLElement>('.live-banner');
  if (!banner) {
    banner = document.createElement('div');
    banner.className = 'live-banner';
    banner.setAttribute('role', 'status');
    const label = document.createElement('span');
    label.className = 'live-text';
    banner.append(label, button(l10n.t('Refresh'), refresh, false));
    root.prepend(banner);
  }
  banner.classList.toggle('live-stale', stale);
  const label = banner.querySelector('.live-text');
  if (label) label.textContent = text;
}
