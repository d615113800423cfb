/**
 * The web map's data bundle (web.json): the run's summary, communities with their colours, and nodes and edges
 * as compact arrays with the stored layout's positions, so the browser draws the same map as atlas.png.
 * The format is documented in docs/web-bundle.md; bump WEB_BUNDLE_VERSION on any change.
 */
import type { CommunityInfo, RunResult, RunSummary } from "../core/index.js";
import { ConfigError } from "../core/index.js";
import type { Layout } from "./layout.js";
import { communityColor, THEME_COLORS } from "./palette.js";

export const WEB_BUNDLE_VERSION = 1;

/** [id, label, community, size, x, y, game, language] */
export type BundleNode = [string, string, number, number, number, number, string | null, string | null];
/** [sourceIndex, targetIndex, weight, shared, shareSource, shareTarget] (indices into nodes) */
export type BundleEdge = [number, number, number, number | null, number | null, number | null];

export interface BundleCommunity extends CommunityInfo {
  /** Colour on the dark and the light theme (same as atlas.png). */
  color: string;
  colorLight: string;
}

export interface WebBundle {
  version: typeof WEB_BUNDLE_VERSION;
  summary: Pick<RunSummary, "runId" | "createdAt" | "input" | "counts" | "algorithm" | "seed" | "resolution" | "modularity" | "communityCount" | "unassignedChannels">;
  /** Colour of channels in no community (community -1), per theme. */
  unassignedColor: { dark: string; light: string };
  bounds: Layout["bounds"];
  communities: BundleCommunity[];
  nodes: BundleNode[];
  edges: BundleEdge[];
}

export function toWebBundle(run: RunResult, layout: Layout): WebBundle {
  if (layout.positions.length !== 2 * run.nodes.length) {
    throw new ConfigError(`bundle: layout has ${layout.positions.length / 2} positions for ${run.nodes.length} channels`);
  }
  const s = run.summary;
  const index = new Map<string, number>();
  const nodes: BundleNode[] = run.nodes.map((node, i) => {
    index.set(node.id, i);
    return [node.id, node.label, node.community, node.size, round(layout.positions[2 * i], 2), round(layout.positions[2 * i + 1], 2), node.game, node.language];
  });
  const edges: BundleEdge[] = [];
  for (const e of run.edges) {
    const a = index.get(e.source);
    const b = index.get(e.target);
    // Edges naming unknown channels cannot be drawn; the run's own edges.csv keeps them.
    if (a === undefined || b === undefined) continue;
    edges.push([a, b, e.weight, e.shared, e.shareSource === null ? null : round(e.shareSource, 4), e.shareTarget === null ? null : round(e.shareTarget, 4)]);
  }
  return {
    version: WEB_BUNDLE_VERSION,
    summary: {
      runId: s.runId,
      createdAt: s.createdAt,
      input: s.input,
      counts: s.counts,
      algorithm: s.algorithm,
      seed: s.seed,
      resolution: s.resolution,
      modularity: s.modularity,
      communityCount: s.communityCount,
      unassignedChannels: s.unassignedChannels,
    },
    unassignedColor: { dark: THEME_COLORS.dark.unassigned, light: THEME_COLORS.light.unassigned },
    bounds: layout.bounds,
    communities: run.communities.map((c) => ({ ...c, color: communityColor(c.id, "dark"), colorLight: communityColor(c.id, "light") })),
    nodes,
    edges,
  };
}

function round(x: number, digits: number): number {
  const p = 10 ** digits;
  return Math.round(x * p) / p;
}
