/**
 * The panel's strings are `l10n.t(...)` calls from @vscode/l10n (so `l10n-dev export` finds them);
 * the host sends `vscode.l10n.bundle` in `init` and it is loaded here before the first render.
 */
import * as l10n from '@vscode/l10n';
import type { L10nBundle } from '../src/panelProtocol';

export function configureL10n(bundle: L10nBundle | null): void {
  if (bundle && Object.keys(bundle).length > 0) l10n.config({ contents: { ...bundle } });
}
