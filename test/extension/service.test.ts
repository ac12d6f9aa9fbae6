import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisOutcome } from '../../src/extension/analysisService';
import { createAnalysisService } from '../../src/extension/service';
import { api, scratchDir, waitFor, wsFile } from './editorHelpers';
import { extension } from './manifest';

const workerScript = (): string => path.join(extension().extensionPath, 'dist', 'worker.js');

/** A k x k diagonal matrix with entries r: spectral radius r, so each version is recognisable. */
function diag(k: number, r: number): string {
  const rows = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? r : 0)));
  return JSON.stringify({ W_hh: rows }, null, 1);
}

const rho = (o: AnalysisOutcome): number | null | undefined => (o.ok ? o.report.matrices[0]?.spectralRadius : undefined);

describe('analysis service', () => {
  it('caches by file version: a second request is answered from the cache, a rewrite is not', async () => {
    const service = createAnalysisService({ workerScript: workerScript() });
    try {
      const dir = await scratchDir('cache');
      const uri = vscode.Uri.joinPath(dir, 'w.json');
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(diag(4, 0.5)));
      const a = await service.analyze({ uri });
      const b = await service.analyze({ uri });
      assert.equal(rho(a), 0.5);
      assert.ok(a.ok && b.ok && a.report === b.report, 'the same report object: a cache hit');
      await new Promise((r) => setTimeout(r, 20));
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(diag(4, 0.7)));
      assert.equal(rho(await service.analyze({ uri })), 0.7);
      const c = await service.analyze({ uri, options: { horizon: 7 } });
      assert.ok(c.ok && c.report.horizon === 7, 'options are part of the key');
    } finally {
      service.dispose();
    }
  });

  it('analyses the unsaved text of an open editor', async () => {
    const { service } = await api();
    const dir = await scratchDir('dirty');
    const uri = vscode.Uri.joinPath(dir, 'w.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(diag(3, 0.5)));
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), diag(3, 1.5));
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(doc.isDirty);
    const out = await service.analyze({ uri });
    assert.equal(rho(out), 1.5);
    assert.ok(out.ok && out.version.startsWith('doc:'));
    await vscode.commands.executeCommand('workbench.action.files.revert', uri).then(undefined, () => undefined);
  });

  it('lets the newest request win: an older version never overwrites a newer one', async () => {
    const service = createAnalysisService({ workerScript: workerScript() });
    try {
      const dir = await scratchDir('newest');
      const uri = vscode.Uri.joinPath(dir, 'w.json');
      const results: (number | null | undefined)[] = [];
      const pending: Promise<void>[] = [];
      for (let v = 1; v <= 8; v++) {
        fs.writeFileSync(uri.fsPath, diag(60, v / 10));
        pending.push(service.analyze({ uri, channel: 'panel' }).then((o) => void results.push(o.ok ? rho(o) : o.cancelled ? undefined : -1)));
        await new Promise((r) => setTimeout(r, 5));
      }
      await Promise.all(pending);
      assert.ok(!results.includes(-1), `no request failed: ${results.join(', ')}`);
      const shown = results.filter((x): x is number => typeof x === 'number');
      assert.deepEqual(shown, [...shown].sort((x, y) => x - y), `results only move forward: ${shown.join(', ')}`);
      assert.equal(shown.at(-1), 0.8, 'the last version is what ends up shown');
    } finally {
      service.dispose();
    }
  });

  it('never shows a torn file while a training loop rewrites it 20 times a second', async () => {
    const service = createAnalysisService({ workerScript: workerScript() });
    const dir = await scratchDir('torn');
    const uri = vscode.Uri.joinPath(dir, 'ckpt.json');
    const versions = [0.3, 0.6, 0.9];
    fs.writeFileSync(uri.fsPath, diag(40, versions[0] as number));
    let writes = 0;
    let stop = false;
    // Each write first leaves a half-written file on disk for a few milliseconds.
    const writer = (async () => {
      while (!stop) {
        const full = diag(40, versions[writes % versions.length] as number);
        fs.writeFileSync(uri.fsPath, full.slice(0, full.length >> 1));
        await new Promise((r) => setTimeout(r, 3));
        fs.writeFileSync(uri.fsPath, full);
        writes++;
        await new Promise((r) => setTimeout(r, 47));
      }
    })();
    const seen: string[] = [];
    try {
      const t0 = Date.now();
      while (Date.now() - t0 < 3000) {
        const o = await service.analyze({ uri });
        seen.push(o.ok ? String(rho(o)) : o.cancelled ? 'cancelled' : `error: ${o.message}`);
      }
    } finally {
      stop = true;
      await writer;
    }
    const final = versions[(writes - 1) % versions.length];
    const torn = seen.filter((s) => s.startsWith('error') || (s !== 'cancelled' && !versions.map(String).includes(s)));
    assert.deepEqual(torn, [], `torn or unknown results among ${seen.length}`);
    assert.ok(writes >= 40, `the writer wrote ${writes} times`);
    console.log(`[torn-read] ${seen.length} results during ${writes} half-then-whole rewrites: ${seen.filter((x) => x === 'cancelled').length} superseded, ${torn.length} torn or stale`);
    await waitFor('the final version', async () => rho(await service.analyze({ uri })), (r) => r === final);
    service.dispose();
  });

  it('starts one worker before any request, and the first analysis runs on it', async () => {
    const service = createAnalysisService({ workerScript: workerScript() });
    try {
      assert.equal(service.stats().liveWorkers, 1, 'a worker waits from the start');
      const out = await service.analyze({ uri: wsFile('examples', 'exploding.json') });
      assert.ok(out.ok);
      assert.equal(service.stats().liveWorkers, 1, 'no second worker was started for it');
    } finally {
      service.dispose();
    }
    assert.equal(service.stats().liveWorkers, 0);
  });

  it('with warm-up off, starts no worker until the first request, and none stays after it', async () => {
    const service = createAnalysisService({ workerScript: workerScript(), warmUp: false });
    try {
      assert.equal(service.stats().liveWorkers, 0, 'no worker before a request');
      const out = await service.analyze({ uri: wsFile('examples', 'exploding.json') });
      assert.ok(out.ok);
      assert.equal(service.stats().liveWorkers, 1, 'the request started one');
    } finally {
      service.dispose();
    }
    assert.equal(service.stats().liveWorkers, 0);
  });

  it('leaves no worker, watcher, listener or timer behind after dispose', async () => {
    const service = createAnalysisService({ workerScript: workerScript() });
    const out = await Promise.all([
      service.analyze({ uri: wsFile('examples', 'exploding.json') }),
      service.analyze({ uri: wsFile('examples', 'vanishing.npy') }),
      service.analyzeRows([[0.5, 0], [0, 0.5]], 'W'),
    ]);
    assert.ok(out.every((o) => o.ok));
    const live = service.stats();
    assert.equal(live.liveWorkers, 1);
    assert.equal(live.watchers, 1);
    assert.equal(live.inFlight, 0);
    assert.equal(live.trackedKeys, 0);
    service.dispose();
    const after = service.stats();
    assert.deepEqual(
      { ...after },
      { liveWorkers: 0, pendingJobs: 0, inFlight: 0, trackedKeys: 0, cacheEntries: 0, watchers: 0, siblingWatchers: 0, listeners: 0, timers: 0 },
    );
  });

  it('keeps the extension’s own service lean between requests', async () => {
    const a = await api();
    await a.service.analyze({ uri: wsFile('examples', 'exploding.json') });
    const s = a.stats();
    assert.ok(s.liveWorkers <= 1, `workers: ${s.liveWorkers}`);
    assert.equal(s.watchers, 1);
    assert.equal(s.inFlight, 0);
  });

  it('refuses a file over the size limit without reading it, naming the setting', async () => {
    const service = createAnalysisService({ workerScript: workerScript() });
    try {
      await vscode.workspace.getConfiguration('rnnGradientLens').update('maxFileSizeMB', 1, vscode.ConfigurationTarget.Global);
      const dir = await scratchDir('huge');
      const uri = vscode.Uri.joinPath(dir, 'big.json');
      fs.writeFileSync(uri.fsPath, diag(600, 0.5)); // ~1.8 MB of text
      const o = await service.analyze({ uri });
      assert.ok(!o.ok);
      assert.match(o.message, /rnnGradientLens\.maxFileSizeMB/);
    } finally {
      await vscode.workspace.getConfiguration('rnnGradientLens').update('maxFileSizeMB', undefined, vscode.ConfigurationTarget.Global);
      service.dispose();
    }
  });
});
