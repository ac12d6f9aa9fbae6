/**
 * Short addition chains for one power H^K: 1 = c_0, c_1, ..., c_m = K, each c_i the sum of two
 * earlier elements (or twice one), so that H^K costs m products of powers. Binary squaring takes
 * floor(log2 K) + popcount(K) - 1 products (8 for K = 60); a shortest chain can take fewer (7:
 * 1 2 4 8 16 20 40 60), and at n = 256 each product is about n^3 / 6 multiply-adds. Knuth's power
 * tree gives a shortest chain for every K below 77 and a short one beyond, in about K log2 K
 * steps; the binary chain where it is not shorter, and for K beyond the tree's size.
 */

/** Element `k` = element a + element b (indices into the chain, a's exponent <= b's); the first element is 1 (a = b = -1). */
export interface ChainStep {
  readonly k: number;
  readonly a: number;
  readonly b: number;
}

/** Largest K given a power tree (its arrays hold K + 1 entries; building it costs about K log2 K steps). */
const TREE_UP_TO = 1 << 16;

const chains = new Map<number, readonly ChainStep[]>();

/** A short addition chain ending at K (a whole number >= 1), cached per K. */
export function additionChain(K: number): readonly ChainStep[] {
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`additionChain: K must be a whole number >= 1, got ${K}`);
  let chain = chains.get(K);
  if (chain === undefined) {
    const binary = binaryChain(K);
    const tree = K <= TREE_UP_TO ? powerTreeChain(K) : undefined;
    chain = tree !== undefined && tree.length < binary.length ? tree : binary;
    chains.set(K, chain);
  }
  return chain;
}

/** Squares 1, 2, 4, ..., then K's binary digits added lowest first. */
export function binaryChain(K: number): ChainStep[] {
  const chain: ChainStep[] = [{ k: 1, a: -1, b: -1 }];
  while (2 * chain[chain.length - 1]!.k <= K) chain.push({ k: 2 * chain[chain.length - 1]!.k, a: chain.length - 1, b: chain.length - 1 });
  const squares = chain.length;
  let acc = -1;
  for (let j = 0; j < squares; j++) {
    if (((K >> j) & 1) === 0) continue;
    if (acc >= 0) {
      chain.push({ k: chain[acc]!.k + chain[j]!.k, a: acc, b: j });
      acc = chain.length - 1;
    } else acc = j;
  }
  return chain;
}

/**
 * The path to K in Knuth's power tree (TAOCP 4.6.3): level by level, each node n, left to right,
 * gets the children n + a for every a on its own path from the root, in that order, unless the
 * value is already in the tree. Every value enters once, so the loops end.
 */
function powerTreeChain(K: number): ChainStep[] | undefined {
  const parent = new Int32Array(K + 1).fill(-1);
  parent[1] = 0;
  let level = [1];
  const pathOf = (v: number): number[] => {
    const path: number[] = [];
    for (let x = v; x >= 1; x = parent[x]!) path.push(x);
    return path.reverse();
  };
  while (parent[K] === -1 && level.length > 0) {
    const next: number[] = [];
    for (const n of level) {
      for (const a of pathOf(n)) {
        const c = n + a;
        if (c > K || parent[c] !== -1) continue;
        parent[c] = n;
        next.push(c);
      }
    }
    level = next;
  }
  if (parent[K] === -1) return undefined;
  const path = pathOf(K);
  const index = new Map(path.map((v, i) => [v, i]));
  return path.map((v, i) => {
    if (i === 0) return { k: 1, a: -1, b: -1 };
    const other = index.get(v - path[i - 1]!)!;
    return { k: v, a: Math.min(other, i - 1), b: Math.max(other, i - 1) };
  });
}
