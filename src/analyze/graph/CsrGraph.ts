/**
 * The weighted, undirected channel graph as compressed sparse rows. Built once; every algorithm reads it.
 * Each undirected edge {u, v} is stored twice (u→v and v→u); there are no self loops.
 */
export interface CsrGraph {
  /** Number of nodes. */
  n: number;
  /** offsets[u]..offsets[u+1] index u's neighbours in `targets` and `weights`; length n + 1. */
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
}

/**
 * Builds a CSR graph from an undirected edge list. Self loops are dropped; an edge listed more than once
 * (in either direction) has its weights summed. Cost O(n + m log d).
 */
export function csrFromEdges(n: number, sources: ArrayLike<number>, targets: ArrayLike<number>, weights: ArrayLike<number>): CsrGraph {
  const m = sources.length;
  const degree = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    const u = sources[e];
    const v = targets[e];
    if (u === v) continue;
    degree[u + 1]++;
    degree[v + 1]++;
  }
  for (let u = 0; u < n; u++) degree[u + 1] += degree[u];
  const cursor = degree.slice(0, n);
  const tgt = new Int32Array(degree[n]);
  const wgt = new Float64Array(degree[n]);
  for (let e = 0; e < m; e++) {
    const u = sources[e];
    const v = targets[e];
    if (u === v) continue;
    tgt[cursor[u]] = v;
    wgt[cursor[u]++] = weights[e];
    tgt[cursor[v]] = u;
    wgt[cursor[v]++] = weights[e];
  }
  return mergeDuplicateNeighbours({ n, offsets: degree, targets: tgt, weights: wgt });
}

/** Sorts each row by neighbour and sums repeated neighbours. */
function mergeDuplicateNeighbours(g: CsrGraph): CsrGraph {
  const { n, offsets, targets, weights } = g;
  const outOffsets = new Int32Array(n + 1);
  let write = 0;
  const order: number[] = [];
  for (let u = 0; u < n; u++) {
    const start = offsets[u];
    const end = offsets[u + 1];
    order.length = 0;
    for (let i = start; i < end; i++) order.push(i);
    order.sort((a, b) => targets[a] - targets[b]);
    const rowTargets = order.map((i) => targets[i]);
    const rowWeights = order.map((i) => weights[i]);
    outOffsets[u] = write;
    for (let k = 0; k < rowTargets.length; k++) {
      if (k > 0 && rowTargets[k] === targets[write - 1] && write > outOffsets[u]) {
        weights[write - 1] += rowWeights[k];
      } else {
        targets[write] = rowTargets[k];
        weights[write] = rowWeights[k];
        write++;
      }
    }
  }
  outOffsets[n] = write;
  return { n, offsets: outOffsets, targets: targets.subarray(0, write), weights: weights.subarray(0, write) };
}

/** Weighted degree (strength) of every node. */
export function strengths(g: CsrGraph): Float64Array {
  const s = new Float64Array(g.n);
  for (let u = 0; u < g.n; u++) {
    let sum = 0;
    for (let i = g.offsets[u]; i < g.offsets[u + 1]; i++) sum += g.weights[i];
    s[u] = sum;
  }
  return s;
}
