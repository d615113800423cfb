/**
 * Pure writers for the files of a run folder (ARCHITECTURE.md, "Run outputs"): each turns run records into the
 * text of one file. Channel-level aggregates only.
 */
import { UndirectedGraph } from "graphology";
import { write as writeGexf } from "graphology-gexf";
import type { CommunityInfo, RunEdge, RunNode, RunResult, RunSummary } from "../../core/index.js";
import { csvLine } from "./csv.js";

/** File names inside analysis/run=<id>/. */
export const RUN_FILES = {
  summary: "summary.json",
  nodes: "nodes.csv",
  edges: "edges.csv",
  communities: "communities.json",
  gexf: "graph.gexf",
} as const;

export const NODES_CSV_HEADER = ["id", "label", "community", "size", "game", "language"];
export const EDGES_CSV_HEADER = ["source", "target", "weight", "shared", "share_source", "share_target"];

/** nodes.csv: id (login), label, community (-1 unassigned), size (unique users), game, language. */
export function toNodesCsv(nodes: RunNode[]): string {
  let out = csvLine(NODES_CSV_HEADER);
  for (const n of nodes) out += csvLine([n.id, n.label, n.community, n.size, n.game, n.language]);
  return out;
}

/** edges.csv: each undirected edge once; shared and the two shares are empty when unknown (imported graphs). */
export function toEdgesCsv(edges: RunEdge[]): string {
  let out = csvLine(EDGES_CSV_HEADER);
  for (const e of edges) out += csvLine([e.source, e.target, e.weight, e.shared, e.shareSource, e.shareTarget]);
  return out;
}

export function toCommunitiesJson(communities: CommunityInfo[]): string {
  return JSON.stringify(communities, null, 2) + "\n";
}

export function toSummaryJson(summary: RunSummary): string {
  return JSON.stringify(summary, null, 2) + "\n";
}

/**
 * graph.gexf for Gephi: undirected, edge weights, node attributes community, size, game, language, label.
 * No viz:size, so `size` reads back as the audience (Gephi sizes nodes by the attribute when asked).
 */
export function toGexf(run: Pick<RunResult, "nodes" | "edges" | "summary">): string {
  const graph = new UndirectedGraph();
  for (const n of run.nodes) {
    graph.addNode(n.id, { label: n.label, community: n.community, size: n.size, game: n.game ?? "", language: n.language ?? "" });
  }
  for (const e of run.edges) graph.mergeEdge(e.source, e.target, { weight: e.weight });
  return writeGexf(graph, {
    formatNode: (_key, a) => ({
      label: a.label as string,
      attributes: { community: a.community, size: a.size, game: a.game, language: a.language, label: a.label },
    }),
    formatEdge: (_key, a) => ({ weight: a.weight as number }),
  });
}
