/**
 * A channel's overlapping channels, from the web bundle's edge list: an adjacency index (CSR over the bundle's
 * node indices) built once per run, then each channel's top neighbours by shared users. Pure, so the browser
 * app and the server's channel API give the same answer.
 */
import type { BundleEdge, BundleNode } from "./bundleTypes.js";

export interface BundleAdjacency {
  /** Neighbours of node i: nodes[offsets[i] .. offsets[i+1]) of `neighbour`, with the bundle edge index beside. */
  offsets: Int32Array;
  neighbour: Int32Array;
  edge: Int32Array;
}

export interface Neighbour {
  /** Index into the bundle's nodes. */
  index: number;
  id: string;
  label: string;
  community: number;
  weight: number;
  /** Unique shared users, null when the run does not know them (imported graphs). */
  shared: number | null;
  /** |A∩B| / |A|: the share of the chosen channel's audience also in this one. */
  shareOfChannel: number | null;
  /** |A∩B| / |B|: the share of this channel's audience also in the chosen one. */
  shareOfNeighbour: number | null;
}

export function buildAdjacency(nodeCount: number, edges: readonly BundleEdge[]): BundleAdjacency {
  const offsets = new Int32Array(nodeCount + 1);
  for (const e of edges) {
    offsets[e[0] + 1]++;
    offsets[e[1] + 1]++;
  }
  for (let i = 0; i < nodeCount; i++) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, nodeCount);
  const neighbour = new Int32Array(offsets[nodeCount]);
  const edge = new Int32Array(offsets[nodeCount]);
  for (let k = 0; k < edges.length; k++) {
    const [a, b] = edges[k];
    neighbour[fill[a]] = b;
    edge[fill[a]++] = k;
    neighbour[fill[b]] = a;
    edge[fill[b]++] = k;
  }
  return { offsets, neighbour, edge };
}

/** How neighbours rank: shared users (the weight when those are unknown), then login, so the order is stable. */
export function compareNeighbours(a: Neighbour, b: Neighbour): number {
  const sa = a.shared ?? a.weight;
  const sb = b.shared ?? b.weight;
  if (sa !== sb) return sb - sa;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The `limit` strongest neighbours of node `index`, strongest first (all of them when limit is Infinity). */
export function topNeighbours(
  adjacency: BundleAdjacency,
  nodes: readonly BundleNode[],
  edges: readonly BundleEdge[],
  index: number,
  limit = 10,
): Neighbour[] {
  const all: Neighbour[] = [];
  for (let p = adjacency.offsets[index]; p < adjacency.offsets[index + 1]; p++) {
    const j = adjacency.neighbour[p];
    const [source, , weight, shared, shareSource, shareTarget] = edges[adjacency.edge[p]];
    const isSource = source === index;
    const node = nodes[j];
    all.push({
      index: j,
      id: node[0],
      label: node[1],
      community: node[2],
      weight,
      shared,
      shareOfChannel: isSource ? shareSource : shareTarget,
      shareOfNeighbour: isSource ? shareTarget : shareSource,
    });
  }
  all.sort(compareNeighbours);
  return all.length > limit ? all.slice(0, limit) : all;
}
