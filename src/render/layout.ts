/**
 * ForceAtlas2 layout of a run (Jacomy, Venturini, Heymann, Bastian, "ForceAtlas2, a continuous graph layout
 * algorithm for handy network visualization", PLoS ONE 2014), through graphology-layout-forceatlas2, run
 * synchronously in-process so a seed gives the same map every time. Computed once per run and stored with it
 * (`layout.json`), so the static image and the web map agree.
 */
import { UndirectedGraph } from "graphology";
import forceAtlas2Module from "graphology-layout-forceatlas2";
import { ConfigError, createRng, InputError, type RunResult } from "../core/index.js";

// NOTE: a CommonJS package whose typings declare `export default`; under NodeNext the default import is
// module.exports itself, which is the layout function.
const forceAtlas2 = forceAtlas2Module as unknown as typeof forceAtlas2Module.default;

export interface LayoutOptions {
  seed: number;
  /** Iterations for a graph of up to `iterationsFullUpTo` nodes; fewer beyond it (see resolveIterations). */
  iterations: number;
  iterationsFullUpTo: number;
  linLog: boolean;
  /** 0: ignore weights, 1: attraction proportional to weight (weights are normalised to mean 1 first). */
  edgeWeightInfluence: number;
  /** Repulsion scale; null picks 10 (linear) or 0.05 (LinLog, whose attraction grows only with log distance). */
  scalingRatio: number | null;
  gravity: number;
  strongGravity: boolean;
  /** Barnes-Hut approximation of repulsion above this many nodes. */
  barnesHutAbove: number;
  barnesHutTheta: number;
}

export const DEFAULT_LAYOUT_OPTIONS: LayoutOptions = {
  seed: 1,
  iterations: 500,
  iterationsFullUpTo: 5_000,
  linLog: false,
  edgeWeightInfluence: 1,
  // Strong gravity keeps small components and leaves close and the map round; a high scaling ratio spreads
  // communities apart (graphology's inferSettings uses the same pair).
  scalingRatio: null,
  gravity: 0.05,
  strongGravity: true,
  barnesHutAbove: 500,
  barnesHutTheta: 0.6,
};

/** The FA2 settings actually used, stored in layout.json so a layout can be explained and repeated. */
export interface LayoutSettings {
  linLogMode: boolean;
  edgeWeightInfluence: number;
  scalingRatio: number;
  gravity: number;
  strongGravityMode: boolean;
  slowDown: number;
  barnesHutOptimize: boolean;
  barnesHutTheta: number;
}

/** Node positions in run.nodes order: x of node i at positions[2i], y at positions[2i+1]. */
export interface Layout {
  seed: number;
  iterations: number;
  settings: LayoutSettings;
  ids: string[];
  positions: Float32Array;
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
}

export function resolveLayoutOptions(options: Partial<LayoutOptions> = {}): LayoutOptions {
  const resolved = { ...DEFAULT_LAYOUT_OPTIONS, ...stripUndefined(options) };
  if (!Number.isInteger(resolved.iterations) || resolved.iterations < 1) throw new ConfigError(`layout: iterations must be a positive integer, got ${resolved.iterations}`);
  if (!(resolved.edgeWeightInfluence >= 0)) throw new ConfigError(`layout: edgeWeightInfluence must be >= 0, got ${resolved.edgeWeightInfluence}`);
  if (resolved.scalingRatio === null) resolved.scalingRatio = resolved.linLog ? 0.05 : 10;
  if (!(resolved.scalingRatio > 0) || !(resolved.gravity >= 0)) throw new ConfigError("layout: scalingRatio must be > 0 and gravity >= 0");
  return resolved;
}

/**
 * Iterations for n nodes: the full count up to `iterationsFullUpTo` nodes, then scaled by sqrt(full/n) (at
 * least a quarter) so 100k channels stay within minutes; Barnes-Hut makes each iteration O(n log n + m).
 */
export function resolveIterations(nodeCount: number, options: LayoutOptions): number {
  if (nodeCount <= options.iterationsFullUpTo) return options.iterations;
  const scaled = Math.round(options.iterations * Math.sqrt(options.iterationsFullUpTo / nodeCount));
  return Math.max(Math.ceil(options.iterations / 4), scaled);
}

