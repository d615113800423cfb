/**
 * Small named graphs for community tests, and a planted-partition generator for tests and benchmarks.
 */
import { type CsrGraph, csrFromEdges } from "../../src/analyze/graph/CsrGraph.js";
import { type Rng } from "../../src/core/rng.js";

/** Two cliques of `size` nodes (0..size-1 and size..2size-1) joined by one edge between node 0 and node size. */
export function twoCliquesJoined(size: number, weight = 1): CsrGraph {
  const s: number[] = [];
  const t: number[] = [];
  for (const base of [0, size]) {
    for (let i = 0; i < size; i++) {
      for (let j = i + 1; j < size; j++) {
        s.push(base + i);
        t.push(base + j);
      }
    }
  }
  s.push(0);
  t.push(size);
  return csrFromEdges(2 * size, s, t, new Array(s.length).fill(weight));
}

/** Zachary's karate club (1977): 34 members, 78 friendships; node 0 is the instructor, node 33 the officer. */
export const KARATE_EDGES: readonly [number, number][] = [
  [0, 1], [0, 2], [0, 3], [0, 4], [0, 5], [0, 6], [0, 7], [0, 8], [0, 10], [0, 11], [0, 12], [0, 13], [0, 17], [0, 19],
  [0, 21], [0, 31], [1, 2], [1, 3], [1, 7], [1, 13], [1, 17], [1, 19], [1, 21], [1, 30], [2, 3], [2, 7], [2, 8], [2, 9],
  [2, 13], [2, 27], [2, 28], [2, 32], [3, 7], [3, 12], [3, 13], [4, 6], [4, 10], [5, 6], [5, 10], [5, 16], [6, 16],
  [8, 30], [8, 32], [8, 33], [9, 33], [13, 33], [14, 32], [14, 33], [15, 32], [15, 33], [18, 32], [18, 33], [19, 33],
  [20, 32], [20, 33], [22, 32], [22, 33], [23, 25], [23, 27], [23, 29], [23, 32], [23, 33], [24, 25], [24, 27],
  [24, 31], [25, 31], [26, 29], [26, 33], [27, 33], [28, 31], [28, 33], [29, 32], [29, 33], [30, 32], [30, 33],
  [31, 32], [31, 33], [32, 33],
];

/** Best known modularity of the karate club (4 communities; Brandes et al. 2008). */
export const KARATE_BEST_MODULARITY = 0.4198;

export function karateClub(): CsrGraph {
  return csrFromEdges(
    34,
    KARATE_EDGES.map((e) => e[0]),
    KARATE_EDGES.map((e) => e[1]),
    KARATE_EDGES.map(() => 1),
  );
}

/**
 * A planted partition: `n` nodes in `groups` equal groups (node v in group v % groups), about `inDegree`
 * neighbours per node inside its group and `outDegree` outside, weights 1..100. Edges are sampled, never
 * enumerated over all pairs.
 */
export function plantedPartition(n: number, groups: number, inDegree: number, outDegree: number, rng: Rng): { graph: CsrGraph; truth: Int32Array } {
  const s: number[] = [];
  const t: number[] = [];
  const w: number[] = [];
  const addEdge = (a: number, b: number): void => {
    s.push(a);
    t.push(b);
    w.push(1 + Math.floor(rng() * 100));
  };
  const perGroup = Math.ceil(n / groups);
  for (let v = 0; v < n; v++) {
    const g = v % groups;
    for (let k = 0; k < inDegree / 2; k++) {
      const u = g + groups * Math.floor(rng() * perGroup);
      if (u < n && u !== v) addEdge(v, u);
    }
    for (let k = 0; k < outDegree / 2; k++) {
      const u = Math.floor(rng() * n);
      if (u % groups !== g) addEdge(v, u);
    }
  }
  const truth = Int32Array.from({ length: n }, (_, v) => v % groups);
  return { graph: csrFromEdges(n, s, t, w), truth };
}
