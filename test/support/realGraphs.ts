/**
 * The six real channel-overlap graphs in ../shared/data, loaded as CSR for tests and benchmarks.
 * Headers vary in case (source/Source…); ids are kept as given; weights as given; undirected; duplicate
 * edges (in either direction) are summed by csrFromEdges. Nodes come from the edge list only.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type CsrGraph, csrFromEdges } from "../../src/analyze/graph/CsrGraph.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SHARED_DATA = path.resolve(REPO_ROOT, "../shared/data");

export interface RealGraphSpec {
  name: string;
  /** Edge list, relative to SHARED_DATA. */
  edges: string;
  /** Weighted modularity (resolution 1) of leidenalg 0.9.1, best of seeds 0..19 with n_iterations=-1. */
  leidenalgModularity: number;
}

export const REAL_GRAPHS: readonly RealGraphSpec[] = [
  { name: "twitchoverlap-2021-12", edges: "twitchoverlap/2021-12-edges.csv", leidenalgModularity: 0.7486 },
  { name: "twitchoverlap-2022-01", edges: "twitchoverlap/2022-01-edges.csv", leidenalgModularity: 0.7741 },
  { name: "twitchatlas-01.17.2021", edges: "twitchatlas/01.17.2021.13.37.23EDGELIST.csv", leidenalgModularity: 0.6791 },
  { name: "twitchatlas-02.03.2021", edges: "twitchatlas/02.03.2021.21.30.16EDGELIST.csv", leidenalgModularity: 0.7266 },
  { name: "twitchatlas-05.23.2021", edges: "twitchatlas/05.23.2021.16.00.49EDGELIST.csv", leidenalgModularity: 0.6335 },
  { name: "twitchatlas-10.05.2021", edges: "twitchatlas/10.05.2021.13.04EDGELIST.csv", leidenalgModularity: 0.6473 },
];

export interface RealGraph {
  name: string;
  ids: string[];
  graph: CsrGraph;
  edgeCount: number;
}

/** Reads an edge CSV (source,target,weight in any header case) into a CSR graph. */
export function loadEdgeCsv(file: string, name = path.basename(file)): RealGraph {
  const lines = readFileSync(file, "utf8").split(/\r?\n/);
  const header = lines[0].split(",").map((h) => h.trim().toLowerCase());
  const [si, ti, wi] = ["source", "target", "weight"].map((h) => header.indexOf(h));
  if (si < 0 || ti < 0 || wi < 0) throw new Error(`${file}: header needs source,target,weight, got ${lines[0]}`);
  const index = new Map<string, number>();
  const ids: string[] = [];
  const idOf = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = ids.length;
      index.set(id, i);
      ids.push(id);
    }
    return i;
  };
  const sources: number[] = [];
  const targets: number[] = [];
  const weights: number[] = [];
  for (let l = 1; l < lines.length; l++) {
    if (lines[l].trim() === "") continue;
    const cells = lines[l].split(",");
    const w = Number(cells[wi]);
    if (!Number.isFinite(w)) throw new Error(`${file}:${l + 1}: weight is not a number: ${cells[wi]}`);
    sources.push(idOf(cells[si].trim()));
    targets.push(idOf(cells[ti].trim()));
    weights.push(w);
  }
  return { name, ids, graph: csrFromEdges(ids.length, sources, targets, weights), edgeCount: sources.length };
}

export function loadRealGraph(spec: RealGraphSpec): RealGraph {
  return loadEdgeCsv(path.join(SHARED_DATA, spec.edges), spec.name);
}
