/**
 * What an analysis run produces, as records: the contract between analyze (which writes them),
 * render (which draws them) and web (which serves them). Channel-level aggregates only, never users.
 */

/** Community id of a channel in no community (isolated, or in a community below min size). */
export const UNASSIGNED = -1;

export interface RunNode {
  /** Channel login (lower case). */
  id: string;
  /** Display name, or the login. */
  label: string;
  /** Community id, or UNASSIGNED. */
  community: number;
  /** Audience: unique users (or the size given by an imported graph). */
  size: number;
  game: string | null;
  language: string | null;
}

export interface RunEdge {
  source: string;
  target: string;
  /** Weight under the run's weighting. */
  weight: number;
  /** Unique shared users, when known (presence runs; imported graphs give weight only). */
  shared: number | null;
  /** |A∩B| / |A| and |A∩B| / |B|, when sizes are known. */
  shareSource: number | null;
  shareTarget: number | null;
}

export interface Share {
  name: string;
  share: number;
}

export interface CommunityInfo {
  id: number;
  label: string;
  /** Number of channels. */
  size: number;
  /** Sum of member channels' audience. */
  audience: number;
  /** Dominant game and language with their shares of the community's channels. */
  topGames: Share[];
  topLanguages: Share[];
  /** Member logins by audience, largest first (at most 10). */
  topChannels: string[];
  /** With --consensus: how often members stayed together across seeds (0..1). */
  stability: number | null;
}

export interface StageTiming {
  stage: string;
  seconds: number;
  peakRssMb: number;
}

export interface RunSummary {
  runId: string;
  createdAt: string;
  engine: string;
  versions: Record<string, string>;
  /** Where the graph came from: the lake's presence, or an imported file. */
  input: { kind: "presence" | "edges" | "gexf"; description: string; since: string | null; until: string | null };
  parameters: Record<string, unknown>;
  counts: { channels: number; edges: number; users: number | null; rows: number | null; days: number | null };
  filters: Record<string, unknown>;
  timings: StageTiming[];
  algorithm: string;
  seed: number;
  resolution: number;
  modularity: number;
  communityCount: number;
  unassignedChannels: number;
}

/** A whole run as render and web read it. Positions come from render's layout, stored with the run. */
export interface RunResult {
  summary: RunSummary;
  nodes: RunNode[];
  edges: RunEdge[];
  communities: CommunityInfo[];
}
