/**
 * The run's edges as the overlap graph holds them (typed arrays + channel logins), and the two large run files
 * written straight from them. At 5,000 channels (threshold 1, ~1.8M edges) building one RunEdge object per edge
 * and then formatting edges.csv and graph.gexf from those objects cost about as much as all analysis stages
 * together (GC, one Buffer.write per row); these writers make neither objects nor per-row writes. Their bytes are
 * the same as toEdgesCsv / toGexf over `runEdgesFromColumns` (outputs test checks both).
 */
import type { RunEdge, RunNode } from "../../core/index.js";
import type { OverlapGraph } from "../types.js";
import { csvField, csvLine } from "./csv.js";
import { EDGES_CSV_HEADER, GEXF_TAIL, pushGexfHead, xmlAttr } from "./runFiles.js";
import { Utf8Builder } from "./Utf8Builder.js";

export interface EdgeColumns {
  /** Channel login by node index. */
  logins: string[];
  /** Audience by node index (0 = unknown: no shares). */
  sizes: Float64Array;
  source: Int32Array;
  target: Int32Array;
  weight: Float64Array;
  /** Shared users; NaN when unknown (imported graphs). */
  shared: Float64Array;
}

export function edgeColumnsOf(overlap: OverlapGraph): EdgeColumns {
  return { logins: overlap.channels.map((c) => c.login), sizes: overlap.sizes, ...overlap.edges };
}

/** |A∩B| / |A| to 6 digits, or null when either is unknown. */
export function shareOf(shared: number, size: number): number | null {
  if (Number.isNaN(shared) || !(size > 0)) return null;
  return Math.round((shared / size) * 1e6) / 1e6;
}

export function runEdgesFromColumns(c: EdgeColumns): RunEdge[] {
  const { logins, sizes, source, target, weight, shared } = c;
  const edges: RunEdge[] = new Array(source.length);
  for (let e = 0; e < source.length; e++) {
    const s = source[e];
    const t = target[e];
    const known = !Number.isNaN(shared[e]);
    edges[e] = {
      source: logins[s],
      target: logins[t],
      weight: weight[e],
      shared: known ? shared[e] : null,
      shareSource: shareOf(shared[e], sizes[s]),
      shareTarget: shareOf(shared[e], sizes[t]),
    };
  }
  return edges;
}

/** edges.csv from columns; same bytes as toEdgesCsv(runEdgesFromColumns(c)). */
export function edgesCsvFromColumns(c: EdgeColumns): Uint8Array {
  const { sizes, source, target, weight, shared } = c;
  const ids = c.logins.map((login) => csvField(login));
  const out = new Utf8Builder(source.length * 48 + 64);
  out.push(csvLine(EDGES_CSV_HEADER));
  for (let e = 0; e < source.length; e++) {
    const s = source[e];
    const t = target[e];
    const x = shared[e];
    out.push(`${ids[s]},${ids[t]},${csvField(weight[e])},${csvField(x)},${csvField(shareOf(x, sizes[s]))},${csvField(shareOf(x, sizes[t]))}\n`);
  }
  return out.finish();
}

/** graph.gexf from nodes and columns; same bytes as toGexf({ nodes, edges: runEdgesFromColumns(c) }). */
export function gexfFromColumns(nodes: RunNode[], c: EdgeColumns): Uint8Array {
  const { source, target, weight } = c;
  const ids = c.logins.map((login) => xmlAttr(login));
  const out = new Utf8Builder(source.length * 80 + nodes.length * 300 + 1024);
  pushGexfHead(out, nodes);
  for (let e = 0; e < source.length; e++) {
    out.push(`      <edge id="${e}" source="${ids[source[e]]}" target="${ids[target[e]]}" weight="${weight[e]}"/>\n`);
  }
  out.push(GEXF_TAIL);
  return out.finish();
}
