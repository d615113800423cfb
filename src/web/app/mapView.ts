/**
 * The map itself: a graphology graph of the run's bundle drawn by sigma (WebGL), positions and colours from the
 * bundle (no layout in the browser). Edges hide while the camera moves and labels show by zoom, so 5,000 nodes
 * and 100,000 edges stay fluid. Highlight and hidden communities act through sigma's node and edge reducers.
 */
import { UndirectedGraph } from "graphology";
import Sigma from "sigma";
import { EdgeLineProgram } from "sigma/rendering";
import type { NodeDisplayData, EdgeDisplayData } from "sigma/types";
import type { Settings } from "sigma/settings";
import type { BundleAdjacency } from "./adjacency.js";
import type { WebBundle } from "./bundleTypes.js";

export const MAP_DEFAULTS = {
  minNodeSize: 2,
  maxNodeSize: 16,
  /** Camera ratio bounds when flying to a channel (1 = whole map): it frames the channel's top neighbours. */
  minFocusRatio: 0.04,
  maxFocusRatio: 0.6,
  flyMs: 450,
  dimColor: "#2a2d36",
  edgeColor: premultiplied("#969baa", 0.1),
  /** Alpha of edges inside one community (drawn in its colour). */
  communityEdgeAlpha: 0.16,
  highlightEdgeColor: premultiplied("#e6e6f0", 0.28),
  labelColor: "#e8e8ec",
} as const;

interface NodeAttrs {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  community: number;
}

interface EdgeAttrs {
  s: number;
  t: number;
  size: number;
  color: string;
}

export interface MapCallbacks {
  onClickNode(index: number): void;
  onClickStage(): void;
}

export class AtlasMap {
  private sigma: Sigma<NodeAttrs, EdgeAttrs> | null = null;
  private readonly graph = new UndirectedGraph<NodeAttrs, EdgeAttrs>();
  private bundle: WebBundle | null = null;
  private adjacency: BundleAdjacency | null = null;
  /** 1 for nodes in the highlight (selected channel and its neighbours, or a community), when there is one. */
  private highlight: Uint8Array | null = null;
  private selectedIndex: number | null = null;
  private readonly hidden = new Set<number>();

  constructor(
    private readonly container: HTMLElement,
    private readonly callbacks: MapCallbacks,
  ) {}

  /** Draws a run's bundle, replacing what was drawn; resolves after its first frame. */
  load(bundle: WebBundle, adjacency: BundleAdjacency): Promise<void> {
    this.bundle = bundle;
    this.adjacency = adjacency;
    this.highlight = null;
    this.selectedIndex = null;
    this.hidden.clear();
    this.graph.clear();
    const colors = new Map(bundle.communities.map((c) => [c.id, c.color]));
    let maxSize = 1;
    for (const n of bundle.nodes) maxSize = Math.max(maxSize, n[3]);
    const { minNodeSize, maxNodeSize } = MAP_DEFAULTS;
    bundle.nodes.forEach(([, label, community, size, x, y], i) => {
      this.graph.addNode(String(i), {
        x,
        y,
        size: minNodeSize + (maxNodeSize - minNodeSize) * Math.sqrt(Math.max(0, size) / maxSize),
        color: colors.get(community) ?? bundle.unassignedColor.dark,
        label,
        community,
      });
    });
    let maxWeight = 1e-9;
    for (const e of bundle.edges) maxWeight = Math.max(maxWeight, e[2]);
    const edgeColors = new Map(bundle.communities.map((c) => [c.id, premultiplied(c.color, MAP_DEFAULTS.communityEdgeAlpha)]));
    const nodes = bundle.nodes;
    bundle.edges.forEach(([s, t, weight], k) => {
      if (s === t) return;
      const inside = nodes[s][2] === nodes[t][2] ? edgeColors.get(nodes[s][2]) : undefined;
      const attrs = { s, t, size: 0.4 + 1.6 * Math.sqrt(weight / maxWeight), color: inside ?? MAP_DEFAULTS.edgeColor };
      // The bundle lists each edge once; a repeated pair (a hand-made bundle) is drawn once rather than failing.
      if (!this.graph.hasEdge(String(s), String(t))) this.graph.addEdgeWithKey(String(k), String(s), String(t), attrs);
    });

    if (!this.sigma) {
      this.sigma = new Sigma(this.graph, this.container, this.settings());
      this.sigma.on("clickNode", ({ node }) => this.callbacks.onClickNode(Number(node)));
      this.sigma.on("clickStage", () => this.callbacks.onClickStage());
    }
    const sigma = this.sigma;
    const drawn = new Promise<void>((resolve) => sigma.once("afterRender", () => resolve()));
    sigma.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
    sigma.refresh();
    return drawn;
  }

