/**
 * log10 ||W^k|| at moderate n against numpy: the matrices are rebuilt from the seeds in
 * test/fixtures/power/expected.json (scripts/fixtures/make_power_fixtures.py replays the core's
 * mulberry32 with integer arithmetic, so both sides hold the same bits).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eigenvalues, powerNormsLog10 } from '../../src/core/linalg';
import { mulberry32 } from '../../src/core/random';
import type { Matrix } from '../../src/core/matrix';

interface PowerCase {
  n: number;
  seed: number;
  scale: number;
  shift: number;
  entrySum: number;
  firstEntries: number[];
  log10PowerNorms: number[];
}

const doc = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'power', 'expected.json'), 'utf8')) as { cases: Record<string, PowerCase> };

function rebuild(c: PowerCase): Matrix {
  const u = mulberry32(c.seed);
  const data = new Float64Array(c.n * c.n);
  for (let i = 0; i < c.n; i++) for (let j = 0; j < c.n; j++) data[i * c.n + j] = c.scale * (2 * u() - 1) + (j === i + 1 ? c.shift : 0);
  return { rows: c.n, cols: c.n, data };
}

function within(got: (number | null)[], want: number[], tol: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  want.forEach((w, k) => {
    const g = got[k];
    assert.ok(g !== null && g !== undefined && Math.abs(g - w) <= tol, `${what}: k=${k}: ${g} vs numpy ${w}`);
  });
}

describe('power norms at moderate n against numpy (seeded fixtures)', function () {
  this.timeout(120000);
  for (const [name, c] of Object.entries(doc.cases)) {
    describe(`${name} (n = ${c.n})`, () => {
      const W = rebuild(c);
      it('the rebuilt matrix is the generator\'s', () => {
        assert.deepEqual(Array.from(W.data.subarray(0, 4)), c.firstEntries);
        const sum = W.data.reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(sum - c.entrySum) <= 1e-9, `sum ${sum} vs ${c.entrySum}`);
      });
      it('WebAssembly products and norms: every k = 0..60 within 1e-9 of numpy, exact', () => {
        const r = powerNormsLog10(W, c.log10PowerNorms.length - 1);
        assert.equal(r.method, 'exact');
        within(r.values, c.log10PowerNorms, 1e-9, name);
      });
      it('TypeScript loops: the same, and the Hessenberg form from the eigenvalue solver serves', () => {
        const e = eigenvalues(W, { keepHessenberg: true });
        const r = powerNormsLog10(W, c.log10PowerNorms.length - 1, { wasmNorms: false, ...(e.hessenberg ? { hessenberg: e.hessenberg } : {}) });
        within(r.values, c.log10PowerNorms, 1e-9, `${name} (TypeScript)`);
      });
    });
  }
});
