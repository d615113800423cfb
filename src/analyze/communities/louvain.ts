/**
 * Louvain community detection, for comparison with Leiden: graphology's implementation
 * (graphology-communities-louvain; Blondel, Guillaume, Lambiotte, Lefebvre 2008, "Fast unfolding of
 * communities in large networks", J. Stat. Mech. P10008), fed from the CSR graph.
 */
import { UndirectedGraph } from "graphology";
import louvainModule from "graphology-communities-louvain";
import { ConfigError, type Rng, createRng } from "../../core/index.js";
import type { CsrGraph } from "../graph/CsrGraph.js";
import { renumberByFirstOccurrence } from "./membership.js";

export interface LouvainOptions {
  resolution: number;
  rng: Rng;
}

export const LOUVAIN_DEFAULTS = { resolution: 1, seed: 42 };

export function resolveLouvainOptions(options: Partial<LouvainOptions> = {}): LouvainOptions {
  const resolution = options.resolution ?? LOUVAIN_DEFAULTS.resolution;
  if (!(Number.isFinite(resolution) && resolution > 0)) {
    throw new ConfigError(`louvain: resolution must be a number > 0, got ${resolution}`, [`resolution: ${resolution}`]);
  }
  return { resolution, rng: options.rng ?? createRng(LOUVAIN_DEFAULTS.seed) };
}

type GraphologyLouvain = (
  graph: UndirectedGraph,
  options: { resolution: number; rng: Rng; getEdgeWeight: string },
) => Record<string, number>;
// NOTE: the package is CommonJS behind an ESM-style .d.ts; at run time the default import is the function itself.
const louvainImpl = louvainModule as unknown as GraphologyLouvain;

// NOTE: consensus runs call Louvain many times on one graph; the graphology copy is built once per CSR graph.
const graphologyCopies = new WeakMap<CsrGraph, UndirectedGraph>();

function toGraphology(graph: CsrGraph): UndirectedGraph {
  let copy = graphologyCopies.get(graph);
  if (copy) return copy;
  copy = new UndirectedGraph();
  for (let u = 0; u < graph.n; u++) copy.addNode(String(u));
  for (let u = 0; u < graph.n; u++) {
    for (let i = graph.offsets[u]; i < graph.offsets[u + 1]; i++) {
      const v = graph.targets[i];
      if (u < v) copy.addEdge(String(u), String(v), { weight: graph.weights[i] });
    }
  }
  graphologyCopies.set(graph, copy);
  return copy;
}

/** Runs Louvain; returns the community per node, numbered 0..count-1 by first occurrence. */
export function louvain(graph: CsrGraph, options: Partial<LouvainOptions> = {}): { membership: Int32Array; count: number } {
  const o = resolveLouvainOptions(options);
  if (graph.n === 0) return { membership: new Int32Array(0), count: 0 };
  const communities = louvainImpl(toGraphology(graph), { resolution: o.resolution, rng: o.rng, getEdgeWeight: "weight" });
  const raw = new Int32Array(graph.n);
  for (let u = 0; u < graph.n; u++) raw[u] = communities[String(u)];
  return renumberByFirstOccurrence(raw);
}
