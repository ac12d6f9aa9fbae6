/**
 * Addition chains for the horizon's power (linalg/powerChain.ts): every chain is a valid addition
 * chain to K, never longer than binary squaring, and for K < 77 (where Knuth's power tree is
 * optimal) as short as any: an exhaustive search here finds no shorter chain.
 */
import { strict as assert } from 'node:assert';
import { additionChain, binaryChain, type ChainStep } from '../../src/core/linalg/powerChain';

function assertChain(chain: readonly ChainStep[], K: number): void {
  assert.deepEqual(chain[0], { k: 1, a: -1, b: -1 }, `K = ${K}: starts at 1`);
  assert.equal(chain[chain.length - 1]!.k, K, `K = ${K}: ends at K`);
  chain.forEach((c, i) => {
    if (i === 0) return;
    assert.ok(c.a >= 0 && c.b >= 0 && c.a < i && c.b < i, `K = ${K}, element ${i}: earlier operands`);
    assert.ok(chain[c.a]!.k <= chain[c.b]!.k, `K = ${K}, element ${i}: the lower power on the left`);
    assert.equal(c.k, chain[c.a]!.k + chain[c.b]!.k, `K = ${K}, element ${i}: a sum`);
  });
  assert.equal(new Set(chain.map((c) => c.k)).size, chain.length, `K = ${K}: no power made twice`);
}

/** Whether some ascending addition chain reaches K in `steps` steps (every pair of earlier elements tried). */
function reachable(K: number, steps: number, chain: number[] = [1]): boolean {
  const last = chain[chain.length - 1]!;
  if (last === K) return true;
  const left = steps - (chain.length - 1);
  if (left <= 0 || last * 2 ** left < K) return false;
  const tried = new Set<number>();
  for (let i = chain.length - 1; i >= 0; i--)
    for (let j = i; j >= 0; j--) {
      const next = chain[i]! + chain[j]!;
      if (next <= last || next > K || tried.has(next)) continue;
      tried.add(next);
      if (reachable(K, steps, [...chain, next])) return true;
    }
  return false;
}

describe('addition chains for one power', () => {
  it('K = 1..2000 and a few large K: valid chains, never longer than binary squaring', () => {
    for (const K of [...Array.from({ length: 2000 }, (_, i) => i + 1), 4095, 12509, 65535, 65536, 65537, 100000]) {
      const chain = additionChain(K);
      assertChain(chain, K);
      assertChain(binaryChain(K), K);
      assert.ok(chain.length <= binaryChain(K).length, `K = ${K}: ${chain.length - 1} steps, binary ${binaryChain(K).length - 1}`);
    }
  });

  it('K < 77: no addition chain is shorter (exhaustive search)', () => {
    let shorter = 0;
    for (let K = 2; K < 77; K++) {
      const steps = additionChain(K).length - 1;
      assert.equal(reachable(K, steps - 1), false, `K = ${K}: a chain of ${steps - 1} steps exists`);
      if (steps < binaryChain(K).length - 1) shorter++;
    }
    assert.ok(shorter > 0, 'some K below 77 beat binary squaring');
  });

  it('K must be a whole number >= 1', () => {
    assert.throws(() => additionChain(0), /whole number >= 1, got 0/);
    assert.throws(() => additionChain(2.5), /whole number >= 1, got 2.5/);
  });
});
