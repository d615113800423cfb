/**
 * The disparity filter (Serrano, Boguñá & Vespignani 2009, "Extracting the multiscale backbone of complex weighted
 * networks", PNAS 106:6483). For node i with degree k and strength s, edge (i, j) of weight w is significant for i
 * when (1 - w/s)^(k-1) < alpha: its weight is unlikely under a uniform split of i's strength. An edge is kept when
 * significant for either endpoint. A node of degree 1 cannot make its edge significant (the test is undefined);
 * such an edge stays only if its other endpoint keeps it.
 */
import type { EdgeList } from "./buildOverlapGraph.js";

export function disparityBackbone(nodeCount: number, edges: EdgeList, alpha: number): EdgeList {
  const m = edges.source.length;
  const strength = new Float64Array(nodeCount);
  const degree = new Int32Array(nodeCount);
  for (let e = 0; e < m; e++) {
    strength[edges.source[e]] += edges.weight[e];
    strength[edges.target[e]] += edges.weight[e];
    degree[edges.source[e]]++;
    degree[edges.target[e]]++;
  }
  const significantFor = (v: number, w: number) => degree[v] > 1 && strength[v] > 0 && Math.pow(1 - w / strength[v], degree[v] - 1) < alpha;
  const keep: number[] = [];
  for (let e = 0; e < m; e++) {
    const w = edges.weight[e];
    if (significantFor(edges.source[e], w) || significantFor(edges.target[e], w)) keep.push(e);
  }
  const pick = <T extends Int32Array | Float64Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(keep.length);
    for (let k = 0; k < keep.length; k++) out[k] = a[keep[k]];
    return out;
  };
  return { source: pick(edges.source), target: pick(edges.target), weight: pick(edges.weight), shared: pick(edges.shared) };
}