  /**
   * Selects a channel (highlights it and its neighbours), or clears the selection with null. With `frame`, the
   * camera flies to the channel, zoomed to show those nodes (its top neighbours) around it.
   */
  select(index: number | null, frame: readonly number[] | null = []): void {
    this.selectedIndex = index;
    if (index === null || !this.adjacency || !this.bundle) {
      this.highlight = null;
    } else {
      this.highlight = new Uint8Array(this.bundle.nodes.length);
      this.highlight[index] = 1;
      for (let p = this.adjacency.offsets[index]; p < this.adjacency.offsets[index + 1]; p++) this.highlight[this.adjacency.neighbour[p]] = 1;
      if (frame) this.flyTo(index, frame);
    }
    this.sigma?.refresh({ skipIndexation: true });
  }

  /** Highlights one community's channels (null: none). */
  highlightCommunity(id: number | null): void {
    this.selectedIndex = null;
    if (id === null || !this.bundle) this.highlight = null;
    else {
      const h = new Uint8Array(this.bundle.nodes.length);
      this.bundle.nodes.forEach((n, i) => (h[i] = n[2] === id ? 1 : 0));
      this.highlight = h;
    }
    this.sigma?.refresh({ skipIndexation: true });
  }

  setCommunityHidden(id: number, hide: boolean): void {
    if (hide) this.hidden.add(id);
    else this.hidden.delete(id);
    this.sigma?.refresh({ skipIndexation: true });
  }

  hiddenCommunities(): number[] {
    return [...this.hidden].sort((a, b) => a - b);
  }

  /** Whether the map currently hides the node (its community is hidden). */
  isHidden(index: number): boolean {
    return this.bundle !== null && this.hidden.has(this.bundle.nodes[index][2]);
  }

  isHighlighted(index: number): boolean {
    return this.highlight === null || this.highlight[index] === 1;
  }

  flyTo(index: number, frame: readonly number[] = []): void {
    const sigma = this.sigma;
    const data = sigma?.getNodeDisplayData(String(index));
    if (!sigma || !data) return;
    // Display coordinates are normalised so that ratio 1 shows the whole map: the farthest framed node sets the zoom.
    let reach = 0;
    for (const j of frame) {
      const other = sigma.getNodeDisplayData(String(j));
      if (other) reach = Math.max(reach, Math.abs(other.x - data.x), Math.abs(other.y - data.y));
    }
    const ratio = Math.min(MAP_DEFAULTS.maxFocusRatio, Math.max(MAP_DEFAULTS.minFocusRatio, 2.4 * reach));
    void sigma.getCamera().animate({ x: data.x, y: data.y, ratio }, { duration: MAP_DEFAULTS.flyMs });
  }

