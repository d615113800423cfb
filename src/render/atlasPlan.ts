/**
 * The geometry of the static map, computed before any SVG is written so tests can check it: the frame
 * (map area, legend column, caption), node positions and radii in pixels, the edges worth drawing, and
 * the labels placed without overlap.
 */
import { ConfigError, type RunResult } from "../core/index.js";
import { type Box, placeLabels, type PlacedLabel } from "./labels.js";
import type { Layout } from "./layout.js";
import type { ThemeName } from "./palette.js";

export interface AtlasOptions {
  /** Width and height of the square image, px. */
  imagePx: number;
  theme: ThemeName;
  /** Labels for the largest channels of each community. */
  labelsPerCommunity: number;
  /** Labels for the largest channels overall, whatever their community. */
  labelsOverall: number;
  /** Edges drawn at most; above it each node keeps its `edgesPerNode` strongest, then the strongest overall. */
  maxEdges: number;
  edgesPerNode: number;
  /** Multiplies node radii. */
  nodeScale: number;
  /** Communities listed in the legend at most (largest first); the rest are summed in one line. */
  legendRows: number;
  title: string;
}

export const DEFAULT_ATLAS_OPTIONS: AtlasOptions = {
  imagePx: 4000,
  theme: "dark",
  labelsPerCommunity: 5,
  labelsOverall: 30,
  maxEdges: 30_000,
  edgesPerNode: 6,
  nodeScale: 1,
  legendRows: 40,
  title: "ViewerAtlas",
};

export function resolveAtlasOptions(options: Partial<AtlasOptions> = {}): AtlasOptions {
  const o = { ...DEFAULT_ATLAS_OPTIONS };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (o as Record<string, unknown>)[k] = v;
  if (!Number.isInteger(o.imagePx) || o.imagePx < 256 || o.imagePx > 20_000) throw new ConfigError(`render: imagePx must be an integer in 256..20000, got ${o.imagePx}`);
  if (o.theme !== "dark" && o.theme !== "light") throw new ConfigError(`render: theme must be dark or light, got ${String(o.theme)}`);
  for (const key of ["labelsPerCommunity", "labelsOverall", "maxEdges", "edgesPerNode", "legendRows"] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 0) throw new ConfigError(`render: ${key} must be a non-negative integer, got ${o[key]}`);
  }
  if (!(o.nodeScale > 0)) throw new ConfigError(`render: nodeScale must be > 0, got ${o.nodeScale}`);
  return o;
}

export interface AtlasFrame {
  size: number;
  /** One thousandth of the image side: every length below is a multiple of it. */
  unit: number;
  map: Box;
  legend: Box;
  caption: Box;
}

export interface AtlasPlan {
  options: AtlasOptions;
  frame: AtlasFrame;
  /** Pixel x, y and radius per node, in run.nodes order. */
  x: Float32Array;
  y: Float32Array;
  radius: Float32Array;
  /** Node indices from smallest to largest: the drawing order, so large nodes stay on top. */
  drawOrder: Int32Array;
  /** Edges drawn, as indices into run.edges, with their weight class 0 (faintest) .. 2 (strongest). */
  edgeIndex: Int32Array;
  edgeClass: Uint8Array;
  edgeSource: Int32Array;
  edgeTarget: Int32Array;
  labels: PlacedLabel[];
}

