/**
 * The analysis panel in headless Chromium (the real bundle behind the production CSP): time to
 * load the bundle, time from the `init` message to the first frame with the report, and the redraw
 * time after a control moves (input event → next animation frame), for n = 256, T = 200.
 * Goal: a control change redraws in ≤ 50 ms.
 */
import { existsSync } from 'node:fs';
import type { BenchContext, BenchRow, BenchSuite } from '../types';
import { sampleFixture } from '../../test/webview/fixture';
import { launch, openPanel } from '../../test/webview/harness';

const N = 256;
const T = 200;
const GOAL_MS = 50;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** In the page: move the slider labelled `label` through `values`, timing each to the next frame. */
function sliderScript(label: string, values: readonly number[]): string {
  return `(async () => {
    const lab = [...document.querySelectorAll('label')].find((l) => l.textContent === ${JSON.stringify(label)});
    const el = document.getElementById(lab.htmlFor);
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const first = [];
    const settled = [];
    const sync = [];
    for (const v of ${JSON.stringify(values)}) {
      const t0 = performance.now();
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      sync.push(window.__rgl.lastRenderMs());
      await frame();
      first.push(performance.now() - t0);
      while (window.__rgl.settling()) await new Promise((r) => setTimeout(r, 0));
      await frame();
      settled.push(performance.now() - t0);
    }
    return { first, settled, sync };
  })()`;
}

export const panelSuite: BenchSuite = {
  name: 'panel',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const group = 'panel (Chromium)';
    if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
      return [{ group, name: 'all', ours: 0, note: 'chromium not found (apt-get install chromium)' }];
    }
    ctx.log(`analysing a ${N}x${N} matrix, T = ${T}`);
    const f = sampleFixture({ n: N, horizon: T });
    const init = JSON.stringify({ type: 'init', report: f.report, matrix: f.matrix, l10n: null, state: f.state, interactive: true });
    const browser = await launch();
    try {
      const loads: number[] = [];
      const firsts: number[] = [];
      const runs = Math.max(3, ctx.runs);
      let last = null as Awaited<ReturnType<typeof openPanel>> | null;
      for (let r = 0; r < runs; r++) {
        await last?.page.context().close();
        last = await openPanel(browser, 'vscode-dark');
        loads.push(await last.page.evaluate<number>('window.__readyAt'));
        firsts.push(
          await last.page.evaluate<number>(`(async () => {
            const t0 = performance.now();
            window.postMessage(${init}, '*');
            while (!document.querySelector('#app[aria-busy="false"] .card')) await new Promise((r) => setTimeout(r, 1));
            await new Promise((r) => requestAnimationFrame(() => r()));
            return performance.now() - t0;
          })()`),
        );
      }
      const page = last!.page;
      const sweep = (from: number, to: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1));
      const cases: [string, string, number[]][] = [
        ['clipping τ', 'Clipping threshold τ', sweep(-2, 2, 21)],
        ['scale on W', 'Scale factor on W', sweep(-0.3, 0.3, 21)],
        ['forget bias', 'LSTM forget-gate bias b_f', sweep(-2, 4, 21)],
        ['horizon T', 'Horizon T', sweep(150, 200, 21).map(Math.round)],
      ];
      const rows: BenchRow[] = [
        { group, name: 'bundle load → ready', ours: median(loads), note: 'navigation start to the ready message' },
        { group, name: `init → first frame, n=${N}, T=${T}`, ours: median(firsts), note: 'cards, 5 equations, 5 charts' },
      ];
      for (const [name, label, values] of cases) {
        const times = await page.evaluate<{ first: number[]; settled: number[]; sync: number[] }>(sliderScript(label, values));
        const ms = median(times.first.slice(1));
        const all = median(times.settled.slice(1));
        const count = times.first.length - 1;
        rows.push({ group, name: `redraw after ${name}, n=${N}, T=${T}`, ours: ms, goal: `<= ${GOAL_MS} ms`, holds: ms <= GOAL_MS, note: `input → next frame, median of ${count}; of which ${median(times.sync.slice(1)).toFixed(0)} ms recompute + chart draw` });
        rows.push({ group, name: `… and the tanh curve and equations too`, ours: all, note: `input → frame after the deferred part, median of ${count}` });
      }
      return rows;
    } finally {
      await browser.close();
    }
  },
};