  /** Keyboard camera: arrows pan, +/- zoom, 0 shows the whole map. Returns whether the key was used. */
  handleKey(key: string): boolean {
    const camera = this.sigma?.getCamera();
    if (!camera) return false;
    const state = camera.getState();
    const step = 0.1 * state.ratio;
    const moves: Record<string, () => void> = {
      ArrowLeft: () => camera.setState({ x: state.x - step }),
      ArrowRight: () => camera.setState({ x: state.x + step }),
      ArrowUp: () => camera.setState({ y: state.y + step }),
      ArrowDown: () => camera.setState({ y: state.y - step }),
      "+": () => void camera.animatedZoom({ duration: 200 }),
      "=": () => void camera.animatedZoom({ duration: 200 }),
      "-": () => void camera.animatedUnzoom({ duration: 200 }),
      "0": () => void camera.animatedReset({ duration: 300 }),
    };
    const move = moves[key];
    if (!move) return false;
    move();
    return true;
  }

  private settings(): Partial<Settings<NodeAttrs, EdgeAttrs>> {
    return {
      hideEdgesOnMove: true,
      hideLabelsOnMove: false,
      labelRenderedSizeThreshold: 7,
      labelDensity: 0.6,
      labelGridCellSize: 90,
      labelColor: { color: MAP_DEFAULTS.labelColor },
      labelFont: "system-ui, sans-serif",
      labelSize: 13,
      zIndex: true,
      minCameraRatio: 0.01,
      maxCameraRatio: 4,
      defaultDrawNodeHover: drawNodeHover,
      // NOTE: hairline edges (GL lines, 2 vertices) instead of quads (6): at 100,000 edges the draw is what costs.
      edgeProgramClasses: { line: EdgeLineProgram },
      nodeReducer: (key, data) => this.reduceNode(Number(key), data),
      edgeReducer: (_key, data) => this.reduceEdge(data),
    };
  }

  private reduceNode(index: number, data: NodeAttrs): Partial<NodeDisplayData> {
    if (this.hidden.has(data.community)) return { ...data, hidden: true };
    if (this.highlight === null) return data;
    if (this.highlight[index] !== 1) return { ...data, color: MAP_DEFAULTS.dimColor, label: null, zIndex: 0 };
    const selected = index === this.selectedIndex;
    return { ...data, zIndex: selected ? 2 : 1, highlighted: selected, forceLabel: selected };
  }

  private reduceEdge(data: EdgeAttrs): Partial<EdgeDisplayData> {
    const nodes = this.bundle!.nodes;
    if (this.hidden.size > 0 && (this.hidden.has(nodes[data.s][2]) || this.hidden.has(nodes[data.t][2]))) return { ...data, hidden: true };
    if (this.highlight === null) return data;
    const visible =
      this.selectedIndex !== null ? data.s === this.selectedIndex || data.t === this.selectedIndex : this.highlight[data.s] === 1 && this.highlight[data.t] === 1;
    return visible ? { ...data, color: MAP_DEFAULTS.highlightEdgeColor, zIndex: 1 } : { ...data, hidden: true };
  }
}

/**
 * A translucent colour with its channels pre-multiplied by alpha: sigma blends with (ONE, ONE_MINUS_SRC_ALPHA),
 * so a plain rgba() colour adds up to white where thousands of edges cross.
 */
export function premultiplied(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return `rgba(0, 0, 0, ${alpha})`;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => Math.round(parseInt(h, 16) * alpha));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** Sigma's hover label, on a dark box so it reads on the dark map. */
function drawNodeHover(context: CanvasRenderingContext2D, data: { x: number; y: number; size: number; label: string | null }, settings: Settings<NodeAttrs, EdgeAttrs>): void {
  const size = settings.labelSize;
  context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
  context.beginPath();
  context.arc(data.x, data.y, data.size + 3, 0, Math.PI * 2);
  context.fillStyle = "#ffffff";
  context.fill();
  if (!data.label) return;
  const width = context.measureText(data.label).width;
  const left = data.x + data.size + 5;
  context.fillStyle = "rgba(15, 17, 23, 0.92)";
  context.fillRect(left - 3, data.y - size / 2 - 4, width + 6, size + 8);
  context.fillStyle = MAP_DEFAULTS.labelColor;
  context.fillText(data.label, left, data.y + size / 3);
}