export function planAtlas(run: RunResult, layout: Layout, options: Partial<AtlasOptions> = {}): AtlasPlan {
  const o = resolveAtlasOptions(options);
  const n = run.nodes.length;
  if (layout.positions.length !== 2 * n) throw new ConfigError(`render: layout has ${layout.positions.length / 2} positions for ${n} channels`);
  const frame = frameFor(o.imagePx);
  const u = frame.unit;

  let maxSize = 0;
  for (const node of run.nodes) maxSize = Math.max(maxSize, node.size > 0 ? node.size : 0);
  // Radius by sqrt(audience) so area follows audience; the smallest stay visible as dots.
  const rMin = 1.1 * u * o.nodeScale;
  const rMax = (n > 20_000 ? 10 : 15) * u * o.nodeScale;
  const radius = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const s = run.nodes[i].size > 0 && maxSize > 0 ? Math.sqrt(run.nodes[i].size / maxSize) : 0;
    radius[i] = rMin + (rMax - rMin) * s;
  }

  const { minX, minY, maxX, maxY } = layout.bounds;
  const pad = rMax;
  const areaW = frame.map.x1 - frame.map.x0 - 2 * pad;
  const areaH = frame.map.y1 - frame.map.y0 - 2 * pad;
  const spanX = Math.max(maxX - minX, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  const scale = n > 1 ? Math.min(areaW / spanX, areaH / spanY) : 0;
  const cx = (frame.map.x0 + frame.map.x1) / 2;
  const cy = (frame.map.y0 + frame.map.y1) / 2;
  const midX = (minX + maxX) / 2;
  const midY = (minY + maxY) / 2;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = cx + (layout.positions[2 * i] - midX) * scale;
    // Screen y grows downwards; flip so the picture matches the web map's orientation (y up).
    y[i] = cy - (layout.positions[2 * i + 1] - midY) * scale;
  }

  const drawOrder = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => radius[a] - radius[b] || a - b);
  const edges = selectEdges(run, o);
  const labels = placeLabels(run, { x, y, radius }, { frame, labelsPerCommunity: o.labelsPerCommunity, labelsOverall: o.labelsOverall, maxSize });
  return { options: o, frame, x, y, radius, drawOrder, ...edges, labels };
}

function frameFor(size: number): AtlasFrame {
  const u = size / 1000;
  const margin = 18 * u;
  const legendWidth = 190 * u;
  const captionHeight = 34 * u;
  return {
    size,
    unit: u,
    map: { x0: margin, y0: margin + 22 * u, x1: size - margin - legendWidth - 10 * u, y1: size - margin - captionHeight },
    legend: { x0: size - margin - legendWidth, y0: margin, x1: size - margin, y1: size - margin - captionHeight },
    caption: { x0: margin, y0: size - margin - captionHeight + 6 * u, x1: size - margin, y1: size - margin },
  };
}

/**
 * The edges worth drawing. All of them up to `maxEdges`; above it, each node's `edgesPerNode` strongest edges
 * (so every node keeps its ties), then the strongest remaining until `maxEdges`. Weight classes are terciles
 * of the drawn weights' ranks: 50 %, 40 % and the top 10 %.
 */
function selectEdges(run: RunResult, o: AtlasOptions) {
  const index = new Map<string, number>();
  run.nodes.forEach((node, i) => index.set(node.id, i));
  const valid: number[] = [];
  const source = new Int32Array(run.edges.length);
  const target = new Int32Array(run.edges.length);
  run.edges.forEach((e, i) => {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined || s === t || !(e.weight > 0)) return;
    source[i] = s;
    target[i] = t;
    valid.push(i);
  });
  valid.sort((a, b) => run.edges[b].weight - run.edges[a].weight || a - b);
  let chosen: number[];
  if (valid.length <= o.maxEdges) chosen = valid;
  else {
    const taken = new Uint8Array(run.edges.length);
    const perNode = new Int32Array(run.nodes.length);
    chosen = [];
    for (const i of valid) {
      if (chosen.length >= o.maxEdges) break;
      if (perNode[source[i]] < o.edgesPerNode || perNode[target[i]] < o.edgesPerNode) {
        perNode[source[i]]++;
        perNode[target[i]]++;
        taken[i] = 1;
        chosen.push(i);
      }
    }
    for (const i of valid) {
      if (chosen.length >= o.maxEdges) break;
      if (!taken[i]) chosen.push(i);
    }
    chosen.sort((a, b) => run.edges[b].weight - run.edges[a].weight || a - b);
  }
  const m = chosen.length;
  const edgeIndex = Int32Array.from(chosen);
  const edgeClass = new Uint8Array(m);
  const edgeSource = new Int32Array(m);
  const edgeTarget = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    // chosen is strongest first: rank k / m < 0.1 is the top tenth.
    const q = k / m;
    edgeClass[k] = q < 0.1 ? 2 : q < 0.5 ? 1 : 0;
    edgeSource[k] = source[chosen[k]];
    edgeTarget[k] = target[chosen[k]];
  }
  return { edgeIndex, edgeClass, edgeSource, edgeTarget };
}
