/**
 * Pure writers for the files of a run folder (ARCHITECTURE.md, "Run outputs"): each turns run records into the
 * text of one file. Channel-level aggregates only.
 */
import type { CommunityInfo, RunEdge, RunNode, RunResult, RunSummary } from "../../core/index.js";
import { csvField, csvLine } from "./csv.js";
import { Utf8Builder } from "./Utf8Builder.js";

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
export function toNodesCsv(nodes: RunNode[]): Uint8Array {
  const out = new Utf8Builder();
  out.push(csvLine(NODES_CSV_HEADER));
  for (const n of nodes) out.push(csvLine([n.id, n.label, n.community, n.size, n.game, n.language]));
  return out.finish();
}

/** edges.csv: each undirected edge once; shared and the two shares are empty when unknown (imported graphs). */
export function toEdgesCsv(edges: RunEdge[]): Uint8Array {
  // NOTE: the hot loop of a run's outputs (millions of edges): one template per row, no per-row arrays.
  const out = new Utf8Builder(edges.length * 48 + 64);
  out.push(csvLine(EDGES_CSV_HEADER));
  for (const e of edges) {
    out.push(`${csvField(e.source)},${csvField(e.target)},${csvField(e.weight)},${csvField(e.shared)},${csvField(e.shareSource)},${csvField(e.shareTarget)}\n`);
  }
  return out.finish();
}

export function toCommunitiesJson(communities: CommunityInfo[]): string {
  return JSON.stringify(communities, null, 2) + "\n";
}

export function toSummaryJson(summary: RunSummary): string {
  return JSON.stringify(summary, null, 2) + "\n";
}

const NODE_ATTRIBUTES: [name: string, type: "integer" | "double" | "string"][] = [
  ["community", "integer"],
  ["size", "double"],
  ["game", "string"],
  ["language", "string"],
  ["label", "string"],
];

/**
 * graph.gexf (GEXF 1.2) for Gephi: undirected, edge weights, node attributes community, size, game, language, label.
 * Written directly as text: graphology's writer took ~10 s for 300k edges. No viz:size, so `size` reads back as
 * the audience (Gephi sizes nodes by the attribute when asked).
 */
export function toGexf(run: Pick<RunResult, "nodes" | "edges">): Uint8Array {
  const out = new Utf8Builder(run.edges.length * 80 + run.nodes.length * 300 + 1024);
  pushGexfHead(out, run.nodes);
  // Ids are escaped once per node, not twice per edge.
  const escaped = new Map<string, string>();
  const id = (login: string) => {
    let x = escaped.get(login);
    if (x === undefined) escaped.set(login, (x = xmlAttr(login)));
    return x;
  };
  for (let e = 0; e < run.edges.length; e++) {
    const edge = run.edges[e];
    out.push(`      <edge id="${e}" source="${id(edge.source)}" target="${id(edge.target)}" weight="${edge.weight}"/>\n`);
  }
  out.push(GEXF_TAIL);
  return out.finish();
}

/** graph.gexf up to and including the opening <edges> tag (shared with gexfFromColumns). */
export function pushGexfHead(out: Utf8Builder, nodes: RunNode[]): void {
  out.push('<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://gexf.net/1.2" version="1.2">\n');
  out.push("  <meta><creator>ViewerAtlas</creator></meta>\n");
  out.push('  <graph defaultedgetype="undirected" mode="static">\n    <attributes class="node" mode="static">\n');
  for (const [name, type] of NODE_ATTRIBUTES) out.push(`      <attribute id="${name}" title="${name}" type="${type}"/>\n`);
  out.push("    </attributes>\n    <nodes>\n");
  for (const n of nodes) {
    const values = [n.community, n.size, n.game ?? "", n.language ?? "", n.label];
    let attvalues = "";
    for (let k = 0; k < values.length; k++) attvalues += `<attvalue for="${NODE_ATTRIBUTES[k][0]}" value="${xmlAttr(values[k])}"/>`;
    out.push(`      <node id="${xmlAttr(n.id)}" label="${xmlAttr(n.label)}"><attvalues>${attvalues}</attvalues></node>\n`);
  }
  out.push("    </nodes>\n    <edges>\n");
}

export const GEXF_TAIL = "    </edges>\n  </graph>\n</gexf>\n";

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text as an XML attribute value: markup escaped, characters XML 1.0 forbids dropped. */
export function xmlAttr(value: string | number): string {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "").replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}
