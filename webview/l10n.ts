/** The panel's strings go through @vscode/l10n with the bundle the host sends in `init`. */
import * as l10n from '@vscode/l10n';
import type { L10nBundle } from '../src/protocol';

export function configureL10n(bundle: L10nBundle | null): void {
  if (bundle && Object.keys(bundle).length > 0) l10n.config({ contents: { ...bundle } });
}

export function t(message: string, ...args: (string | number)[]): string {
  return l10n.t(message, ...args);
}
