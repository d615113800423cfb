/**
 * Turns an imported edge list (and node list) into the OverlapGraph the rest of the analysis reads. Nodes are the
 * union of both files; a node's size comes from the node list, else its weighted degree. An edge listed more than
 * once (either direction) has its weights summed; shared users are unknown (NaN).
 */
import { csrFromEdges, strengths } from "../graph/CsrGraph.js";
import type { ChannelInfo, DataQualityReport, OverlapGraph } from "../types.js";
import type { EdgeList, NodeList } from "./graphFiles.js";

export const IMPORTED_WEIGHTING = "imported";

export function overlapFromImport(edges: EdgeList, nodes: NodeList | null = null): { overlap: OverlapGraph; report: DataQualityReport } {
  const index = new Map<string, number>();
  const channels: ChannelInfo[] = [];
  const givenSize: number[] = [];
  const addNode = (login: string, label: string, size: number): number => {
    let i = index.get(login);
    if (i === undefined) {
      i = channels.length;
      index.set(login, i);
      channels.push({ login, displayName: label, gameName: null, language: null, maxViewers: null });
      givenSize.push(size);
    } else if (Number.isNaN(givenSize[i]) && !Number.isNaN(size)) {
      givenSize[i] = size;
    }
    return i;
  };
  if (nodes) for (let k = 0; k < nodes.id.length; k++) addNode(nodes.id[k], nodes.label[k], nodes.size[k]);

  // NOTE: pairs keyed as u * 2^26 + v (u < v) stay exact in a double for up to 67M nodes.
  const pairIndex = new Map<number, number>();
  const src: number[] = [];
  const tgt: number[] = [];
  const wgt: number[] = [];
  for (let k = 0; k < edges.source.length; k++) {
    const a = addNode(edges.source[k], edges.source[k], NaN);
    const b = addNode(edges.target[k], edges.target[k], NaN);
    const u = Math.min(a, b);
    const v = Math.max(a, b);
    const key = u * 67108864 + v;
    const e = pairIndex.get(key);
    if (e !== undefined) {
      wgt[e] += edges.weight[k];
    } else {
      pairIndex.set(key, src.length);
      src.push(u);
      tgt.push(v);
      wgt.push(edges.weight[k]);
    }
  }
  const n = channels.length;
  const graph = csrFromEdges(n, src, tgt, wgt);
  // Without a nodes file, a channel's size is its weighted degree.
  const degree = strengths(graph);
  const sizes = new Float64Array(n);
  for (let u = 0; u < n; u++) sizes[u] = Number.isNaN(givenSize[u]) ? degree[u] : givenSize[u];
  const overlap: OverlapGraph = {
    channels,
    sizes,
    graph,
    edges: {
      source: Int32Array.from(src),
      target: Int32Array.from(tgt),
      weight: Float64Array.from(wgt),
      shared: new Float64Array(src.length).fill(NaN),
    },
    weighting: IMPORTED_WEIGHTING,
  };
  const skipped = [{ what: `rows of ${edges.file}`, ...edges.skipped }];
  if (nodes && nodes.file !== edges.file) skipped.push({ what: `rows of ${nodes.file}`, ...nodes.skipped });
  const report: DataQualityReport = {
    rows: edges.source.length + (nodes && nodes.file !== edges.file ? nodes.id.length : 0),
    channels: n,
    users: 0,
    days: 0,
    bySource: {},
    filters: [],
    skipped: skipped.filter((s) => s.count > 0),
  };
  return { overlap, report };
}