export function computeLayout(run: RunResult, options: Partial<LayoutOptions> = {}): Layout {
  const o = resolveLayoutOptions(options);
  const n = run.nodes.length;
  const ids = run.nodes.map((node) => node.id);
  const positions = new Float32Array(2 * n);
  const iterations = resolveIterations(n, o);
  const settings: LayoutSettings = {
    linLogMode: o.linLog,
    edgeWeightInfluence: o.edgeWeightInfluence,
    scalingRatio: o.scalingRatio!,
    gravity: o.gravity,
    strongGravityMode: o.strongGravity,
    slowDown: 1 + Math.log(Math.max(n, 1)),
    barnesHutOptimize: n > o.barnesHutAbove,
    barnesHutTheta: o.barnesHutTheta,
  };
  if (n === 0) return { seed: o.seed, iterations: 0, settings, ids, positions, bounds: { minX: 0, minY: 0, maxX: 0, maxY: 0 } };

  const graph = buildGraph(run, o.seed);
  if (graph.size > 0) {
    forceAtlas2.assign(graph, { iterations, settings, getEdgeWeight: "weight" });
  }
  let i = 0;
  // Rounded as layout.json stores them, so a re-render from the stored layout draws the same picture.
  graph.forEachNode((_node, attr) => {
    positions[2 * i] = round2(attr.x);
    positions[2 * i + 1] = round2(attr.y);
    i++;
  });
  return { seed: o.seed, iterations, settings, ids, positions, bounds: boundsOf(positions) };
}

/**
 * The graphology graph FA2 runs on, built once: nodes in run order at seeded random positions in a disc,
 * edges with weights normalised to mean 1 (raw shared-chatter counts run to millions and would swamp repulsion).
 */
function buildGraph(run: RunResult, seed: number): UndirectedGraph {
  const rng = createRng(seed);
  const graph = new UndirectedGraph({ allowSelfLoops: false });
  const radius = Math.sqrt(run.nodes.length) * 10;
  for (const node of run.nodes) {
    if (graph.hasNode(node.id)) throw new InputError(`layout: duplicate node id "${node.id}"`);
    const angle = rng() * 2 * Math.PI;
    const r = radius * Math.sqrt(rng());
    graph.addNode(node.id, { x: r * Math.cos(angle), y: r * Math.sin(angle) });
  }
  let total = 0;
  let counted = 0;
  for (const edge of run.edges) {
    if (edge.weight > 0 && Number.isFinite(edge.weight)) {
      total += edge.weight;
      counted++;
    }
  }
  const mean = counted > 0 ? total / counted : 1;
  for (const edge of run.edges) {
    if (!(edge.weight > 0) || !Number.isFinite(edge.weight) || edge.source === edge.target) continue;
    if (!graph.hasNode(edge.source) || !graph.hasNode(edge.target)) {
      throw new InputError(`layout: edge ${edge.source} - ${edge.target} names a channel that is not a node`);
    }
    const weight = edge.weight / mean;
    const existing = graph.edge(edge.source, edge.target);
    if (existing !== undefined) graph.updateEdgeAttribute(existing, "weight", (w: number | undefined) => (w ?? 0) + weight);
    else graph.addEdge(edge.source, edge.target, { weight });
  }
  return graph;
}

function boundsOf(positions: Float32Array): Layout["bounds"] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < positions.length; i += 2) {
    minX = Math.min(minX, positions[i]);
    maxX = Math.max(maxX, positions[i]);
    minY = Math.min(minY, positions[i + 1]);
    maxY = Math.max(maxY, positions[i + 1]);
  }
  return { minX, minY, maxX, maxY };
}

/** layout.json: settings plus one [x, y] per channel login (rounded to 0.01), readable and diffable. */
export interface LayoutJson {
  version: 1;
  seed: number;
  iterations: number;
  settings: LayoutSettings;
  positions: Record<string, [number, number]>;
}

export function toLayoutJson(layout: Layout): LayoutJson {
  const positions: Record<string, [number, number]> = {};
  layout.ids.forEach((id, i) => {
    positions[id] = [round2(layout.positions[2 * i]), round2(layout.positions[2 * i + 1])];
  });
  return { version: 1, seed: layout.seed, iterations: layout.iterations, settings: layout.settings, positions };
}

/**
 * Reads layout.json back, in the order of `run.nodes`. A channel the stored layout does not know (or a file that
 * is not a layout) is an InputError: the caller recomputes rather than drawing a partial map.
 */
export function fromLayoutJson(json: unknown, run: RunResult): Layout {
  const data = json as Partial<LayoutJson> | null;
  if (!data || typeof data !== "object" || data.version !== 1 || typeof data.positions !== "object" || data.positions === null) {
    throw new InputError("layout: layout.json is not a version 1 layout (expected { version: 1, positions: {…} })");
  }
  const ids = run.nodes.map((node) => node.id);
  const positions = new Float32Array(2 * ids.length);
  ids.forEach((id, i) => {
    const xy = Object.prototype.hasOwnProperty.call(data.positions, id) ? data.positions![id] : undefined;
    if (!Array.isArray(xy) || xy.length !== 2 || !Number.isFinite(xy[0]) || !Number.isFinite(xy[1])) {
      throw new InputError(`layout: layout.json has no valid position for channel "${id}"`);
    }
    positions[2 * i] = xy[0];
    positions[2 * i + 1] = xy[1];
  });
  return {
    seed: Number(data.seed ?? 0),
    iterations: Number(data.iterations ?? 0),
    settings: data.settings as LayoutSettings,
    ids,
    positions,
    bounds: ids.length ? boundsOf(positions) : { minX: 0, minY: 0, maxX: 0, maxY: 0 },
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
