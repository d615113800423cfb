/**
 * The levels Leiden works on: a CSR graph with node weights, the aggregation of one level into the next,
 * and the scratch buffers every level shares.
 */
import { renumberByFirstOccurrence } from "./membership.js";

export /** One level of the hierarchy: CSR without self loops, plus each node's weight in the penalty term. */
interface LevelGraph {
  n: number;
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
  /** Strength (modularity) or number of original nodes (CPM). */
  nodeWeight: Float64Array;
}

export /** Buffers sized to the original graph, reused by every level (levels only shrink). */
interface Scratch {
  neighbourWeight: Float64Array;
  stamp: Int32Array;
  token: number;
  touched: Int32Array;
  queue: Int32Array;
  inQueue: Uint8Array;
  commWeight: Float64Array;
  commCount: Int32Array;
  emptyStack: Int32Array;
  candidateCum: Float64Array;
}

export function createScratch(n: number): Scratch {
  return {
    neighbourWeight: new Float64Array(n),
    stamp: new Int32Array(n),
    token: 0,
    touched: new Int32Array(n),
    queue: new Int32Array(n),
    inQueue: new Uint8Array(n),
    commWeight: new Float64Array(n),
    commCount: new Int32Array(n),
    emptyStack: new Int32Array(n),
    candidateCum: new Float64Array(n),
  };
}

export /** A fresh mark for `stamp`, so per-node scratch needs no clearing. */
function nextToken(s: Scratch): number {
  if (s.token >= 0x3fffffff) {
    s.stamp.fill(0);
    s.token = 0;
  }
  return ++s.token;
}

export /** Collapses each refined cluster into one node; edges between clusters are summed, internal ones dropped. */
function aggregate(g: LevelGraph, refined: Int32Array, s: Scratch): { graph: LevelGraph; clusterOf: Int32Array } {
  const { n, offsets, targets, weights, nodeWeight } = g;
  const { membership: clusterOf, count: k } = renumberByFirstOccurrence(refined);
  const start = new Int32Array(k + 1);
  for (let v = 0; v < n; v++) start[clusterOf[v] + 1]++;
  for (let c = 0; c < k; c++) start[c + 1] += start[c];
  const members = new Int32Array(n);
  const cursor = start.slice(0, k);
  for (let v = 0; v < n; v++) members[cursor[clusterOf[v]]++] = v;
  const coarseOffsets = new Int32Array(k + 1);
  const coarseTargets = new Int32Array(targets.length);
  const coarseWeights = new Float64Array(targets.length);
  const coarseNodeWeight = new Float64Array(k);
  const { neighbourWeight, stamp, touched } = s;
  let write = 0;
  for (let c = 0; c < k; c++) {
    const token = nextToken(s);
    let count = 0;
    for (let j = start[c]; j < start[c + 1]; j++) {
      const v = members[j];
      coarseNodeWeight[c] += nodeWeight[v];
      for (let i = offsets[v]; i < offsets[v + 1]; i++) {
        const d = clusterOf[targets[i]];
        if (d === c) continue;
        if (stamp[d] !== token) {
          stamp[d] = token;
          neighbourWeight[d] = 0;
          touched[count++] = d;
        }
        neighbourWeight[d] += weights[i];
      }
    }
    for (let j = 0; j < count; j++) {
      coarseTargets[write] = touched[j];
      coarseWeights[write++] = neighbourWeight[touched[j]];
    }
    coarseOffsets[c + 1] = write;
  }
  const graph: LevelGraph = {
    n: k,
    offsets: coarseOffsets,
    targets: coarseTargets.subarray(0, write),
    weights: coarseWeights.subarray(0, write),
    nodeWeight: coarseNodeWeight,
  };
  return { graph, clusterOf };
}
